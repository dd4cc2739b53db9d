import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeUnreadCount, parseUnreadCountEvent } from './unread-count-stream.js';

test('событие счётчика: число из data; мусор — undefined', () => {
  assert.equal(parseUnreadCountEvent('{"unreadCount":3}'), 3);
  assert.equal(parseUnreadCountEvent('{"unreadCount":0}'), 0);
  assert.equal(parseUnreadCountEvent('{"unreadCount":-1}'), undefined);
  assert.equal(parseUnreadCountEvent('{"unreadCount":"3"}'), undefined);
  assert.equal(parseUnreadCountEvent('не json'), undefined);
  assert.equal(parseUnreadCountEvent(undefined), undefined);
});

test('подпись колокольчика для экранного диктора', () => {
  assert.equal(describeUnreadCount(0), 'Непрочитанных уведомлений нет');
  assert.equal(describeUnreadCount(7), 'Непрочитанных уведомлений: 7');
  assert.equal(describeUnreadCount(150), 'Непрочитанных уведомлений: больше 99');
});
