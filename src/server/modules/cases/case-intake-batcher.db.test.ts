import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { CasePriority } from '../../../shared/routing/index.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { createTestDatabase } from '../../test-support/test-database.js';
import { createTenant } from '../organization/index.js';
import { type IncomingCase, registerIncomingCase, settleBackgroundGrouping } from './case-intake.service.js';
import { IncomingCaseBatcher, intakeBatcherOf, type PendingCaseRow } from './case-intake-batcher.js';

// Group commit of single registrations: cases registered at the same time are written by one statement,
// and every caller still gets exactly its own outcome — duplicates once, a bad case failing alone,
// tenants apart — with the same rows a case registered on its own gets.

let database: Database;
let north: { id: string; timezone: string };
let south: { id: string; timezone: string };

before(async () => {
  database = await createTestDatabase();
  const create = async (slug: string, name: string) => {
    const tenant = await createTenant(database, {
      slug,
      name,
      shortName: name,
      kind: 'municipality',
      parentSlug: null,
      timezone: 'Europe/Moscow',
    });
    return { id: tenant.id, timezone: 'Europe/Moscow' };
  };
  north = await create('batch-north', 'Северный городской округ');
  south = await create('batch-south', 'Южный городской округ');
});
after(async () => {
  await settleBackgroundGrouping();
  await database.close();
});

async function query<T = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> {
  return (await database.pool.query(sql, values)).rows as T[];
}

function incoming(
  tenant: { id: string; timezone: string },
  externalId: string,
  extra: Partial<IncomingCase> = {},
): IncomingCase {
  return {
    tenant,
    channel: 'im',
    kind: 'message',
    externalId,
    text: `Не горит фонарь у дома ${externalId}`,
    category: 'Освещение',
    address: `ул. Ленина, ${externalId}`,
    latitude: 55.75,
    longitude: 37.61,
    applicantName: 'Иван Петров',
    applicantPhone: null,
    applicantEmail: 'ivan@example.ru',
    actor: { userId: null, role: 'api', details: { apiKeyName: 'замер' } },
    origin: { ipAddress: '127.0.0.1', requestId: `request-${externalId}` },
    ...extra,
  };
}

/** A ready row for the batcher itself (numbers in their own range, so they never meet registered ones). */
let rowNumber = 900_000;
function row(tenantId: string, externalId: string, extra: Partial<PendingCaseRow> = {}): PendingCaseRow {
  rowNumber += 1;
  const receivedAt = new Date();
  return {
    id: crypto.randomUUID(),
    number: `${receivedAt.getUTCFullYear()}-${rowNumber}`,
    tenantId,
    channel: 'im',
    kind: 'message',
    externalId,
    status: 'new',
    workflowId: null as unknown as string,
    state: null as unknown as string,
    text: `Строка ${externalId}`,
    category: null,
    subcategory: null,
    address: null,
    district: null,
    latitude: null,
    longitude: null,
    applicantName: null,
    applicantPhone: null,
    applicantEmail: null,
    isFastTrack: false,
    recipientId: null,
    executorId: null,
    priority: 'normal',
    tags: [],
    applicantType: null,
    receivedAt,
    dueAt: null,
    timers: [],
    event: { actorId: null, actorRole: 'api', payload: { channel: 'im', kind: 'message' }, events: ['case.created'] },
    routing: null,
    classification: null,
    audit: { actorUserId: null, details: {}, ipAddress: null, requestId: null },
    submission: null,
    idempotency: null,
    ...extra,
  };
}

