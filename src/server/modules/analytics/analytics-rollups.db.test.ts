import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { HISTOGRAM_RELATIVE_ERROR } from '../../../shared/analytics/histogram.js';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../test-support/test-database.js';
import { createTenant, findTenantBySlug, insertRecipient } from '../organization/index.js';
import { countSnapshot, countSnapshotDirect } from './analytics.repository.js';
import {
  type AnalyticsReader,
  computeDashboard,
  computeHeatmap,
  computeRatings,
  type FigureSource,
  resolveFilter,
} from './analytics.service.js';
import { refreshCaseMeasures } from './analytics-measures.service.js';
import { rebuildRollups, splitPeriod } from './analytics-rollups.repository.js';
import { rebuildTenantRollups } from './analytics-rollups.service.js';
import { buildCase } from './test-support/analytics-fixtures.js';

// Every figure the rollups serve equals the direct count over the facts (medians: within the documented
// histogram error), after random case changes applied incrementally, and the incrementally kept rollups
// equal a full rebuild.

let database: Database;
const tenantIds: string[] = [];
let regionId = '';
const recipients: string[] = [];
const caseIds: string[] = [];
const NOW = new Date('2021-07-01T12:00:00+03:00');
const CHANNELS = ['pos', 'im', 'email', 'form'] as const;
const STATUSES = ['new', 'in_work', 'answer_review', 'answered', 'closed', 'rejected'] as const;

function day(offset: number): string {
  const date = new Date(Date.UTC(2021, 0, 1) + offset * 86_400_000);
  return date.toISOString().slice(0, 10);
}

async function addRandomCase(random: () => number): Promise<void> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const received = new Date(Date.UTC(2021, 0, 1, 5) + Math.floor(random() * 180 * 24) * 3_600_000);
  const status = pick(STATUSES);
  const isAnswered = status === 'answered' || status === 'closed';
  const due = new Date(received.getTime() + (1 + Math.floor(random() * 10)) * 86_400_000);
  const answered = new Date(received.getTime() + Math.floor(random() * 12 * 86_400_000));
  const id = await buildCase(database.pool, pick(tenantIds), {
    channel: pick(CHANNELS),
    category: pick(['Дороги', 'ЖКХ', 'Мусор', null]),
    district: pick(['Центральный', 'Северный', null]),
    recipientId: pick([...recipients, null]),
    status,
    receivedAt: received.toISOString(),
    dueAt: random() < 0.9 ? due.toISOString() : null,
    answerStoppedAt: isAnswered ? answered.toISOString() : null,
    reactionStoppedAt: random() < 0.5 ? new Date(received.getTime() + random() * 8 * 3_600_000).toISOString() : null,
    result: isAnswered ? pick(['resolved', 'explained', null] as const) : null,
    rating: isAnswered && random() < 0.6 ? 1 + Math.floor(random() * 5) : null,
    reopenCount: random() < 0.1 ? 1 : 0,
    returns: random() < 0.1 ? 1 : 0,
    answerText: isAnswered
      ? pick(['Обращение рассмотрено, принято к сведению.', 'Яма заделана 12.05.2021.', 'Мусор вывезен.'])
      : null,
  });
  caseIds.push(id);
}

