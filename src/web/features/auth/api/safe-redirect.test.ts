import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toSafeRedirect } from './safe-redirect.js';

test('after signing in the user returns to the page they were sent away from', () => {
  assert.equal(toSafeRedirect('/cases?status=new&isOverdue=true'), '/cases?status=new&isOverdue=true');
  assert.equal(toSafeRedirect('/profile'), '/profile');
});

test('a redirect out of the app or back to the sign-in page leads to the overview instead', () => {
  for (const target of [undefined, '', 'https://evil.example/', '//evil.example/', '/\\evil.example', '/login']) {
    assert.equal(toSafeRedirect(target), '/', String(target));
  }
});
