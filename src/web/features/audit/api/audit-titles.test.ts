import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeAuditAction, describeObjectType, listKnownAuditActions } from './audit-titles.js';

test('audit codes are named in Russian, and an unknown code is shown as it is', () => {
  assert.equal(describeAuditAction('person.created'), 'Сотрудник: создание');
  assert.equal(describeAuditAction('auth.login_failed'), 'Неудачная попытка входа');
  assert.equal(describeAuditAction('roadmap.approved'), 'roadmap.approved');
  assert.equal(describeAuditAction('created'), 'created');
  assert.equal(describeObjectType('recipient'), 'Получатель');
  assert.equal(describeObjectType('roadmap'), 'roadmap');
  assert.equal(describeObjectType(null), '—');
});

test('every suggested action has a Russian name', () => {
  for (const option of listKnownAuditActions()) {
    assert.notEqual(describeAuditAction(option.value), option.value, option.value);
  }
});