/** A random change of one case, as the workflows make them (the case's version and updated_at move). */
async function changeRandomCase(random: () => number): Promise<void> {
  const id = caseIds[Math.floor(random() * caseIds.length)] ?? '';
  const kind = Math.floor(random() * 9);
  const pool = database.pool;
  if (kind === 0) {
    // Answered now: status and the answer timer stop.
    await pool.query(
      `update case_timers set stopped_at = received.r + interval '30 hours'
      from (select received_at as r from cases where id = $1) received where case_id = $1 and kind = 'answer'`,
      [id],
    );
    await pool.query(`update cases set status = 'answered', result = 'resolved' where id = $1`, [id]);
  } else if (kind === 1) {
    // Reopened: back to work, the answer timer runs again.
    await pool.query(`update case_timers set stopped_at = null where case_id = $1 and kind = 'answer'`, [id]);
    await pool.query(`update cases set status = 'in_work', reopen_count = reopen_count + 1 where id = $1`, [id]);
  } else if (kind === 2) {
    await pool.query(`update cases set rating = $2 where id = $1`, [id, 1 + Math.floor(random() * 5)]);
  } else if (kind === 3) {
    await pool.query(`update cases set recipient_id = $2, category = $3 where id = $1`, [
      id,
      recipients[Math.floor(random() * recipients.length)] ?? null,
      random() < 0.5 ? 'Освещение' : 'Дороги',
    ]);
  } else if (kind === 4) {
    await pool.query(`update cases set status = 'closed', is_fast_track = not is_fast_track where id = $1`, [id]);
  } else if (kind === 5) {
    // A human decides on the отписка (or withdraws the decision).
    const existing = await pool.query('select 1 from analytics_answer_reviews where case_id = $1', [id]);
    if ((existing.rowCount ?? 0) > 0) await pool.query('delete from analytics_answer_reviews where case_id = $1', [id]);
    else {
      await pool.query(
        `insert into analytics_answer_reviews (tenant_id, case_id, is_otpiska) select tenant_id, id, $2 from cases where id = $1`,
        [id, random() < 0.5],
      );
    }
    return;
  } else if (kind === 7) {
    // A due time around now (due today, later, or just passed) and back to work: the «сейчас» figures.
    await pool.query(`update cases set status = $2, due_at = now() + make_interval(hours => $3) where id = $1`, [
      id,
      random() < 0.5 ? 'new' : 'answer_review',
      Math.floor(random() * 72) - 24,
    ]);
  } else if (kind === 8) {
    // Moved to another municipality's channel and status group in one statement with another case.
    await pool.query(
      `update cases set channel = 'im', status = case when status = 'closed' then 'in_work' else 'closed' end
      where id = any($1::uuid[])`,
      [[id, caseIds[Math.floor(random() * caseIds.length)] ?? id]],
    );
  } else {
    // The case's facts are removed (a case withdrawn from analytics) and come back on the next change.
    await pool.query('delete from analytics_case_measures where case_id = $1', [id]);
    return;
  }
  await pool.query(`update cases set version = version + 1, updated_at = now() + interval '1 second' where id = $1`, [
    id,
  ]);
}

function closeTo(left: number | null, right: number | null, label: string): void {
  if (left === null || right === null) {
    assert.equal(left, right, label);
    return;
  }
  // Hours are rounded to 0.1 after the histogram's relative error.
  assert.ok(
    Math.abs(left - right) <= HISTOGRAM_RELATIVE_ERROR * Math.max(left, right) + 0.1,
    `${label}: ${left} ≠ ${right}`,
  );
}

async function compareAll(reader: AnalyticsReader, period: { from: string; to: string }, filter: object) {
  const resolved = resolveFilter(reader, { ...period, ...filter }, NOW);
  const figures = async (source: FigureSource) => ({
    dashboard: await computeDashboard(database, resolved, NOW, source),
    heatmap: await computeHeatmap(database, resolved, source),
    ratings: await computeRatings(database, resolved, { settingsTenantId: tenantIds[0] ?? '', source }),
  });
  // «Открыто / срок сегодня / просрочено сейчас» from the open-now counters equal the direct count.
  const todayEnd = new Date(Date.now() + 6 * 3_600_000);
  assert.deepEqual(
    await countSnapshot(database.pool, resolved.scope, todayEnd),
    await countSnapshotDirect(database.pool, resolved.scope, todayEnd),
    `сейчас ${JSON.stringify(filter)}`,
  );
  const fromRollups = await figures('auto');
  const direct = await figures('facts');
  const label = `${JSON.stringify(period)} ${JSON.stringify(filter)}`;
  const { medianAnswerHours, medianFirstReactionHours, ...dashboard } = fromRollups.dashboard;
  const {
    medianAnswerHours: directAnswer,
    medianFirstReactionHours: directReaction,
    ...directDashboard
  } = direct.dashboard;
  closeTo(medianAnswerHours, directAnswer, `медиана ответа ${label}`);
  closeTo(medianFirstReactionHours, directReaction, `медиана реакции ${label}`);
  assert.deepEqual(
    { ...dashboard, perDay: sortBy(dashboard.perDay), topGrowingTopics: sortBy(dashboard.topGrowingTopics) },
    {
      ...directDashboard,
      perDay: sortBy(directDashboard.perDay),
      topGrowingTopics: sortBy(directDashboard.topGrowingTopics),
    },
    `панель ${label}`,
  );
  assert.deepEqual(sortBy(fromRollups.heatmap.cells), sortBy(direct.heatmap.cells), `карта ${label}`);
  assert.deepEqual(sortBy(fromRollups.heatmap.territories), sortBy(direct.heatmap.territories), `территории ${label}`);
  const ratingOf = (ratings: typeof direct.ratings) =>
    sortBy(
      ratings.rows.flatMap((row) =>
        [{ ...row.overall, channel: 'всего' }, ...row.byChannel].map((figures) => {
          const { medianAnswerHours: median, scores, score, ...rest } = figures;
          return { id: row.id, ...rest, median, timeliness: scores.timeliness, satisfaction: scores.satisfaction };
        }),
      ),
    );
  const rollupRatings = ratingOf(fromRollups.ratings);
  const directRatings = ratingOf(direct.ratings);
  assert.equal(rollupRatings.length, directRatings.length, `рейтинг ${label}`);
  for (const [index, row] of rollupRatings.entries()) {
    const expected = directRatings[index];
    assert.ok(expected);
    closeTo(row.median, expected.median, `рейтинг, медиана ${label}`);
    assert.deepEqual({ ...row, median: 0 }, { ...expected, median: 0 }, `рейтинг ${label}`);
  }
}

