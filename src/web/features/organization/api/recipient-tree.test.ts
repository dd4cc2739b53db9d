import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Recipient, RecipientKind } from '../../../../shared/contracts/organization.contract.js';
import {
  buildRecipientTree,
  collectParentIds,
  collectSubtreeIds,
  type RecipientNode,
  toRecipientTreeOptions,
} from './recipient-tree.js';

const TENANT_ID = '00000000-0000-4000-8000-000000000000';

function buildRecipient(id: string, kind: RecipientKind, name: string, parentId: string | null = null): Recipient {
  return { id, tenantId: TENANT_ID, parentId, kind, name, shortName: null, isActive: true, peopleCount: 0 };
}

function names(nodes: readonly RecipientNode[]): unknown[] {
  return nodes.map((node) => (node.children ? [node.name, names(node.children)] : node.name));
}

test('recipients form a tree under the administration, by kind and then by name', () => {
  const tree = buildRecipientTree([
    buildRecipient('s', 'settlement', 'Посёлок Лесной', 'a'),
    buildRecipient('d2', 'department', 'Управление ЖКХ', 'a'),
    buildRecipient('i', 'institution', 'МБУ «Благоустройство»', 'd2'),
    buildRecipient('a', 'administration', 'Администрация'),
    buildRecipient('d1', 'department', 'Комитет образования', 'a'),
  ]);
  assert.deepEqual(names(tree), [
    ['Администрация', ['Комитет образования', ['Управление ЖКХ', ['МБУ «Благоустройство»']], 'Посёлок Лесной']],
  ]);
  assert.deepEqual(collectParentIds(tree), ['a', 'd2']);
  assert.deepEqual([...collectSubtreeIds(tree, 'd2')].sort(), ['d2', 'i']);
});

test('a recipient whose parent is missing or in a cycle is still shown', () => {
  const tree = buildRecipientTree([
    buildRecipient('o', 'department', 'Отдел без родителя', 'gone'),
    buildRecipient('x', 'department', 'Икс', 'y'),
    buildRecipient('y', 'department', 'Игрек', 'x'),
  ]);
  const shown = new Set<string>();
  const walk = (nodes: readonly RecipientNode[]) => {
    for (const node of nodes) {
      shown.add(node.id);
      walk(node.children ?? []);
    }
  };
  walk(tree);
  assert.deepEqual([...shown].sort(), ['o', 'x', 'y']);
});

test('the parent picker cannot offer the recipient itself, its subordinates or an inactive one', () => {
  const inactive = { ...buildRecipient('old', 'department', 'Упразднённый отдел', 'a'), isActive: false };
  const tree = buildRecipientTree([
    buildRecipient('a', 'administration', 'Администрация'),
    buildRecipient('d', 'department', 'Отдел', 'a'),
    inactive,
  ]);
  const options = toRecipientTreeOptions(tree, collectSubtreeIds(tree, 'd'));
  assert.deepEqual(options, [
    {
      value: 'a',
      title: 'Администрация',
      children: [
        { value: 'd', title: 'Отдел', disabled: true },
        { value: 'old', title: 'Упразднённый отдел (отключён)', disabled: true },
      ],
    },
  ]);
});

test('a filter may pick an inactive recipient', () => {
  const tree = buildRecipientTree([{ ...buildRecipient('old', 'department', 'Упразднённый отдел'), isActive: false }]);
  assert.deepEqual(toRecipientTreeOptions(tree, new Set(), true), [
    { value: 'old', title: 'Упразднённый отдел (отключён)' },
  ]);
});
