import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { createTestDatabase } from '../../test-support/test-database.js';
import { notifyPeople } from './notifications.service.js';
import { buildPerson, buildTenant, listDeliveriesOf, setPreferences } from './test-support/notification-test-peers.js';

let database: Database;
let tenantId: string;

before(async () => {
  database = await createTestDatabase();
  tenantId = await buildTenant(database.pool, 'Europe/Moscow');
});
after(async () => {
  await database.close();
});

const breach = (userIds: string[], dedupeKey?: string) => ({
  tenantId,
  userIds,
  kind: 'sla.breach' as const,
  title: 'Нарушен срок ответа',
  body: 'Срок ответа по сообщению истёк.',
  ...(dedupeKey ? { dedupeKey } : {}),
});

async function countNotifications(userId: string, dedupeKey: string): Promise<number> {
  const result = await database.pool.query<{ count: number }>(
    'select count(*)::int as count from notifications where user_id = $1 and dedupe_key = $2',
    [userId, dedupeKey],
  );
  return result.rows[0]?.count ?? 0;
}

describe('повторы одного события', () => {
  test('тот же ключ дважды — одно уведомление и одна доставка; другой человек получает своё', async () => {
    const first = await buildPerson(database.pool, tenantId, { email: 'first@example.ru' });
    const second = await buildPerson(database.pool, tenantId, { email: 'second@example.ru' });
    const once = await notifyPeople(database, breach([first], 'case-1:breach:answer'));
    assert.equal(once.created.length, 1);
    const again = await notifyPeople(database, breach([first, second], 'case-1:breach:answer'));
    assert.deepEqual(again.duplicateUserIds, [first]);
    assert.deepEqual(
      again.created.map((item) => item.userId),
      [second],
    );
    assert.equal(await countNotifications(first, 'case-1:breach:answer'), 1);
    const notificationId = once.created[0]?.notificationId ?? '';
    assert.equal((await listDeliveriesOf(database.pool, notificationId)).length, 1);
    // Without a key every call is a new notification.
    await notifyPeople(database, breach([first]));
    await notifyPeople(database, breach([first]));
    const all = await database.pool.query<{ count: number }>(
      'select count(*)::int as count from notifications where user_id = $1',
      [first],
    );
    assert.equal(all.rows[0]?.count, 3);
  });

  test('одновременные вызовы с одним ключом (два пула соединений, как два процесса) — одно уведомление', async () => {
    const person = await buildPerson(database.pool, tenantId, { email: 'race@example.ru' });
    const other = await buildPerson(database.pool, tenantId, { email: 'race2@example.ru' });
    const secondPool = new pg.Pool({ ...(database.pool.options as pg.PoolConfig) });
    const secondProcess: Database = { ...database, pool: secondPool };
    try {
      for (let round = 0; round < 5; round += 1) {
        const key = `case-race:${round}`;
        const calls = Array.from({ length: 8 }, (_, index) =>
          notifyPeople(
            index % 2 === 0 ? database : secondProcess,
            breach(index % 3 === 0 ? [other, person] : [person], key),
          ),
        );
        const results = await Promise.all(calls);
        assert.equal(await countNotifications(person, key), 1, `раунд ${round}`);
        assert.equal(results.flatMap((result) => result.created).filter((item) => item.userId === person).length, 1);
      }
    } finally {
      await secondPool.end();
    }
  });

  test('в транзакции вызывающего: откат — ничего, фиксация — уведомление есть', async () => {
    const person = await buildPerson(database.pool, tenantId);
    await assert.rejects(
      withTransaction(database.pool, async (client) => {
        await notifyPeople(database, breach([person], 'tx:1'), { transaction: client });
        throw new Error('изменение вызывающего не удалось');
      }),
    );
    assert.equal(await countNotifications(person, 'tx:1'), 0);
    await withTransaction(database.pool, (client) =>
      notifyPeople(database, breach([person], 'tx:1'), { transaction: client }),
    );
    assert.equal(await countNotifications(person, 'tx:1'), 1);
  });
});

