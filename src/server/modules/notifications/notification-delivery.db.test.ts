import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import pg from 'pg';
import { loadConfig } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { PgBossJobQueue } from '../../platform/jobs/job-queue.js';
import { createTestDatabase } from '../../test-support/test-database.js';
import { deliverDueNotifications } from './notification-delivery.service.js';
import { createEmailSender, SMTP_NOT_CONFIGURED } from './notification-email.sender.js';
import type { DeliverySenders } from './notification-sender.js';
import { createTelegramSender, TELEGRAM_NOT_CONFIGURED } from './notification-telegram.sender.js';
import { registerNotificationJobs } from './notifications.jobs.js';
import { notifyPeople } from './notifications.service.js';
import {
  buildPerson,
  buildTenant,
  createRecordingLogger,
  type FakeSmtpServer,
  type FakeTelegram,
  listDeliveriesOf,
  setPreferences,
  startFakeSmtpServer,
  startFakeTelegram,
} from './test-support/notification-test-peers.js';

const PUBLIC_URL = 'https://otklik.example.ru';
const CASE_ID = '0b9f3c1e-7a0e-4d55-9a43-1b2c3d4e5f60';

let database: Database;
let tenantId: string;
let smtp: FakeSmtpServer;
let telegram: FakeTelegram;
let senders: DeliverySenders;

const { logger, logs } = createRecordingLogger();

before(async () => {
  database = await createTestDatabase();
  tenantId = await buildTenant(database.pool);
  smtp = await startFakeSmtpServer({ rejectRecipients: ['nobody@example.ru'] });
  telegram = await startFakeTelegram();
  senders = {
    email: createEmailSender({ smtpUrl: smtp.url, smtpFrom: 'Отклик <otklik@example.ru>', publicUrl: PUBLIC_URL }),
    telegram: createTelegramSender({
      telegramBotToken: telegram.token,
      telegramApiBase: telegram.base,
      publicUrl: PUBLIC_URL,
    }),
  };
});
after(async () => {
  await smtp.close();
  await telegram.close();
  await database.close();
});
beforeEach(async () => {
  // Each test sees only its own deliveries.
  await database.pool.query(`update notification_deliveries set status = 'skipped' where status = 'pending'`);
  telegram.script.length = 0;
  telegram.delayMs = 0;
  logs.length = 0;
});

async function notify(userIds: string[], overrides: { title?: string; body?: string } = {}) {
  const result = await notifyPeople(database, {
    tenantId,
    userIds,
    kind: 'sla.breach',
    title: overrides.title ?? 'Нарушен срок ответа по сообщению 2026-000123',
    body: overrides.body ?? 'Срок ответа истёк 21.11.2026 в 17:30. Ответьте заявителю.',
    caseId: CASE_ID,
  });
  return result.created.map((item) => item.notificationId);
}

async function telegramPerson(chatId: string): Promise<string> {
  const person = await buildPerson(database.pool, tenantId, { email: null });
  await setPreferences(database.pool, tenantId, person, { isTelegramEnabled: true, telegramChatId: chatId });
  return person;
}

const at = (base: Date, milliseconds: number) => () => new Date(base.getTime() + milliseconds);