describe('групповая запись регистраций', () => {
  test('одна пачка: повтор записан один раз, плохое сообщение падает одно, муниципалитеты раздельно', async () => {
    const batcher = new IncomingCaseBatcher(database.pool, database.mode === 'server');
    const rows = [
      row(north.id, 'b-1'),
      row(north.id, 'b-2'),
      row(north.id, 'b-1'), // the same (channel, external id) again in the same batch
      row(south.id, 'b-1'), // the same external id in another tenant: its own case
      row(north.id, 'b-bad', { priority: 'bogus' }), // violates cases_priority_check
      row(south.id, 'b-3'),
    ];
    // Queued by one synchronous run: all six are one batch.
    const outcomes = await Promise.allSettled(rows.map((pending) => batcher.write(pending)));
    assert.equal(batcher.statistics.batches, 1);
    assert.equal(batcher.statistics.fallbacks, 1, 'the batch statement failed and was written case by case');
    const [first, second, duplicate, southFirst, bad, southThird] = outcomes;
    assert.equal(bad?.status, 'rejected');
    assert.match(String((bad as PromiseRejectedResult).reason?.message), /cases_priority_check/);
    for (const [index, outcome] of [first, second, southFirst, southThird].entries()) {
      assert.equal(outcome?.status, 'fulfilled', `case ${index}`);
      assert.ok((outcome as PromiseFulfilledResult<unknown>).value, `case ${index} written`);
    }
    assert.deepEqual(duplicate, { status: 'fulfilled', value: undefined }, 'the duplicate reads the existing case');
    const written = await query<{ tenant: string; externalId: string; id: string }>(
      `select t.slug as tenant, c.external_id as "externalId", c.id from cases c join tenants t on t.id = c.tenant_id
        where c.external_id like 'b-%' order by 1, 2`,
    );
    assert.deepEqual(
      written.map((item) => `${item.tenant}/${item.externalId}`),
      ['batch-north/b-1', 'batch-north/b-2', 'batch-south/b-1', 'batch-south/b-3'],
    );
    const idOf = (outcome: PromiseSettledResult<unknown> | undefined) =>
      (outcome as PromiseFulfilledResult<{ id: string }> | undefined)?.value.id;
    assert.equal(written.find((item) => item.tenant === 'batch-north' && item.externalId === 'b-1')?.id, idOf(first));
    assert.equal(
      written.find((item) => item.tenant === 'batch-south' && item.externalId === 'b-1')?.id,
      idOf(southFirst),
    );
    const [events] = await query<{ created: number; audit: number }>(
      `select (select count(*)::int from case_events e join cases c on c.tenant_id = e.tenant_id and c.id = e.case_id
                where c.external_id like 'b-%' and e.action = 'created') as created,
              (select count(*)::int from audit_log where action = 'case.created'
                and after->>'externalId' like 'b-%') as audit`,
    );
    assert.deepEqual(events, { created: 4, audit: 4 });
  });

  test('одиночное сообщение пишется сразу отдельной пачкой', async () => {
    const batcher = new IncomingCaseBatcher(database.pool, database.mode === 'server');
    const alone = await batcher.write(row(north.id, 'alone-1'));
    assert.ok(alone);
    assert.deepEqual(batcher.statistics, { batches: 1, cases: 1, largest: 1, fallbacks: 0 });
  });

  test('сотни одновременных регистраций с повторами и одной ошибкой: каждому свой ответ, счёт в базе точный', async () => {
    const batcher = intakeBatcherOf(database.pool, database.mode === 'server');
    const before = { ...batcher.statistics };
    const calls: Array<{ tenant: string; externalId: string; isBad: boolean }> = [];
    for (let index = 0; index < 150; index += 1)
      calls.push({ tenant: 'north', externalId: `p-${index}`, isBad: false });
    for (let index = 0; index < 30; index += 1) calls.push({ tenant: 'north', externalId: `p-${index}`, isBad: false });
    for (let index = 0; index < 60; index += 1) calls.push({ tenant: 'south', externalId: `p-${index}`, isBad: false });
    calls.splice(97, 0, { tenant: 'north', externalId: 'p-bad', isBad: true });
    const outcomes = await Promise.allSettled(
      calls.map((call) =>
        registerIncomingCase(
          database,
          incoming(
            call.tenant === 'north' ? north : south,
            call.externalId,
            call.isBad ? { priority: 'bogus' as CasePriority } : {},
          ),
        ),
      ),
    );
    const grew = batcher.statistics;
    assert.ok(grew.largest > 1, `cases written together: ${JSON.stringify(grew)}`);
    assert.ok(grew.batches - before.batches < calls.length, `fewer statements than cases: ${JSON.stringify(grew)}`);

    const byCase = new Map<string, Array<{ id: string; number: string; isCreated: boolean }>>();
    for (const [index, outcome] of outcomes.entries()) {
      const call = calls[index];
      assert.ok(call);
      if (call.isBad) {
        assert.equal(outcome.status, 'rejected');
        continue;
      }
      assert.equal(outcome.status, 'fulfilled', `${call.tenant}/${call.externalId}`);
      const key = `${call.tenant}/${call.externalId}`;
      byCase.set(key, [...(byCase.get(key) ?? []), (outcome as PromiseFulfilledResult<never>).value]);
    }
    assert.equal(byCase.size, 210);
    for (const [key, answers] of byCase) {
      assert.equal(answers.filter((answer) => answer.isCreated).length, 1, `${key}: created once`);
      assert.equal(new Set(answers.map((answer) => answer.id)).size, 1, `${key}: one case for every answer`);
      assert.equal(new Set(answers.map((answer) => answer.number)).size, 1, `${key}: one number`);
    }
    const counts = await query<{ slug: string; cases: number; numbers: number; created: number; audit: number }>(
      `select t.slug, count(*)::int as cases, count(distinct c.number)::int as numbers,
              sum((select count(*) from case_events e where e.tenant_id = c.tenant_id and e.case_id = c.id
                    and e.action = 'created'))::int as created,
              sum((select count(*) from audit_log a where a.tenant_id = c.tenant_id and a.object_id = c.id::text
                    and a.action = 'case.created'))::int as audit
         from cases c join tenants t on t.id = c.tenant_id
        where c.external_id like 'p-%' group by t.slug order by t.slug`,
    );
    assert.deepEqual(counts, [
      { slug: 'batch-north', cases: 150, numbers: 150, created: 150, audit: 150 },
      { slug: 'batch-south', cases: 60, numbers: 60, created: 60, audit: 60 },
    ]);
    const timers = await query<{ perCase: number[] }>(
      `select array_agg(distinct (select count(*)::int from case_timers m where m.tenant_id = c.tenant_id
                                   and m.case_id = c.id)) as "perCase"
         from cases c where c.external_id like 'p-%'`,
    );
    assert.equal(timers[0]?.perCase.length, 1, 'every case has the same timers');
    assert.ok((timers[0]?.perCase[0] ?? 0) > 0, 'SLA timers written');
  });

  test('в пачке — те же строки, что у сообщения, записанного отдельно в транзакции', async () => {
    const alone = await withTransaction(database.pool, (client) =>
      registerIncomingCase(database, incoming(north, 'same-alone', { text: 'Один и тот же текст' }), client),
    );
    const [batched] = await Promise.all([
      registerIncomingCase(database, incoming(north, 'same-batched', { text: 'Один и тот же текст' })),
      registerIncomingCase(database, incoming(north, 'same-neighbour')),
    ]);
    assert.ok(alone.isCreated && batched.isCreated);
    const shape = async (caseId: string) => {
      const [kase] = await query(
        `select channel, kind, status, workflow_id, state, text, category, latitude, longitude, applicant_name,
                applicant_email, priority, tags, is_fast_track, recipient_id, due_at is null as is_without_due
           from cases where tenant_id = $1 and id = $2`,
        [north.id, caseId],
      );
      const events = await query(
        `select action, actor_role, to_state, payload, events from case_events
          where tenant_id = $1 and case_id = $2 and action <> 'clustered' order by id`,
        [north.id, caseId],
      );
      const timers = await query(
        `select kind, policy_name, schedule_id, duration, warn_at is null as is_without_warning from case_timers
          where tenant_id = $1 and case_id = $2 order by kind`,
        [north.id, caseId],
      );
      const audit = await query(
        `select action, object_type, after - 'externalId' as after, details, ip_address from audit_log
          where tenant_id = $1 and object_id = $2 and action like 'case.%' order by id`,
        [north.id, caseId],
      );
      return { kase, events, timers, audit };
    };
    assert.deepEqual(await shape(batched.id), await shape(alone.id));
  });
});
