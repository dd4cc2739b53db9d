import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startPageFor, toSafeRedirect } from './safe-redirect.js';

test('after signing in the user returns to the page they were sent away from', () => {
  assert.equal(toSafeRedirect('/cases?status=new&isOverdue=true'), '/cases?status=new&isOverdue=true');
  assert.equal(toSafeRedirect('/profile'), '/profile');
});

test('a redirect out of the app or back to the sign-in page leads to the start page instead', () => {
  for (const target of [undefined, '', 'https://evil.example/', '//evil.example/', '/\\evil.example', '/login']) {
    assert.equal(toSafeRedirect(target), '/', String(target));
  }
});

test('those who work the queues start on «Входящие»; the head and the ЦУР curator on the overview', () => {
  for (const role of ['manager', 'coordinator_im', 'block_member', 'executor', 'admin'] as const) {
    assert.equal(startPageFor([role]), '/inbox', role);
  }
  assert.equal(startPageFor(['head']), '/overview');
  assert.equal(startPageFor(['cur_curator']), '/overview');
  assert.equal(startPageFor(['head', 'block_member']), '/inbox', 'any working role wins');
  assert.equal(startPageFor([]), '/overview');
});
