import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeUnreadCount, parseUnreadCountEvent, reconnectDelayMs } from './unread-count-stream.js';

test('событие счётчика: число из data; мусор — undefined', () => {
  assert.equal(parseUnreadCountEvent('{"unreadCount":3}'), 3);
  assert.equal(parseUnreadCountEvent('{"unreadCount":0}'), 0);
  assert.equal(parseUnreadCountEvent('{"unreadCount":-1}'), undefined);
  assert.equal(parseUnreadCountEvent('{"unreadCount":"3"}'), undefined);
  assert.equal(parseUnreadCountEvent('не json'), undefined);
  assert.equal(parseUnreadCountEvent(undefined), undefined);
});

test('переподключение: всё реже, не реже раза в минуту', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 10].map((failures) => reconnectDelayMs(failures)),
    [2_000, 5_000, 15_000, 30_000, 60_000, 60_000],
  );
});

test('подпись колокольчика для экранного диктора', () => {
  assert.equal(describeUnreadCount(0), 'Непрочитанных уведомлений нет');
  assert.equal(describeUnreadCount(7), 'Непрочитанных уведомлений: 7');
  assert.equal(describeUnreadCount(150), 'Непрочитанных уведомлений: больше 99');
});
