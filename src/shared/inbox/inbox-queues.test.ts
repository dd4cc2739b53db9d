import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineInboxQueues, FINAL_GROUPS, queueRolesOf } from './inbox-queues.js';

const pairs = (states: Array<{ workflowId: string; state: string }> | undefined) =>
  (states ?? []).map((item) => `${item.workflowId}:${item.state}`).sort();

test('очереди выводятся из процессов: кто что берёт и что согласует', () => {
  const im = defineInboxQueues(['coordinator_im']);
  assert.ok(pairs(im.new.states).includes('im:new'));
  assert.ok(!pairs(im.new.states).includes('pos:moderation'), 'ответственный за ИМ не модерирует ПОС');
  assert.deepEqual(pairs(im.approval.states), ['im:answer_review']);
  assert.deepEqual(pairs(defineInboxQueues(['coordinator_pos']).approval.states), ['pos:answer_review']);
  assert.deepEqual(pairs(defineInboxQueues(['cur_curator']).approval.states), ['im:cur_review', 'pos:cur_review']);
  assert.deepEqual(pairs(defineInboxQueues(['executor']).approval.states), [], 'исполнитель не согласует');
  assert.ok(pairs(im.awaiting_resident.states).includes('im:awaiting_resident'));
  assert.ok(pairs(im.awaiting_resident.states).includes('message:awaiting_info'));
  assert.equal(im.returned.isReturned, true);
  assert.equal(im.mine.person, 'executor_or_taker');
  assert.deepEqual([...FINAL_GROUPS].sort(), ['closed', 'rejected']);
});

test('роль без действий в процессах видит очереди всех ролей МЦУ (только чтение)', () => {
  const roles = queueRolesOf(['admin']);
  assert.ok(roles.includes('coordinator_im') && roles.includes('manager'));
  assert.deepEqual(queueRolesOf(['coordinator_im', 'admin']), ['coordinator_im']);
});
