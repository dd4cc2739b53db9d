import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../test-support/test-database.js';
import { notifyEmailAddresses } from '../notifications/index.js';
import { deliverDueNotifications, MAX_ATTACHMENT_BYTES } from '../notifications/notification-delivery.service.js';
import { createEmailSender } from '../notifications/notification-email.sender.js';
import type { DeliverySenders } from '../notifications/notification-sender.js';
import { createTelegramSender } from '../notifications/notification-telegram.sender.js';
import {
  buildPerson,
  createRecordingLogger,
  type FakeSmtpServer,
  listDeliveriesOf,
  type ReceivedMail,
  startFakeSmtpServer,
} from '../notifications/test-support/notification-test-peers.js';
import { createTenant, findTenantBySlug, type TenantRow } from '../organization/index.js';
import { runWeeklyReports } from './analytics.jobs.js';
import * as repository from './analytics.repository.js';
import * as settingsRepository from './report-settings.repository.js';
import { buildCase } from './test-support/analytics-fixtures.js';

// Issue 8: outside subscribers of the weekly note (no account in Otklik) get the note itself — the archived DOCX
// and PDF attached — through the ordinary delivery job (retries, journal, dedupe); staff keep the bell.

const PUBLIC_URL = 'https://otklik.example.ru';
const NOW = new Date('2021-03-29T09:00:00+03:00');
const OUTSIDE = ['press@example.ru', 'priemnaya@example.ru'];
const STAFF_EMAIL = 'pomoshnik@example.ru';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

let database: Database;
let tenant: TenantRow;
let staffId: string;
let smtp: FakeSmtpServer;
let senders: DeliverySenders;

const { logger, logs } = createRecordingLogger();

before(async () => {
  database = await createTestDatabase();
  await createTenant(database, {
    slug: 'pismo',
    name: 'Город Письменный',
    shortName: 'Письменный',
    kind: 'municipality',
    parentSlug: null,
    timezone: 'Europe/Moscow',
  });
  const found = await findTenantBySlug(database.pool, 'pismo');
  assert.ok(found);
  tenant = found;
  for (const day of ['2021-03-22', '2021-03-29']) {
    await buildCase(database.pool, tenant.id, {
      channel: 'pos',
      category: 'Дороги',
      status: 'closed',
      receivedAt: `${day}T10:00:00+03:00`,
      dueAt: `${day}T17:00:00+03:00`,
      answerStoppedAt: `${day}T12:00:00+03:00`,
      result: 'resolved',
      answerText: 'Яма у дома 5 по ул. Ленина заделана, фото приложено.',
    });
  }
  staffId = await buildPerson(database.pool, tenant.id, { email: STAFF_EMAIL, fullName: 'Помощник главы' });
  await repository.setSubscription(database.pool, tenant.id, staffId, true);
  await settingsRepository.saveSchedule(
    database.pool,
    {
      tenantId: tenant.id,
      weekday: 1,
      localTime: '07:00',
      timezone: 'Europe/Moscow',
      isEnabled: true,
      subscriberEmails: OUTSIDE,
    },
    staffId,
  );
  smtp = await startFakeSmtpServer();
  senders = {
    email: createEmailSender({ smtpUrl: smtp.url, smtpFrom: 'Отклик <otklik@example.ru>', publicUrl: PUBLIC_URL }),
    telegram: createTelegramSender({ telegramBotToken: undefined, telegramApiBase: '', publicUrl: PUBLIC_URL }),
  };
});

after(async () => {
  await smtp.close();
  await database.close();
});

type ArchivedFile = { id: string; format: string; fileName: string; content: Buffer };

async function archiveOf(week: string): Promise<ArchivedFile[]> {
  const result = await database.pool.query<ArchivedFile>(
    `select id, format, file_name as "fileName", content from analytics_reports
      where tenant_id = $1 and kind = 'weekly' and period = $2 order by format`,
    [tenant.id, week],
  );
  return result.rows;
}

async function notificationsOf(week: string) {
  const result = await database.pool.query<{ id: string; userId: string | null; emailAddress: string | null }>(
    `select id, user_id as "userId", email_address as "emailAddress" from notifications
      where tenant_id = $1 and kind = 'analytics.report' and dedupe_key = $2 order by email_address nulls first`,
    [tenant.id, `weekly:${tenant.id}:${week}`],
  );
  return result.rows;
}

function mailsTo(address: string): ReceivedMail[] {
  return smtp.messages.filter((mail) => mail.to.includes(address));
}

