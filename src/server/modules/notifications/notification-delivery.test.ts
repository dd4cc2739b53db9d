import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs, toResult } from './notification-delivery.service.js';
import { classifySmtpError } from './notification-email.sender.js';
import { caseLink, renderEmail, renderTelegram, TELEGRAM_TEXT_LIMIT } from './notification-message.js';
import { classifyTelegramAnswer } from './notification-telegram.sender.js';
import { planDeliveries } from './notifications.service.js';

const now = new Date('2026-11-22T09:00:00Z');

test('повторы: через 1, 5, 15 и 60 минут, пятая неудача — окончательная', () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt)),
    [60_000, 300_000, 900_000, 3_600_000, undefined],
  );
  assert.equal(MAX_DELIVERY_ATTEMPTS, 5);
  const second = toResult({ status: 'retry', error: 'сбой' }, 2, now);
  assert.equal(second.status, 'pending');
  assert.equal(second.status === 'pending' && second.notBefore.toISOString(), '2026-11-22T09:05:00.000Z');
  const last = toResult({ status: 'retry', error: 'сбой' }, 5, now);
  assert.equal(last.status, 'failed');
  assert.match(last.status === 'failed' ? last.error : '', /Попытка 5 из 5, последняя: сбой/);
  const limited = toResult({ status: 'retry', error: '429', retryAfterSeconds: 7 }, 1, now);
  assert.equal(limited.status === 'pending' && limited.notBefore.toISOString(), '2026-11-22T09:00:07.000Z');
});

test('ответы Telegram: 429 ждёт retry_after, 400/403 окончательно, 5xx и неверный токен — повтор', () => {
  const limited = classifyTelegramAnswer(429, { ok: false, parameters: { retry_after: 3 } });
  assert.equal(limited.status === 'retry' && limited.retryAfterSeconds, 3);
  assert.equal(classifyTelegramAnswer(403, { description: 'Forbidden: bot was blocked by the user' }).status, 'failed');
  assert.equal(classifyTelegramAnswer(400, { description: 'Bad Request: chat not found' }).status, 'failed');
  assert.equal(classifyTelegramAnswer(502, {}).status, 'retry');
  assert.equal(classifyTelegramAnswer(401, {}).status, 'retry');
});

test('ошибки SMTP: 5xx по письму — окончательно, 4xx, сеть и неверный логин — повтор', () => {
  const rejected = Object.assign(new Error('Mailbox unavailable'), {
    responseCode: 550,
    response: '550 Mailbox unavailable',
    permanent: true,
  });
  assert.equal(classifySmtpError(rejected).status, 'failed');
  const busy = Object.assign(new Error('Try later'), { responseCode: 451, permanent: false });
  assert.equal(classifySmtpError(busy).status, 'retry');
  const login = Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535, permanent: true });
  assert.equal(classifySmtpError(login).status, 'retry');
  assert.equal(
    classifySmtpError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' })).status,
    'retry',
  );
});

test('тексты: тема, ссылка на сообщение и настройку уведомлений; Telegram не длиннее 4096 символов', () => {
  const content = {
    kind: 'sla.breach',
    title: 'Нарушен срок ответа по сообщению 2026-000123',
    body: 'Срок ответа истёк в 17:30.',
    caseId: '0b9f3c1e-7a0e-4d55-9a43-1b2c3d4e5f60',
  };
  const email = renderEmail(content, 'https://otklik.example.ru');
  assert.equal(email.subject, 'Отклик: Нарушен срок ответа по сообщению 2026-000123');
  assert.match(email.text, /Открыть сообщение: https:\/\/otklik\.example\.ru\/cases\?caseId=0b9f3c1e-/);
  assert.match(email.text, /Срок нарушен/);
  assert.match(email.text, /Настроить уведомления: https:\/\/otklik\.example\.ru\/profile/);
  assert.equal(
    caseLink('http://localhost:3000', content.caseId),
    `http://localhost:3000/cases?caseId=${content.caseId}`,
  );
  const long = renderTelegram({ ...content, body: 'я'.repeat(10_000) }, 'https://otklik.example.ru');
  assert.equal(long.length, TELEGRAM_TEXT_LIMIT);
  assert.ok(long.endsWith(`Открыть сообщение: https://otklik.example.ru/cases?caseId=${content.caseId}`));
});

test('каналы доставки: e-mail только с адресом, Telegram только с чатом, отключённый вид — никуда', () => {
  const person = {
    email: 'ivanova@example.ru',
    timezone: 'Europe/Moscow',
    isEmailEnabled: true,
    isTelegramEnabled: true,
    telegramChatId: '123456789',
    quietFrom: null,
    quietTo: null,
    mutedKinds: [],
  };
  assert.deepEqual(
    planDeliveries(person, 'sla.breach', 'normal', now).map((delivery) => delivery.channel),
    ['email', 'telegram'],
  );
  assert.deepEqual(planDeliveries({ ...person, email: null, telegramChatId: null }, 'sla.breach', 'normal', now), []);
  assert.deepEqual(planDeliveries({ ...person, email: 'не адрес' }, 'sla.breach', 'normal', now).length, 1);
  assert.deepEqual(planDeliveries({ ...person, mutedKinds: ['sla.breach'] }, 'sla.breach', 'urgent', now), []);
});