describe('каналы, тихие часы, отключённые виды', () => {
  // 23:30 in Moscow.
  const lateEvening = new Date('2026-03-10T20:30:00Z');
  const quietEnd = '2026-03-11T04:00:00.000Z';

  test('тихие часы откладывают обычное уведомление до их конца, срочное — нет', async () => {
    const person = await buildPerson(database.pool, tenantId, { email: 'quiet@example.ru' });
    await setPreferences(database.pool, tenantId, person, {
      isTelegramEnabled: true,
      telegramChatId: '100200300',
      quietFrom: '22:00',
      quietTo: '07:00',
    });
    const normal = await notifyPeople(database, breach([person]), { now: lateEvening });
    const normalDeliveries = await listDeliveriesOf(database.pool, normal.created[0]?.notificationId ?? '');
    assert.deepEqual(
      normalDeliveries.map((delivery) => [delivery.channel, delivery.status, delivery.notBefore.toISOString()]),
      [
        ['email', 'pending', quietEnd],
        ['telegram', 'pending', quietEnd],
      ],
    );
    const urgent = await notifyPeople(database, { ...breach([person]), urgency: 'urgent' }, { now: lateEvening });
    const urgentDeliveries = await listDeliveriesOf(database.pool, urgent.created[0]?.notificationId ?? '');
    assert.deepEqual(
      urgentDeliveries.map((delivery) => delivery.notBefore.toISOString()),
      [lateEvening.toISOString(), lateEvening.toISOString()],
    );
    // In the daytime nothing waits.
    const daytime = new Date('2026-03-11T09:00:00Z');
    const day = await notifyPeople(database, breach([person]), { now: daytime });
    const dayDeliveries = await listDeliveriesOf(database.pool, day.created[0]?.notificationId ?? '');
    assert.ok(dayDeliveries.every((delivery) => delivery.notBefore.toISOString() === daytime.toISOString()));
  });

  test('тихие часы — в поясе муниципалитета человека (Владивосток)', async () => {
    const farEast = await buildTenant(database.pool, 'Asia/Vladivostok');
    const person = await buildPerson(database.pool, farEast, { email: 'vl@example.ru' });
    await setPreferences(database.pool, farEast, person, { quietFrom: '22:00', quietTo: '07:00' });
    // 20:30Z is 06:30 in Vladivostok: quiet until 07:00 local = 21:00Z.
    const result = await notifyPeople(database, breach([person]), { now: lateEvening });
    const [delivery] = await listDeliveriesOf(database.pool, result.created[0]?.notificationId ?? '');
    assert.equal(delivery?.notBefore.toISOString(), '2026-03-10T21:00:00.000Z');
  });

  test('отключённый вид: в колокольчике есть, доставок нет; другие виды доставляются', async () => {
    const person = await buildPerson(database.pool, tenantId, { email: 'muted@example.ru' });
    await setPreferences(database.pool, tenantId, person, { mutedKinds: ['sla.warning'] });
    const warning = await notifyPeople(database, { ...breach([person]), kind: 'sla.warning' });
    assert.equal(warning.created.length, 1, 'уведомление в колокольчике создано');
    assert.deepEqual(warning.created[0]?.channels, []);
    assert.equal((await listDeliveriesOf(database.pool, warning.created[0]?.notificationId ?? '')).length, 0);
    const breachResult = await notifyPeople(database, breach([person]));
    assert.deepEqual(breachResult.created[0]?.channels, ['email']);
  });

  test('e-mail выключен или адреса нет — без доставки; отключённый сотрудник и чужой id пропускаются', async () => {
    const noEmail = await buildPerson(database.pool, tenantId, { email: null });
    const emailOff = await buildPerson(database.pool, tenantId, { email: 'off@example.ru' });
    await setPreferences(database.pool, tenantId, emailOff, { isEmailEnabled: false });
    const inactive = await buildPerson(database.pool, tenantId, { email: 'gone@example.ru', isActive: false });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const result = await notifyPeople(database, breach([noEmail, emailOff, inactive, unknown]));
    assert.deepEqual(
      result.created.map((item) => item.channels),
      [[], []],
    );
    assert.deepEqual(result.skippedUserIds.sort(), [inactive, unknown].sort());
  });

  test('неверный вызов — ошибка с названием поля, ничего не записано', async () => {
    const person = await buildPerson(database.pool, tenantId);
    await assert.rejects(
      notifyPeople(database, { ...breach([person]), title: '  ' }),
      (error: unknown) => error instanceof AppError && error.fields?.[0]?.field === 'title',
    );
    await assert.rejects(
      notifyPeople(database, { ...breach([person]), kind: 'sla.unknown' as 'sla.breach' }),
      (error: unknown) => error instanceof AppError && error.fields?.[0]?.field === 'kind',
    );
    const result = await database.pool.query<{ count: number }>(
      'select count(*)::int as count from notifications where user_id = $1',
      [person],
    );
    assert.equal(result.rows[0]?.count, 0);
  });
});
