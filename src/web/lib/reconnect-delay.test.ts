import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reconnectDelayMs } from './reconnect-delay.js';

test('переподключение: всё реже, не реже раза в минуту; отрицательное число — как ноль', () => {
  assert.deepEqual(
    [-3, 0, 1, 2, 3, 4, 10].map((failures) => reconnectDelayMs(failures)),
    [2_000, 2_000, 5_000, 15_000, 30_000, 60_000, 60_000],
  );
});
