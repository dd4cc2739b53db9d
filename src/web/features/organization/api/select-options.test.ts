import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Person } from '../../../../shared/contracts/organization.contract.js';
import { listAssignableRoles, toPersonOptions } from './select-options.js';

function buildPerson(id: string, fullName: string, isActive = true): Person {
  return {
    id,
    tenantId: '00000000-0000-4000-8000-000000000000',
    fullName,
    position: null,
    email: null,
    phone: null,
    recipientId: null,
    recipientName: null,
    login: null,
    roles: [],
    blockIds: [],
    isActive,
    hasActed: false,
    lastLoginAt: null,
  };
}

test('a municipality offers its roles and not the region curator; a region only the region roles', () => {
  const municipal = listAssignableRoles('municipality');
  assert.ok(municipal.includes('executor') && municipal.includes('head') && municipal.includes('admin'));
  assert.ok(!municipal.includes('cur_curator'));
  assert.deepEqual(listAssignableRoles('region').sort(), ['cur_curator', 'sysadmin']);
});

test('people are offered by name; an inactive one only when already chosen, and not for picking anew', () => {
  const people = [
    buildPerson('b', 'Петров П. П.'),
    buildPerson('a', 'Андреева А. А.'),
    buildPerson('c', 'Сидоров С. С.', false),
  ];
  assert.deepEqual(
    toPersonOptions(people).map((option) => option.value),
    ['a', 'b'],
  );
  const kept = toPersonOptions(people, ['c']).find((option) => option.value === 'c');
  assert.deepEqual(kept, { value: 'c', label: 'Сидоров С. С. (отключён)', position: null, disabled: true });
});
