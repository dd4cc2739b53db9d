import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHANNELS } from '../channels.js';
import { findBuiltInSchedule, MCU_SCHEDULE, RUSSIAN_PRODUCTION_CALENDAR } from '../working-time/index.js';
import { computeWarningTime, DEFAULT_SLA_POLICIES, planTimers, selectPolicy } from './sla-policy.js';

test('обращение по 59-ФЗ получает 3/7/30 дней, каким бы каналом ни пришло', () => {
  for (const channel of CHANNELS) {
    const policy = selectPolicy(DEFAULT_SLA_POLICIES, { channel, kind: 'appeal', category: null, isFastTrack: false });
    assert.equal(policy.name, 'Обращения по 59-ФЗ', channel);
  }
});

test('первая подходящая политика; фаст-трек ИМ раньше обычного ИМ; без совпадений — политика для всех', () => {
  assert.equal(
    selectPolicy(DEFAULT_SLA_POLICIES, { channel: 'im', kind: 'message', category: null, isFastTrack: true }).name,
    'Инцидент менеджмент — повышенная важность',
  );
  assert.equal(
    selectPolicy(DEFAULT_SLA_POLICIES, { channel: 'im', kind: 'message', category: null, isFastTrack: false }).name,
    'Инцидент менеджмент',
  );
  assert.equal(
    selectPolicy([], { channel: 'form', kind: 'message', category: null, isFastTrack: false }).name,
    'Все остальные сообщения',
  );
});

test('предупреждение — на 75 % рабочего времени и никогда не ночью', () => {
  const context = {
    calendar: RUSSIAN_PRODUCTION_CALENDAR,
    timeZone: 'Europe/Moscow',
    findSchedule: findBuiltInSchedule,
  };
  const start = Date.parse('2026-11-16T09:00:00+03:00');
  const [answer] = planTimers(
    selectPolicy(DEFAULT_SLA_POLICIES, { channel: 'im', kind: 'message', category: null, isFastTrack: false }),
    start,
    context,
  ).filter((timer) => timer.kind === 'answer');
  assert.ok(answer);
  assert.equal(new Date(answer.dueAt).toISOString(), '2026-11-16T14:00:00.000Z'); // 17:00 МСК
  assert.equal(new Date(answer.warnAt).toISOString(), '2026-11-16T12:00:00.000Z'); // 15:00 = 6 из 8 часов
  const overnight = computeWarningTime(
    MCU_SCHEDULE,
    context,
    Date.parse('2026-11-16T16:00:00+03:00'),
    Date.parse('2026-11-17T14:00:00+03:00'),
    50,
  );
  // 420 рабочих минут (пн 16:00–17:30 и вт 08:30–14:00): половина — вт 10:30, а не ночью.
  assert.equal(new Date(overnight).toISOString(), '2026-11-17T07:30:00.000Z');
});
