import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endOfLocalDay } from './cases.service.js';

test('конец местного дня: Новокузнецк (UTC+7) и Калининград (UTC+2)', () => {
  const now = new Date('2026-11-22T20:30:00Z'); // 03:30 23 ноября в Новокузнецке, 22:30 22 ноября в Калининграде
  assert.equal(endOfLocalDay(now, 'Asia/Novokuznetsk').toISOString(), '2026-11-23T17:00:00.000Z');
  assert.equal(endOfLocalDay(now, 'Europe/Kaliningrad').toISOString(), '2026-11-22T22:00:00.000Z');
  assert.equal(endOfLocalDay(now, 'Asia/Kamchatka').toISOString(), '2026-11-23T12:00:00.000Z');
});