/** The mail carries exactly the archive's files: names, MIME types and bytes. */
function assertCarriesArchive(mail: ReceivedMail | undefined, archive: ArchivedFile[], who: string): void {
  assert.ok(mail, `нет письма: ${who}`);
  const docx = archive.find((file) => file.format === 'docx');
  const pdf = archive.find((file) => file.format === 'pdf');
  assert.ok(docx && pdf);
  assert.deepEqual(
    mail.attachments.map((attachment) => [attachment.fileName, attachment.contentType]),
    [
      [docx.fileName, DOCX],
      [pdf.fileName, 'application/pdf'],
    ],
    who,
  );
  assert.ok(mail.attachments[0]?.content.equals(docx.content), `DOCX письма равен архивному: ${who}`);
  assert.ok(mail.attachments[1]?.content.equals(pdf.content), `PDF письма равен архивному: ${who}`);
}

const at = (base: Date, milliseconds: number) => () => new Date(base.getTime() + milliseconds);

describe('еженедельная записка по почте', () => {
  test('внешние адреса получают DOCX и PDF из архива; повтор после отказа SMTP снова их прикладывает; сотрудник — колокольчик и письмо с файлами', async () => {
    assert.equal(await runWeeklyReports(database, NOW), 1);
    const archive = await archiveOf('2021-W12');
    assert.deepEqual(
      archive.map((file) => file.fileName),
      ['weekly-pismo-2021-W12.docx', 'weekly-pismo-2021-W12.pdf'],
    );
    const notifications = await notificationsOf('2021-W12');
    assert.deepEqual(
      notifications.map((row) => row.emailAddress ?? row.userId),
      [staffId, ...OUTSIDE],
    );
    // References only: two rows per notification, pointing at the archive's rows, no bytes copied.
    const references = await database.pool.query<{ sourceId: string; count: number }>(
      `select source_id as "sourceId", count(*)::int as count from notification_attachments
        where notification_id = any($1::uuid[]) group by source_id order by source_id`,
      [notifications.map((row) => row.id)],
    );
    assert.deepEqual(
      references.rows.map((row) => [row.sourceId, row.count]),
      archive.map((file) => [file.id, 3]).sort(),
    );

    // The first message the SMTP server sees is refused with 451: that delivery waits and is tried again.
    smtp.temporaryFailures = 1;
    const start = new Date();
    const first = await deliverDueNotifications(database, senders, { logger, now: at(start, 0) });
    assert.deepEqual([first.sent, first.retried, first.failed], [2, 1, 0]);
    const retriedLog = logs.find((entry) => entry.message === 'notification delivery will be retried');
    assert.ok(retriedLog, 'повтор записан в журнал сервера');
    assert.equal(retriedLog.facts.attachments, 2);
    const waiting = [];
    for (const row of notifications) {
      const [delivery] = await listDeliveriesOf(database.pool, row.id);
      if (delivery?.status === 'pending') waiting.push(delivery);
    }
    assert.equal(waiting.length, 1);
    assert.match(waiting[0]?.lastError ?? '', /^Попытка 1: Почтовый сервер недоступен или временно отказал.*451/);
    const retriedAddress = waiting[0]?.address ?? '';
    assert.equal(mailsTo(retriedAddress).length, 0);

    const second = await deliverDueNotifications(database, senders, { logger, now: at(start, 61_000) });
    assert.equal(second.sent, 1);
    const [retried] = await listDeliveriesOf(
      database.pool,
      notifications.find((row) => (row.emailAddress ?? STAFF_EMAIL) === retriedAddress)?.id ?? '',
    );
    assert.equal(retried?.status, 'sent');
    assert.equal(retried?.attempts, 2);

    for (const address of OUTSIDE) {
      const mails = mailsTo(address);
      assert.equal(mails.length, 1, address);
      assertCarriesArchive(mails[0], archive, address);
      assert.equal(mails[0]?.subject, 'Отклик: Еженедельная аналитическая записка за 2021-W12 готова');
      assert.match(mails[0]?.text ?? '', /Записка целиком — во вложении: DOCX .* и PDF/);
      assert.doesNotMatch(mails[0]?.text ?? '', /в Отклике|\/profile/, 'внешнему адресу не предлагают войти');
      assert.match(mails[0]?.text ?? '', /Адрес внесён в рассылку/);
    }
    const staffMails = mailsTo(STAFF_EMAIL);
    assert.equal(staffMails.length, 1);
    assertCarriesArchive(staffMails[0], archive, STAFF_EMAIL);
    assert.match(staffMails[0]?.text ?? '', /в Отклике: «Аналитика» → «Отчёты» → архив/);
    assert.match(staffMails[0]?.text ?? '', /Настроить уведомления: https:\/\/otklik\.example\.ru\/profile/);
    const bell = await database.pool.query<{ count: number }>(
      `select count(*)::int as count from notifications where user_id = $1 and kind = 'analytics.report'`,
      [staffId],
    );
    assert.equal(bell.rows[0]?.count, 1, 'у сотрудника — уведомление в колокольчике');
  });

  test('одно письмо на адрес в неделю: повторный запуск и пересборка упавшей недели не шлют второй раз, следующая неделя — шлёт', async () => {
    const before = smtp.messages.length;
    const archiveBefore = await archiveOf('2021-W12');
    assert.equal(await runWeeklyReports(database, NOW), 0, 'неделя уже сделана');
    // The run is marked failed (say, a crash after the notices): the next run makes the note again.
    await database.pool.query(`update report_runs set status = 'failed' where tenant_id = $1 and period = '2021-W12'`, [
      tenant.id,
    ]);
    assert.equal(await runWeeklyReports(database, new Date(NOW.getTime() + 5 * 60_000)), 1);
    const archiveAfter = await archiveOf('2021-W12');
    assert.deepEqual(
      archiveAfter.map((file) => file.id),
      archiveBefore.map((file) => file.id),
      'пересборка заменяет файлы в тех же строках архива',
    );
    assert.equal((await notificationsOf('2021-W12')).length, 3, 'новых уведомлений нет');
    const again = await deliverDueNotifications(database, senders, { logger, now: at(new Date(), 120_000) });
    assert.equal(again.sent, 0);
    assert.equal(smtp.messages.length, before);

    const nextMonday = new Date('2021-04-05T09:00:00+03:00');
    assert.equal(await runWeeklyReports(database, nextMonday), 1);
    const next = await deliverDueNotifications(database, senders, { logger, now: at(new Date(), 180_000) });
    assert.equal(next.sent, 3);
    const archiveNext = await archiveOf('2021-W13');
    for (const address of OUTSIDE) {
      const mails = mailsTo(address);
      assert.equal(mails.length, 2, `${address}: по письму за 2021-W12 и 2021-W13`);
      assertCarriesArchive(mails[1], archiveNext, address);
    }
  });

  test('файла больше нет в архиве или файлы больше 10 МБ — доставка не удалась, причина в строке и в журнале сервера', async () => {
    const gone = await repository.saveReport(
      database.pool,
      tenant.id,
      {
        kind: 'weekly',
        period: '2020-W01',
        format: 'docx',
        fileName: 'weekly-pismo-2020-W01.docx',
        content: Buffer.from('PK'),
      },
      null,
    );
    const huge = await repository.saveReport(
      database.pool,
      tenant.id,
      {
        kind: 'weekly',
        period: '2020-W02',
        format: 'pdf',
        fileName: 'weekly-pismo-2020-W02.pdf',
        content: Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20),
      },
      null,
    );
    const send = async (address: string, id: string, fileName: string, contentType: string) => {
      const told = await notifyEmailAddresses(database, {
        tenantId: tenant.id,
        emails: [address],
        kind: 'analytics.report',
        title: `Записка ${fileName}`,
        body: 'Записка во вложении.',
        dedupeKey: `test:${fileName}`,
        attachments: [{ source: 'analytics_report', id, fileName, contentType }],
      });
      assert.deepEqual(told, [address]);
    };
    await send('gone@example.ru', gone, 'weekly-pismo-2020-W01.docx', DOCX);
    await send('big@example.ru', huge, 'weekly-pismo-2020-W02.pdf', 'application/pdf');
    await database.pool.query('delete from analytics_reports where tenant_id = $1 and id = $2', [tenant.id, gone]);
    logs.length = 0;
    const summary = await deliverDueNotifications(database, senders, { logger, now: at(new Date(), 240_000) });
    assert.equal(summary.failed, 2);
    assert.equal(mailsTo('gone@example.ru').length + mailsTo('big@example.ru').length, 0);
    const states = await database.pool.query<{ address: string; status: string; lastError: string; attempts: number }>(
      `select address, status, last_error as "lastError", attempts from notification_deliveries
        where address in ('gone@example.ru', 'big@example.ru') order by address`,
    );
    const [big, missing] = states.rows;
    assert.equal(missing?.status, 'failed');
    assert.equal(missing?.attempts, 1, 'без повторов: файла не станет больше');
    assert.match(
      missing?.lastError ?? '',
      /^Попытка 1: Вложение не найдено: файла «weekly-pismo-2020-W01\.docx» больше нет в архиве отчётов; письмо не отправлено\.$/,
    );
    assert.equal(big?.status, 'failed');
    assert.match(
      big?.lastError ?? '',
      /Вложения занимают 10 МБ \(10\s485\s761 байт\) — больше допустимых для письма 10 МБ/,
    );
    assert.match(big?.lastError ?? '', /weekly-pismo-2020-W02\.pdf/);
    const failures = logs.filter((entry) => entry.message === 'notification delivery failed for good');
    assert.equal(failures.length, 2);
    assert.ok(failures.some((entry) => String(entry.facts.error).includes('больше нет в архиве отчётов')));
    assert.ok(failures.some((entry) => String(entry.facts.error).includes('больше допустимых для письма')));
  });
});
