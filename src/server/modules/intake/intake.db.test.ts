import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';
import { createTenant } from '../organization/index.js';
import { parseHistoryLine } from './history-jsonl.format.js';
import { runImport } from './intake.service.js';
import {
  IMPORT_RUBRICATORS,
  type ImportChunk,
  type ImportSource,
  openImportFile,
  readImportFile,
} from './intake-files.js';
import { parseSpbLine } from './spb-jsonl.format.js';

// The importers against a real database: all or nothing, idempotent, timelines, recipients, rubrics,
// timers, the journal and audit; the upload route with its roles. Every input is built here.

let server: TestServer;
let tenant: { id: string; slug: string; timezone: string };
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-intake-db-'));

before(async () => {
  server = await startTestServer();
  const result = await server.server.database.pool.query(
    `select id, slug, timezone from tenants where slug = 'sosnovsky'`,
  );
  tenant = result.rows[0];
});
after(async () => {
  await server.stop();
});

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const result = await server.server.database.pool.query(sql, values);
  return Number(result.rows[0].count);
}

const countCases = () => count('select count(*) from cases where tenant_id = $1', [tenant.id]);
const countEvents = () => count('select count(*) from case_events where tenant_id = $1', [tenant.id]);

function spbLine(id: number, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id,
    text: `Сообщение ${id}: не горит фонарь`,
    category: 'Благоустройство',
    reason: 'Освещение',
    object: 'Улица',
    district: 'Сосновский',
    lat: 59.9,
    lon: 30.3,
    created: '2021-02-01T10:00:00',
    statuses: [
      ['2021-02-01T10:00:01', 'Модерация'],
      ['2021-02-02T10:00:00', 'Рассмотрение'],
      ['2021-02-05T10:00:00', 'Получен ответ'],
      ['2021-02-06T10:00:00', 'Завершено: Пользователь удовлетворен решением проблемы'],
    ],
    answers: [['2021-02-04T16:00:00', 'Комитет по благоустройству', `Ответ на ${id}: фонарь заменён.`]],
    ...overrides,
  });
}