function sortBy<T>(items: T[]): T[] {
  const key = (item: T) => JSON.stringify(item);
  return [...items]
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.item);
}

function region0(): AnalyticsReader {
  return { tenantIds, isRegion: true, timezone: 'Europe/Moscow' };
}

async function openCountsSnapshot(): Promise<string[]> {
  const result = await database.pool.query<{ row: string }>(
    `select row(tenant_id, channel, category, recipient_id, is_fast_track, status, count)::text as row
       from analytics_open_counts where count <> 0 order by 1`,
  );
  return result.rows.map((item) => item.row);
}

async function rollupSnapshot(): Promise<string[]> {
  const result = await database.pool.query<{ row: string }>(
    `select row(tenant_id, cube, grain, period_start, channel, category, district, recipient_id,
              received, answered, answered_on_time, answered_late, rated, rated_high, rating_sum, resolved, explained, otpiska,
              returned, returns, reopened, reopens, reaction_count, reaction_minutes, answer_count, answer_minutes,
              nullif(reaction_hist, array_fill(0, array[96])), nullif(answer_hist, array_fill(0, array[96])))::text as row
       from analytics_rollups where received <> 0 order by 1`,
  );
  return result.rows.map((item) => item.row);
}

before(async () => {
  database = await createTestDatabase();
  await createTenant(database, {
    slug: 'svertki-obl',
    name: 'Область свёрток',
    shortName: 'Свёрточная',
    kind: 'region',
    parentSlug: null,
    timezone: 'Europe/Moscow',
  });
  for (const slug of ['svertki-1', 'svertki-2']) {
    await createTenant(database, {
      slug,
      name: `Город ${slug}`,
      shortName: slug,
      kind: 'municipality',
      parentSlug: 'svertki-obl',
      timezone: 'Europe/Moscow',
    });
    const tenant = await findTenantBySlug(database.pool, slug);
    assert.ok(tenant);
    tenantIds.push(tenant.id);
    for (const name of ['Дороги', 'ЖКХ']) {
      recipients.push(
        await insertRecipient(database.pool, {
          tenantId: tenant.id,
          parentId: null,
          kind: 'department',
          name,
          shortName: name,
        }),
      );
    }
  }
  const region = await findTenantBySlug(database.pool, 'svertki-obl');
  regionId = region?.id ?? '';
});

after(async () => {
  await database.close();
});