/** Waits (up to 20 s, far less than the minute of the schedule) for the job to bring the delivery to `status`. */
async function waitForDelivery(notificationId: string, status: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const [delivery] = await listDeliveriesOf(database.pool, notificationId);
    if (delivery?.status === status) return;
    if (Date.now() - started > 20_000) assert.fail(`доставка не стала ${status}: ${JSON.stringify(delivery)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('e-mail через SMTP', () => {
  test('письмо доходит до локального SMTP-сервера: получатель, тема и текст по-русски, ссылка на сообщение', async () => {
    const person = await buildPerson(database.pool, tenantId, { email: 'ivanova@example.ru' });
    const [notificationId] = await notify([person]);
    const summary = await deliverDueNotifications(database, senders, { logger });
    assert.equal(summary.sent, 1);
    const mail = smtp.messages.at(-1);
    assert.ok(mail, 'письмо получено');
    assert.deepEqual(mail.to, ['ivanova@example.ru']);
    assert.equal(mail.from, 'otklik@example.ru');
    assert.equal(mail.subject, 'Отклик: Нарушен срок ответа по сообщению 2026-000123');
    assert.match(mail.text, /Срок ответа истёк 21\.11\.2026 в 17:30\. Ответьте заявителю\./);
    assert.match(mail.text, new RegExp(`Открыть сообщение: ${PUBLIC_URL}/cases\\?caseId=${CASE_ID}`));
    assert.match(mail.headers.get('content-type') ?? '', /text\/plain; charset=utf-8/i);
    const [delivery] = await listDeliveriesOf(database.pool, notificationId ?? '');
    assert.equal(delivery?.status, 'sent');
    assert.equal(delivery?.attempts, 1);
    assert.ok(delivery?.sentAt);
    assert.ok(logs.some((entry) => entry.message === 'notification delivered' && entry.facts.channel === 'email'));
  });

  test('почтовый сервер отклонил адрес (550) — доставка не удалась сразу, ошибка сохранена', async () => {
    const person = await buildPerson(database.pool, tenantId, { email: 'nobody@example.ru' });
    const [notificationId] = await notify([person]);
    await deliverDueNotifications(database, senders, { logger });
    const [delivery] = await listDeliveriesOf(database.pool, notificationId ?? '');
    assert.equal(delivery?.status, 'failed');
    assert.match(delivery?.lastError ?? '', /Почтовый сервер отклонил письмо: 550/);
    assert.ok(logs.some((entry) => entry.level === 'error'));
  });

  test('без SMTP_URL и без токена бота доставки пропускаются с причиной', async () => {
    const person = await buildPerson(database.pool, tenantId, { email: 'skip@example.ru' });
    await setPreferences(database.pool, tenantId, person, { isTelegramEnabled: true, telegramChatId: '42' });
    const [notificationId] = await notify([person]);
    const unconfigured: DeliverySenders = {
      email: createEmailSender({ smtpUrl: undefined, smtpFrom: 'x', publicUrl: PUBLIC_URL }),
      telegram: createTelegramSender({ telegramBotToken: undefined, telegramApiBase: '', publicUrl: PUBLIC_URL }),
    };
    const summary = await deliverDueNotifications(database, unconfigured, { logger });
    assert.equal(summary.skipped, 2);
    const deliveries = await listDeliveriesOf(database.pool, notificationId ?? '');
    assert.deepEqual(
      deliveries.map((delivery) => [delivery.channel, delivery.status, delivery.lastError]),
      [
        ['email', 'skipped', SMTP_NOT_CONFIGURED],
        ['telegram', 'skipped', TELEGRAM_NOT_CONFIGURED],
      ],
    );
  });
});

describe('Telegram через Bot API', () => {
  test('сообщение доходит до локального Bot API: чат, текст без разметки, ссылка', async () => {
    const person = await telegramPerson('123456789');
    const [notificationId] = await notify([person]);
    await deliverDueNotifications(database, senders, { logger });
    const message = telegram.delivered.at(-1);
    assert.equal(message?.chatId, '123456789');
    assert.equal(message?.parseMode, undefined);
    assert.match(message?.text ?? '', /^Нарушен срок ответа по сообщению 2026-000123\n\nСрок ответа истёк/);
    assert.ok(message?.text.endsWith(`Открыть сообщение: ${PUBLIC_URL}/cases?caseId=${CASE_ID}`));
    const [delivery] = await listDeliveriesOf(database.pool, notificationId ?? '');
    assert.equal(delivery?.status, 'sent');
  });

  test('429 с retry_after и 500 — повтор позже, затем отправлено; каждая попытка в журнале и в строке', async () => {
    const person = await telegramPerson('555000111');
    const [notificationId] = await notify([person]);
    const start = new Date();
    telegram.script.push({
      status: 429,
      body: {
        ok: false,
        error_code: 429,
        description: 'Too Many Requests: retry after 3',
        parameters: { retry_after: 3 },
      },
    });
    await deliverDueNotifications(database, senders, { logger, now: at(start, 0) });
    let [delivery] = await listDeliveriesOf(database.pool, notificationId ?? '');
    assert.equal(delivery?.status, 'pending');
    assert.equal(delivery?.attempts, 1);
    assert.match(delivery?.lastError ?? '', /Попытка 1: Telegram ограничил частоту отправки \(429\), повтор через 3 с/);
    const retryAt = delivery?.notBefore.getTime() ?? 0;
    assert.ok(Math.abs(retryAt - (start.getTime() + 3000)) < 1000, 'ждёт retry_after');

    // Before retry_after has passed nothing is sent.
    assert.equal((await deliverDueNotifications(database, senders, { logger, now: at(start, 1000) })).retried, 0);
    assert.equal(telegram.requests.filter((request) => request.chatId === '555000111').length, 1);

    telegram.script.push({ status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } });
    await deliverDueNotifications(database, senders, { logger, now: at(start, 4000) });
    [delivery] = await listDeliveriesOf(database.pool, notificationId ?? '');
    assert.equal(delivery?.status, 'pending');
    assert.equal(delivery?.attempts, 2);
    assert.match(delivery?.lastError ?? '', /Попытка 2: Telegram временно не смог принять сообщение \(500\)/);
    // The second failure waits 5 minutes.
    assert.ok(Math.abs((delivery?.notBefore.getTime() ?? 0) - (start.getTime() + 4000 + 5 * 60_000)) < 1000);

    await deliverDueNotifications(database, senders, { logger, now: at(start, 4000 + 5 * 60_000) });
    [delivery] = await listDeliveriesOf(database.pool, notificationId ?? '');
    assert.equal(delivery?.status, 'sent');
    assert.equal(delivery?.attempts, 3);
    assert.match(delivery?.lastError ?? '', /\(500\)/, 'последняя ошибка остаётся в строке');
    assert.equal(telegram.delivered.filter((message) => message.chatId === '555000111').length, 1);
    const attempts = logs.filter((entry) => entry.facts.deliveryId !== undefined).map((entry) => entry.facts.attempt);
    assert.deepEqual(attempts, [1, 2, 3]);
  });

  test('после пяти неудач — «не доставлено» с последней ошибкой, больше не пытается', async () => {
    const person = await telegramPerson('777000999');
    const [notificationId] = await notify([person]);
    const start = new Date();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      telegram.script.push({ status: 502, body: { ok: false, error_code: 502, description: 'Bad Gateway' } });
    }
    let offset = 0;
    for (const minutes of [0, 1, 5, 15, 60]) {
      offset += minutes * 60_000;
      await deliverDueNotifications(database, senders, { logger, now: at(start, offset + 1000) });
    }
    const [delivery] = await listDeliveriesOf(database.pool, notificationId ?? '');
    assert.equal(delivery?.status, 'failed');
    assert.equal(delivery?.attempts, 5);
    assert.match(
      delivery?.lastError ?? '',
      /^Попытка 5 из 5, последняя: Telegram временно не смог принять сообщение \(502\)/,
    );
    await deliverDueNotifications(database, senders, { logger, now: at(start, 48 * 3600_000) });
    assert.equal(telegram.requests.filter((request) => request.chatId === '777000999').length, 5);
    assert.doesNotMatch(delivery?.lastError ?? '', new RegExp(telegram.token), 'токен не попадает в ошибку');
  });
});

describe('несколько процессов', () => {
  test('два исполнителя одновременно никогда не отправляют одну доставку дважды', async () => {
    const people = [];
    for (let index = 0; index < 30; index += 1) people.push(await telegramPerson(String(900_000 + index)));
    await notify(people);
    telegram.delayMs = 15;
    const secondPool = new pg.Pool({ ...(database.pool.options as pg.PoolConfig) });
    try {
      const secondProcess: Database = { ...database, pool: secondPool };
      const [first, second] = await Promise.all([
        deliverDueNotifications(database, senders, { logger, batchSize: 3 }),
        deliverDueNotifications(secondProcess, senders, { logger, batchSize: 3 }),
      ]);
      assert.equal(first.sent + second.sent, 30);
      assert.equal(first.lost + second.lost, 0);
    } finally {
      await secondPool.end();
    }
    const chats = telegram.requests.map((request) => request.chatId).filter((chatId) => chatId.startsWith('9000'));
    assert.equal(chats.length, 30);
    assert.equal(new Set(chats).size, 30, 'каждый чат получил сообщение ровно один раз');
  });

  test('задание notifications.deliver: notifyPeople будит его сразу, сообщение уходит без ожидания минуты', async () => {
    const config = loadConfig({
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_BASE: `${telegram.base}/`,
      OTKLIK_PUBLIC_URL: PUBLIC_URL,
      LOG_LEVEL: 'silent',
    });
    const jobs = new PgBossJobQueue(database, { pollingIntervalSeconds: 0.5 });
    await jobs.start();
    try {
      await registerNotificationJobs(jobs, database, config, { logger: undefined });
      const person = await telegramPerson('314159265');
      const [notificationId] = await notify([person], { title: 'Эскалация: сообщение 2026-000777' });
      await waitForDelivery(notificationId ?? '', 'sent');
      assert.ok(telegram.delivered.some((message) => message.text.startsWith('Эскалация: сообщение 2026-000777')));

      // In the caller's transaction (as the SLA jobs call it): the wake-up job is queued through the same
      // connection — no wait for a second connection on PGlite — and exists only once the caller commits.
      const inTransaction = await withTransaction(database.pool, async (client) => {
        const result = await notifyPeople(
          database,
          { tenantId, userIds: [person], kind: 'sla.escalation', title: 'Эскалация в транзакции', body: 'Текст.' },
          { transaction: client },
        );
        return result.created[0]?.notificationId ?? '';
      });
      await waitForDelivery(inTransaction, 'sent');
    } finally {
      await jobs.stop();
    }
  });
});