async function importSpb(name: string, lines: string[], skipInvalid = false) {
  const file = path.join(directory, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const input = await readImportFile('spb-jsonl', file, { timeZone: tenant.timezone, defaultChannel: 'form' });
  return runImport(server.server.database, {
    tenant,
    format: 'spb-jsonl',
    fileName: name,
    ...input,
    skipInvalid,
    actor: { userId: null, label: 'тест' },
    startedAt: new Date(),
  });
}

describe('импорт истории в базу', () => {
  test('ошибка в одной строке — не записано ничего, в журнале — отклонённый запуск со строкой и причиной', async () => {
    const casesBefore = await countCases();
    const eventsBefore = await countEvents();
    const recipientsBefore = await count('select count(*) from recipients where tenant_id = $1', [tenant.id]);
    const report = await importSpb('bad.jsonl', [spbLine(1), spbLine(2, { lat: 95 }), spbLine(3)]);
    assert.equal(report.outcome, 'rejected');
    assert.equal(report.created, 0);
    assert.deepEqual(
      report.rejected.map((item) => item.line),
      [2],
    );
    assert.match(report.rejected[0]?.message ?? '', /«lat» — 95 вне допустимого диапазона/);
    assert.equal(await countCases(), casesBefore);
    assert.equal(await countEvents(), eventsBefore);
    assert.equal(await count('select count(*) from recipients where tenant_id = $1', [tenant.id]), recipientsBefore);
    const journal = await server.server.database.pool.query(
      `select outcome, rejected_count as "rejectedCount", rejected_lines as "rejectedLines" from intake_imports where id = $1`,
      [report.importId],
    );
    assert.equal(journal.rows[0].outcome, 'rejected');
    assert.equal(journal.rows[0].rejectedLines[0].line, 2);
  });

  test('верный файл: сообщения с лентой, получатель, рубрики, таймеры открытых; повторный запуск ничего не создаёт', async () => {
    const open = spbLine(12, {
      created: '2021-03-01T10:00:00',
      statuses: [
        ['2021-03-01T10:00:01', 'Модерация'],
        ['2021-03-02T10:00:00', 'Рассмотрение'],
      ],
      answers: [],
    });
    const casesBefore = await countCases();
    // Two answers: the last (the lifecycle's answer too) travels once, the earlier one with its own entry.
    const answeredTwice = spbLine(11, {
      answers: [
        ['2021-02-03T12:00:00', 'Комитет по благоустройству', 'Ответ на 11: заявка передана подрядчику.'],
        ['2021-02-04T16:00:00', 'Комитет по благоустройству', 'Ответ на 11: фонарь заменён.'],
      ],
    });
    const report = await importSpb('good.jsonl', [spbLine(10), answeredTwice, open, spbLine(10)]);
    assert.equal(report.outcome, 'completed');
    assert.equal(report.created, 3);
    assert.equal(report.present, 1, 'повтор строки в файле — «уже было»');
    assert.equal(await countCases(), casesBefore + 3);
    const closed = await server.server.database.pool.query(
      `select c.state, c.status, c.workflow_id as "workflowId", c.closed_at as "closedAt", c.due_at as "dueAt",
              c.lifecycle, r.name as recipient,
              (select count(*)::int from case_events e where e.tenant_id = c.tenant_id and e.case_id = c.id) as events,
              (select count(*)::int from case_timers t where t.tenant_id = c.tenant_id and t.case_id = c.id) as timers
         from cases c left join recipients r on r.id = c.recipient_id
        where c.tenant_id = $1 and c.channel = 'regional' and c.external_id = '10'`,
      [tenant.id],
    );
    const row = closed.rows[0];
    assert.equal(row.state, 'closed');
    assert.equal(row.status, 'closed');
    assert.equal(row.workflowId, 'regional');
    assert.equal(row.recipient, 'Комитет по благоустройству');
    assert.equal(row.events, 5);
    assert.equal(row.timers, 0, 'у завершённого нет таймеров');
    assert.ok(row.dueAt, 'плановый срок записан для статистики своевременности');
    assert.equal(row.lifecycle.draftAnswer.text, 'Ответ на 10: фонарь заменён.');
    // Timeline payloads travel once per batch and answers apart: each entry gets back its own, whole.
    const timelines = await server.server.database.pool.query(
      `select c.external_id as "externalId", e.action, e.payload from case_events e
         join cases c on c.tenant_id = e.tenant_id and c.id = e.case_id
        where c.tenant_id = $1 and c.channel = 'regional' and c.external_id in ('10', '11') order by c.external_id, e.id`,
      [tenant.id],
    );
    const source = 'spb-jsonl';
    const organisation = 'Комитет по благоустройству';
    const timelineOf = (externalId: string) => [
      ['register', { portalStatus: 'Модерация', source }],
      ['take', { portalStatus: 'Рассмотрение', source }],
      ...(externalId === '11'
        ? [['draft-answer', { text: 'Ответ на 11: заявка передана подрядчику.', organisation, source }]]
        : []),
      [
        'draft-answer',
        { text: `Ответ на ${externalId}: фонарь заменён.`, organisation: 'Комитет по благоустройству', source },
      ],
      ['publish', { portalStatus: 'Получен ответ', source }],
      ['close', { portalStatus: 'Завершено: Пользователь удовлетворен решением проблемы', source }],
    ];
    assert.deepEqual(
      timelines.rows.map((entry) => [entry.externalId, entry.action, entry.payload]),
      [...timelineOf('10').map((entry) => ['10', ...entry]), ...timelineOf('11').map((entry) => ['11', ...entry])],
    );
    const openRow = await server.server.database.pool.query(
      `select c.state, (select count(*)::int from case_timers t where t.tenant_id = c.tenant_id and t.case_id = c.id
                          and t.breached_at is not null and t.stopped_at is null) as "breachedTimers"
         from cases c where c.tenant_id = $1 and c.channel = 'regional' and c.external_id = '12'`,
      [tenant.id],
    );
    assert.equal(openRow.rows[0].state, 'in_work');
    assert.ok(
      openRow.rows[0].breachedTimers > 0,
      'открытое старое сообщение — с таймером, отмеченным как просроченный',
    );
    const rubrics = await server.server.database.pool.query(
      `select i.name, i.level from rubricator_items i join rubricators r on r.id = i.rubricator_id and r.tenant_id = i.tenant_id
        where r.tenant_id = $1 and r.code = 'spb-portal' order by i.level`,
      [tenant.id],
    );
    assert.deepEqual(
      rubrics.rows.map((item) => [item.name, item.level]),
      [
        ['Благоустройство', 1],
        ['Освещение', 2],
      ],
    );
    assert.equal(
      await count(`select count(*) from audit_log where action = 'intake.import' and object_id = $1`, [
        report.importId,
      ]),
      1,
    );

    const eventsBefore = await countEvents();
    const again = await importSpb('good.jsonl', [spbLine(10), answeredTwice, open]);
    assert.equal(again.created, 0);
    assert.equal(again.present, 3);
    assert.equal(await countCases(), casesBefore + 3);
    assert.equal(await countEvents(), eventsBefore);
  });

  test('--skip-invalid: верные строки записаны, ошибочные — в отчёте', async () => {
    const casesBefore = await countCases();
    const report = await importSpb(
      'mixed.jsonl',
      [spbLine(20), '{не json', spbLine(21, { created: '2021-13-01T10:00:00' })],
      true,
    );
    assert.equal(report.outcome, 'completed_with_rejections');
    assert.equal(report.created, 1);
    assert.deepEqual(
      report.rejected.map((item) => item.line),
      [2, 3],
    );
    assert.equal(await countCases(), casesBefore + 1);
  });

  test('длинные текст и ответ (строка больше 2 КБ) хранятся в строке как есть, без сжатия, и читаются целыми', async () => {
    // Repetitive text compresses well: without toast_tuple_target = 8160 (migration 0031) PostgreSQL would
    // compress these values with pglz, the CPU the embedded engine spends most on after the indexes.
    const text = 'Во дворе дома не убран снег, проезд к подъезду закрыт. '.repeat(25).trim();
    const answer = 'Снег во дворе убран, проезд к подъезду открыт, территория обработана. '.repeat(15).trim();
    const report = await importSpb('long.jsonl', [
      spbLine(30, { text, answers: [['2021-02-04T16:00:00', 'Комитет по благоустройству', answer]] }),
    ]);
    assert.equal(report.created, 1);
    const stored = await server.server.database.pool.query(
      `select c.text, c.lifecycle #>> '{draftAnswer,text}' as answer, pg_column_size(c.*) as "rowBytes",
              pg_column_compression(c.text) as "textCompression",
              pg_column_compression(c.lifecycle) as "lifecycleCompression",
              (select pg_column_compression(e.payload) from case_events e
                where e.tenant_id = c.tenant_id and e.case_id = c.id and e.payload ->> 'text' = $2) as "entryCompression"
         from cases c where c.tenant_id = $1 and c.channel = 'regional' and c.external_id = '30'`,
      [tenant.id, answer],
    );
    const row = stored.rows[0];
    assert.equal(row.text, text);
    assert.equal(row.answer, answer);
    assert.ok(row.rowBytes > 4000, `строка сообщения ${row.rowBytes} байт — больше порога сжатия в 2 КБ`);
    assert.equal(row.textCompression, null);
    assert.equal(row.lifecycleCompression, null);
    assert.equal(row.entryCompression, null, 'запись ленты с ответом есть и не сжата');
  });
});

type BatchLine = string | { line: number; message: string };
type BatchFormat = 'spb-jsonl' | 'history-jsonl';

/**
 * The batches a file reader would yield (its batches are 2000 cases; here a few lines), for the spb-jsonl
 * format or the neutral history one; `{ line, message }` stands for a rejected line.
 */
function batchesOf(format: BatchFormat, ...lines: BatchLine[][]) {
  let lineNumber = 0;
  const chunks: ImportChunk[] = lines.map((batch) => {
    const chunk: ImportChunk = { cases: [], rejected: [], lines: 0, bytesRead: 0, totalBytes: 0 };
    for (const item of batch) {
      lineNumber += 1;
      if (typeof item !== 'string') {
        chunk.rejected.push({ line: lineNumber, message: item.message });
      } else if (format === 'spb-jsonl') {
        chunk.cases.push(parseSpbLine(lineNumber, JSON.parse(item), tenant.timezone, Date.now()));
      } else {
        chunk.cases.push(parseHistoryLine(lineNumber, JSON.parse(item), 'form', Date.now()));
      }
    }
    chunk.lines = lineNumber;
    return chunk;
  });
  return {
    rubricator: IMPORT_RUBRICATORS[format],
    chunks,
    read: async function* () {
      for (const chunk of chunks) yield chunk;
    },
  };
}

const batches = (...lines: BatchLine[][]) => batchesOf('spb-jsonl', ...lines);

type ImportTarget = { id: string; slug: string; timezone: string };

function importBatches(
  source: ImportSource,
  {
    skipInvalid = false,
    into = tenant,
    format = 'spb-jsonl',
  }: { skipInvalid?: boolean; into?: ImportTarget; format?: BatchFormat } = {},
) {
  return runImport(server.server.database, {
    tenant: into,
    format,
    fileName: `batches.${format}`,
    source,
    skipInvalid,
    actor: { userId: null, label: 'тест' },
    startedAt: new Date(),
  });
}

const at = (day: number, hour: number) =>
  `2021-04-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00`;

function datedLine(id: number, day: number, hour: number): string {
  return spbLine(id, {
    created: at(day, hour),
    statuses: [[at(day, hour), 'Модерация']],
    answers: [],
  });
}

async function numbersByReceipt(externalIds: number[]): Promise<Array<{ externalId: string; number: string }>> {
  const result = await server.server.database.pool.query(
    `select external_id as "externalId", number from cases
      where tenant_id = $1 and channel = 'regional' and external_id = any($2::text[]) order by received_at`,
    [tenant.id, externalIds.map(String)],
  );
  return result.rows;
}

describe('запись по мере чтения', () => {
  test('пачки по порядку поступления пишутся сразу; номера идут по времени поступления, счётчик — на последнем', async () => {
    const eventsBefore = await countEvents();
    const report = await importBatches(
      batches([datedLine(101, 1, 9), datedLine(102, 1, 10)], [datedLine(103, 2, 9), datedLine(101, 3, 9)]),
    );
    assert.equal(report.created, 3);
    assert.equal(report.present, 1, 'повтор номера во второй пачке — «уже было»');
    assert.equal(await countEvents(), eventsBefore + 3);
    const rows = await numbersByReceipt([101, 102, 103]);
    assert.deepEqual(
      rows.map((row) => row.externalId),
      ['101', '102', '103'],
    );
    const values = rows.map((row) => Number(row.number.slice(5)));
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
    );
    const counter = await server.server.database.pool.query(
      `select last_value as "lastValue" from case_number_counters where tenant_id = $1 and year = 2021`,
      [tenant.id],
    );
    const highest = await count(
      `select max(substr(number, 6)::int) as count from cases where tenant_id = $1 and number like '2021-%'`,
      [tenant.id],
    );
    assert.equal(counter.rows[0].lastValue, highest, 'следующий номер года — после импортированных');
  });

  test('пачка, собранная заранее «все новые», а в ней есть уже записанное: собирается заново, номера без пропусков', async () => {
    const first = await importBatches(batches([datedLine(141, 20, 15)]));
    assert.equal(first.created, 1);
    const casesBefore = await countCases();
    const eventsBefore = await countEvents();
    // The second batch follows an all-new one, so it is built before its check answers; 141 is there already.
    const report = await importBatches(
      batches(
        [datedLine(142, 20, 10), datedLine(143, 20, 11)],
        [datedLine(141, 20, 15), datedLine(144, 20, 16)],
        [datedLine(145, 20, 17)],
      ),
    );
    assert.equal(report.created, 4);
    assert.equal(report.present, 1);
    assert.equal(await countCases(), casesBefore + 4);
    assert.equal(await countEvents(), eventsBefore + 4, 'лента 141 не записана второй раз');
    const rows = await numbersByReceipt([142, 143, 144, 145]);
    const values = rows.map((row) => Number(row.number.slice(5)));
    assert.deepEqual(
      values.map((value) => value - (values[0] ?? 0)),
      [0, 1, 2, 3],
      `номера подряд: ${rows.map((row) => row.number).join(', ')}`,
    );
    const counter = await server.server.database.pool.query(
      `select last_value as "lastValue" from case_number_counters where tenant_id = $1 and year = 2021`,
      [tenant.id],
    );
    assert.equal(counter.rows[0].lastValue, values[3]);
  });

  test('канал, где сообщений не было: пачки без проверок; сообщение, которое тем временем записал другой, — «уже было»', {
    // PGlite runs one transaction at a time: another connection's write waits for the import to end.
    skip: process.env.TEST_DATABASE_URL ? false : 'только на сервере PostgreSQL (TEST_DATABASE_URL)',
  }, async () => {
    const phoneLine = (id: number, created: string) =>
      JSON.stringify({ id: `phone-${id}`, text: `Звонок ${id}: яма на дороге`, created, channel: 'phone' });
    // A municipality of its own: the demo one has cases in every channel.
    const created = await createTenant(server.server.database, {
      slug: 'intake-fresh-channel',
      name: 'Новый муниципалитет',
      shortName: 'Новый',
      kind: 'municipality',
      parentSlug: null,
      timezone: 'Europe/Moscow',
    });
    const fresh = { id: created.id, slug: created.slug, timezone: 'Europe/Moscow' };
    const mine = batchesOf(
      'history-jsonl',
      [phoneLine(1, '2022-03-01T10:00:00+03:00'), phoneLine(2, '2022-03-01T11:00:00+03:00')],
      [phoneLine(3, '2022-03-02T10:00:00+03:00'), phoneLine(4, '2022-03-02T11:00:00+03:00')],
    );
    const report = await importBatches(
      {
        rubricator: mine.rubricator,
        read: async function* () {
          yield mine.chunks[0] as ImportChunk;
          // Another writer (another connection, committed at once) registers phone-3 while this import runs. No
          // check looks for it: the batch's statement skips the file's copy.
          await server.server.database.pool.query(
            // Closed: an open one would wait for the import on its counter of open cases.
            `insert into cases (tenant_id, id, number, channel, kind, external_id, status, state, text, received_at)
           values ($1, gen_random_uuid(), '2023-000001', 'phone', 'message', 'phone-3', 'closed', 'closed',
                   'Другой писатель', '2023-01-05T07:00:00Z')`,
            [fresh.id],
          );
          yield mine.chunks[1] as ImportChunk;
        },
      },
      { into: fresh, format: 'history-jsonl' },
    );
    assert.equal(report.outcome, 'completed');
    assert.equal(report.created, 3);
    assert.equal(report.present, 1);
    const rows = await server.server.database.pool.query(
      `select c.external_id as "externalId", c.received_at as "receivedAt", c.number,
              (select count(*)::int from case_events e where e.tenant_id = c.tenant_id and e.case_id = c.id) as events
         from cases c where c.tenant_id = $1 and c.channel = 'phone' order by c.external_id`,
      [fresh.id],
    );
    assert.deepEqual(
      rows.rows.map((row) => [row.externalId, new Date(row.receivedAt).getUTCFullYear()]),
      [
        ['phone-1', 2022],
        ['phone-2', 2022],
        ['phone-3', 2023],
        ['phone-4', 2022],
      ],
      'phone-3 — того, кто записал его первым',
    );
    // No check was asked: the file's phone-3 was numbered and sent, and its number stayed unused when the batch
    // skipped it (a check would have dropped it first, and phone-4 would be 2022-000003).
    assert.deepEqual(
      rows.rows.filter((row) => row.externalId !== 'phone-3').map((row) => row.number),
      ['2022-000001', '2022-000002', '2022-000004'],
    );
    const eventsOf = (externalId: string) => rows.rows.find((row) => row.externalId === externalId)?.events;
    assert.equal(eventsOf('phone-1'), 1);
    assert.equal(eventsOf('phone-3'), 0, 'лента пропущенной копии не записана к сообщению другого писателя');
    assert.equal(
      await count(
        `select count(*) from case_events e where e.tenant_id = $1
            and not exists (select 1 from cases c where c.tenant_id = e.tenant_id and c.id = e.case_id)`,
        [fresh.id],
      ),
      0,
      'записей ленты без сообщения нет',
    );
  });

  test('пачка больше куска сборки (600 сообщений): все записаны со своей лентой; оборванный эмодзи — «\ufffd»', async () => {
    const externalIds = Array.from({ length: 600 }, (_, index) => 2000 + index);
    const lines = externalIds.map((id, index) => {
      const created = new Date(Date.UTC(2021, 5, 1, 0, index)).toISOString().slice(0, 19);
      return spbLine(id, {
        created,
        statuses: [[created, 'Модерация']],
        answers: [],
        ...(id === 2433 ? { text: 'Фонарь \ud83d не горит' } : {}),
      });
    });
    const casesBefore = await countCases();
    const eventsBefore = await countEvents();
    const report = await importBatches(batches(lines));
    assert.equal(report.created, 600);
    assert.equal(await countCases(), casesBefore + 600);
    assert.equal(await countEvents(), eventsBefore + 600);
    const withOtherTimeline = await count(
      `select count(*) from cases c
        where c.tenant_id = $1 and c.channel = 'regional' and c.external_id = any($2::text[])
          and (select count(*) from case_events e where e.tenant_id = c.tenant_id and e.case_id = c.id) <> 1`,
      [tenant.id, externalIds.map(String)],
    );
    assert.equal(withOtherTimeline, 0, 'у каждого сообщения — ровно его запись ленты');
    const broken = await server.server.database.pool.query(
      `select text from cases where tenant_id = $1 and channel = 'regional' and external_id = '2433'`,
      [tenant.id],
    );
    assert.equal(broken.rows[0]?.text, 'Фонарь \ufffd не горит');
  });

  test('сообщение раньше уже записанного: проход откатывается, файл пишется заново по порядку поступления', async () => {
    const casesBefore = await countCases();
    const eventsBefore = await countEvents();
    const report = await importBatches(
      batches([datedLine(111, 10, 9), datedLine(112, 10, 12)], [datedLine(113, 10, 10), datedLine(114, 11, 9)]),
    );
    assert.equal(report.outcome, 'completed');
    assert.equal(report.created, 4);
    assert.equal(await countCases(), casesBefore + 4, 'первый проход не оставил ни строки');
    assert.equal(await countEvents(), eventsBefore + 4);
    const rows = await numbersByReceipt([111, 112, 113, 114]);
    assert.deepEqual(
      rows.map((row) => row.externalId),
      ['111', '113', '112', '114'],
    );
    const values = rows.map((row) => row.number);
    assert.deepEqual(values, [...values].sort(), 'номера — по времени поступления, не по строкам файла');
    const file = path.join(directory, 'reverse.jsonl');
    fs.writeFileSync(file, `${[datedLine(122, 12, 10), datedLine(121, 12, 9)].join('\n')}\n`);
    const reversed = await runImport(server.server.database, {
      tenant,
      format: 'spb-jsonl',
      fileName: 'reverse.jsonl',
      source: openImportFile('spb-jsonl', file, { timeZone: tenant.timezone, defaultChannel: 'form' }),
      skipInvalid: false,
      actor: { userId: null, label: 'тест' },
      startedAt: new Date(),
    });
    assert.equal(reversed.created, 2);
    const reversedRows = await numbersByReceipt([121, 122]);
    assert.ok((reversedRows[0]?.number ?? '') < (reversedRows[1]?.number ?? ''));
  });

  test('ошибка в поздней пачке: записанные пачки откатываются, в отчёте — все ошибочные строки', async () => {
    const casesBefore = await countCases();
    const eventsBefore = await countEvents();
    const source = batches(
      [datedLine(131, 15, 9), datedLine(132, 15, 10)],
      [datedLine(133, 15, 11), { line: 0, message: 'поле «lat» — 95 вне допустимого диапазона −90…90.' }],
      [datedLine(134, 15, 12), { line: 0, message: 'не JSON (Unexpected token).' }],
    );
    const report = await importBatches(source);
    assert.equal(report.outcome, 'rejected');
    assert.equal(report.created, 0);
    assert.deepEqual(
      report.rejected.map((item) => item.line),
      [4, 6],
    );
    assert.equal(report.totalLines, 6);
    assert.equal(await countCases(), casesBefore);
    assert.equal(await countEvents(), eventsBefore);
    const skipped = await importBatches(source, { skipInvalid: true });
    assert.equal(skipped.outcome, 'completed_with_rejections');
    assert.equal(skipped.created, 4);
    assert.equal(await countCases(), casesBefore + 4);
  });

  test('счётчики «открыто сейчас» после импорта равны прямому подсчёту', async () => {
    const open = (id: number) =>
      spbLine(id, {
        created: '2021-05-01T10:00:00',
        statuses: [
          ['2021-05-01T10:00:01', 'Модерация'],
          ['2021-05-02T10:00:00', 'Рассмотрение'],
        ],
        answers: id % 2 ? [['2021-05-02T12:00:00', `Отдел ${id % 3}`, 'Промежуточный ответ']] : [],
      });
    await importBatches(batches([open(141), open(142), spbLine(143)], [open(144), open(145)]));
    const counters = await server.server.database.pool.query(
      `select channel, category, recipient_id, is_fast_track, status, count from analytics_open_counts
        where tenant_id = $1 and count <> 0 order by 1, 2, 3, 4, 5`,
      [tenant.id],
    );
    const direct = await server.server.database.pool.query(
      `select channel, category, recipient_id, is_fast_track, status, count(*)::int as count from cases
        where tenant_id = $1 and status in ('new', 'moderation', 'in_work', 'answer_review')
        group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
      [tenant.id],
    );
    assert.ok(direct.rows.length > 0);
    assert.deepEqual(counters.rows, direct.rows);
  });
});

describe('настоящий файл портала, если он рядом', () => {
  test('первые 200 строк ../shared/data импортируются без отклонений', async (context) => {
    const source = path.resolve(import.meta.dirname, '../../../../../shared/data/spb-appeals-2020-2021.train.jsonl.gz');
    if (!fs.existsSync(source)) {
      context.skip('нет ../shared/data');
      return;
    }
    const lines = zlib.gunzipSync(fs.readFileSync(source)).toString('utf8').split('\n', 200);
    const report = await importSpb('spb-sample.jsonl', lines);
    assert.equal(report.rejectedCount, 0, JSON.stringify(report.rejected.slice(0, 3)));
    assert.equal(report.created + report.present, 200);
  });
});

const POS_HEADER = [
  'Номер',
  'Категория',
  'Подкатегория',
  'Факт',
  'Организация',
  'Дата поступления',
  'Фактическая дата завершения',
  'Статус',
  'Тип решения',
  'Оценка',
];

async function posWorkbook(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('ПОС');
  sheet.addRow(POS_HEADER);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function upload(
  client: TestHttpClient,
  format: string,
  content: Buffer | string,
  fileName: string,
  skipInvalid = false,
) {
  const form = new FormData();
  if (skipInvalid) form.set('skipInvalid', 'true');
  form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), fileName);
  return client.request('POST', `/api/intake/imports/${format}`, { form });
}

describe('загрузка выгрузок через API', () => {
  let coordinator: TestHttpClient;
  before(async () => {
    coordinator = new TestHttpClient(server.url);
    await coordinator.signIn('sosnovsky.pos', 'demo-otklik');
  });

  test('ПОС XLSX: 201 с отчётом, повторная загрузка — «уже было»; рубрики — в рубрикатор pos', async () => {
    const content = await posWorkbook([
      [
        'П-1',
        'Дороги',
        'Ямы',
        'Яма у школы',
        'Управление дорог',
        '01.03.2024 10:00',
        '05.03.2024 10:00',
        'Решено',
        'Решено',
        '5',
      ],
      ['П-2', 'Дороги', 'Освещение', 'Фонарь', 'Управление дорог', '02.03.2024 10:00', '', 'В работе', '', ''],
    ]);
    const first = await upload(coordinator, 'pos', content, 'выгрузка.xlsx');
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.created, 2);
    const second = await upload(coordinator, 'pos', content, 'выгрузка.xlsx');
    assert.equal(second.status, 201);
    assert.equal(second.body.created, 0);
    assert.equal(second.body.present, 2);
    assert.equal(
      await count(
        `select count(*) from rubricator_items i join rubricators r on r.id = i.rubricator_id where r.tenant_id = $1 and r.code = 'pos'`,
        [tenant.id],
      ),
      3,
    );
    const journal = await coordinator.request('GET', '/api/intake/imports');
    assert.equal(journal.status, 200);
    assert.equal(journal.body[0].fileName, 'выгрузка.xlsx');
    // «Кто» in the journal: the person's name, and the login that tells namesakes apart.
    assert.equal(journal.body[0].actorLabel, 'Зайцева Ольга Николаевна (sosnovsky.pos)');
  });

  test('ошибочные строки: 422 с каждой строкой, ничего не записано; с пропуском — 201', async () => {
    const before = await countCases();
    const csv = [
      POS_HEADER.join(';'),
      'П-10;Дороги;Ямы;Яма;Упр;01.03.2024 10:00;;В работе;;',
      'П-11;Дороги;Ямы;Яма;Упр;01.03.2024;;В работе;;11',
      'П-12;;Ямы;Яма;Упр;не дата;;;;',
    ].join('\n');
    const rejected = await upload(coordinator, 'pos', csv, 'pos.csv');
    assert.equal(rejected.status, 422);
    assert.equal(rejected.body.error.code, 'IMPORT_REJECTED');
    assert.deepEqual(
      rejected.body.error.details.report.rejected.map((item: { line: number }) => item.line),
      [3, 4],
    );
    assert.equal(await countCases(), before);
    const skipped = await upload(coordinator, 'pos', csv, 'pos.csv', true);
    assert.equal(skipped.status, 201);
    assert.equal(skipped.body.created, 1);
    assert.equal(await countCases(), before + 1);
  });

  test('мусор вместо таблицы — 422 с причиной, не 500; без файла — 400; чужая роль — 403; без входа — 401', async () => {
    const garbage = await upload(coordinator, 'pos', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.xlsx');
    assert.equal(garbage.status, 422);
    assert.match(garbage.body.error.fields[0].message, /книгу Excel/);
    const noFile = await coordinator.request('POST', '/api/intake/imports/pos', { form: new FormData() });
    assert.equal(noFile.status, 400);
    const im = await upload(coordinator, 'im', 'Номер инцидента;Текст;Дата создания\n1;т;01.01.2024', 'im.csv');
    assert.equal(im.status, 403);
    const executor = new TestHttpClient(server.url);
    await executor.signIn('sosnovsky.executor', 'demo-otklik');
    assert.equal((await upload(executor, 'pos', 'x', 'x.csv')).status, 403);
    assert.equal((await executor.request('GET', '/api/intake/imports')).status, 403);
    const anonymous = new TestHttpClient(server.url);
    assert.equal((await upload(anonymous, 'pos', 'x', 'x.csv')).status, 401);
  });

  test('ИМ: координатор ИМ загружает CSV; темы — в рубрикатор im', async () => {
    const imCoordinator = new TestHttpClient(server.url);
    await imCoordinator.signIn('sosnovsky.im', 'demo-otklik');
    const csv = [
      'Номер инцидента;Текст;Группа тем;Тема;Урл блога;Муниципалитет;Дата создания;Дата закрытия;Важность;Время до ответа;Причина закрытия;Адрес',
      'И-1;Нет воды в доме;ЖКХ;Водоснабжение;https://vk.com/wall-1_2;Сосновский;01.02.2024 09:00;01.02.2024 12:00;Повышенная;3 ч;Автор доволен;ул. Мира, 3',
    ].join('\n');
    const response = await upload(imCoordinator, 'im', csv, 'im.csv');
    assert.equal(response.status, 201, JSON.stringify(response.body));
    assert.equal(response.body.created, 1);
    const row = await server.server.database.pool.query(
      `select channel, state, is_fast_track as "isFastTrack" from cases where tenant_id = $1 and external_id = 'И-1'`,
      [tenant.id],
    );
    assert.deepEqual(row.rows[0], { channel: 'im', state: 'closed', isFastTrack: true });
  });
});