describe('свёртки аналитики', () => {
  test('целые месяцы периода читаются помесячно, края — по дням', () => {
    assert.deepEqual(splitPeriod('2021-04-01', '2021-06-30'), { monthsFrom: '2021-04-01', monthsTo: '2021-07-01' });
    assert.deepEqual(splitPeriod('2021-03-15', '2021-05-10'), { monthsFrom: '2021-04-01', monthsTo: '2021-05-01' });
    assert.deepEqual(splitPeriod('2021-03-15', '2021-03-31'), { monthsFrom: '2021-03-15', monthsTo: '2021-03-15' });
    assert.deepEqual(splitPeriod('2021-12-31', '2022-01-31'), { monthsFrom: '2022-01-01', monthsTo: '2022-02-01' });
  });

  test('каждая цифра из свёрток равна прямому подсчёту после случайных изменений', async () => {
    const municipality: AnalyticsReader = {
      tenantIds: [tenantIds[0] ?? ''],
      isRegion: false,
      timezone: 'Europe/Moscow',
    };
    const region: AnalyticsReader = { tenantIds, isRegion: true, timezone: 'Europe/Moscow' };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 1, max: 120 }),
        fc.record({
          channel: fc.constantFrom(undefined, 'pos', 'im'),
          state: fc.constantFrom(undefined, 'open', 'closed'),
          isFastTrack: fc.constantFrom(undefined, 'true', 'false'),
          category: fc.constantFrom(undefined, 'Дороги'),
        }),
        async (seed, start, length, rawFilter) => {
          let state = seed;
          const random = () => {
            state = (state * 48_271) % 2_147_483_647;
            return state / 2_147_483_647;
          };
          const cases = caseIds.length < 120 ? 40 : 5;
          for (let index = 0; index < cases; index += 1) await addRandomCase(random);
          for (let index = 0; index < 25; index += 1) await changeRandomCase(random);
          await refreshCaseMeasures(database.pool);
          const filter = Object.fromEntries(Object.entries(rawFilter).filter(([, value]) => value !== undefined));
          const period = { from: day(start), to: day(Math.min(start + length, 200)) };
          await compareAll(municipality, period, filter);
          await compareAll(region, period, filter);
        },
      ),
      { numRuns: 12 },
    );
    // The rollups kept by deltas equal the ones a full rebuild computes.
    const incremental = await rollupSnapshot();
    assert.ok(incremental.length > 0);
    const openCounts = await openCountsSnapshot();
    assert.ok(openCounts.length > 0);
    for (const tenantId of tenantIds) await rebuildRollups(database.pool, tenantId);
    assert.deepEqual(await rollupSnapshot(), incremental);
    assert.deepEqual(await openCountsSnapshot(), openCounts);
    // Recovery: damaged rollups are repaired by the rebuild command's service (a region rebuilds its
    // municipalities), and the rebuild is audited.
    await database.pool.query('update analytics_rollups set received = received + 5, otpiska = otpiska + 1');
    assert.notDeepEqual(await rollupSnapshot(), incremental);
    const rebuilt = await rebuildTenantRollups(database, { tenantSlug: 'svertki-obl' });
    assert.deepEqual(rebuilt.map((item) => item.slug).sort(), ['svertki-1', 'svertki-2', 'svertki-obl']);
    assert.deepEqual(await rollupSnapshot(), incremental);
    const audit = await database.pool.query(
      `select count(*)::int as count from audit_log where action = 'analytics.rollups_rebuilt' and tenant_id = any($1::uuid[])`,
      [tenantIds],
    );
    assert.equal(audit.rows[0]?.count, 2);
    assert.ok(regionId);
    // Deleted cases leave the open-now counters (statement trigger on delete).
    await database.pool.query(`delete from analytics_case_measures where case_id = any($1::uuid[])`, [
      caseIds.slice(0, 3),
    ]);
    const open = await countSnapshot(database.pool, resolveFilter(region0(), {}, NOW).scope, new Date());
    const deleted = await database.pool.query<{ open: number }>(
      `with timers as (delete from case_timers where case_id = any($1::uuid[])),
            events as (delete from case_events where case_id = any($1::uuid[])),
            reviews as (delete from analytics_answer_reviews where case_id = any($1::uuid[])),
            gone as (delete from cases where id = any($1::uuid[]) returning status)
       select count(*) filter (where status in ('new', 'moderation', 'in_work', 'answer_review'))::int as open from gone`,
      [caseIds.slice(0, 3)],
    );
    const afterDelete = await countSnapshot(database.pool, resolveFilter(region0(), {}, NOW).scope, new Date());
    assert.equal(afterDelete.openNow, open.openNow - (deleted.rows[0]?.open ?? 0));
    assert.deepEqual(
      afterDelete,
      await countSnapshotDirect(database.pool, resolveFilter(region0(), {}, NOW).scope, new Date()),
    );
  });
});
