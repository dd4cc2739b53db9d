import { histogramMedian } from '../../../shared/analytics/histogram.js';
import type { Channel } from '../../../shared/channels.js';
import type { Queryable } from '../../platform/audit.js';
import {
  type AnalyticsScope,
  buildWhere,
  type PeriodCounts,
  type RatingRow,
  TOPIC_EXPRESSION,
  Where,
} from './analytics.repository.js';

// SQL over `analytics_rollups` (migration 0017): daily and monthly sums per cube of dimensions, kept by
// triggers in the same transaction as the facts. A query reads whole months where the period covers
// them and days at its edges. The time-dependent part of «с нарушением срока» (open, unanswered, due
// already passed) cannot be summed ahead, so it is counted live on the facts' partial index.

/** A dimension a filter or a grouping needs. */
export type RollupDimension = 'channel' | 'recipient' | 'state' | 'fast_track' | 'category' | 'district';

/** The cubes of the migration, smallest first; a query reads the first one that has all its dimensions. */
const CUBES: Array<{ id: number; dimensions: ReadonlySet<RollupDimension>; hasHistograms: boolean }> = [
  { id: 1, dimensions: new Set(['channel']), hasHistograms: true },
  { id: 2, dimensions: new Set(['channel', 'recipient']), hasHistograms: true },
  { id: 3, dimensions: new Set(['channel', 'category', 'district']), hasHistograms: false },
];

/** The scope with its period as local dates (inclusive) of the tenants' common time zone. */
export type RollupScope = AnalyticsScope & { fromDate: string; toDate: string };

export function filterDimensions(scope: AnalyticsScope): RollupDimension[] {
  const dimensions: RollupDimension[] = [];
  if (scope.channel) dimensions.push('channel');
  if (scope.category) dimensions.push('category');
  if (scope.recipientId) dimensions.push('recipient');
  if (scope.stateGroup) dimensions.push('state');
  if (scope.isFastTrack !== undefined) dimensions.push('fast_track');
  return dimensions;
}

/**
 * The cube able to answer a query with these dimensions (and medians, if asked), or null: then the query
 * reads the facts. State and fast-track filters are not rollup dimensions (they narrow the facts read).
 */
export function chooseCube(
  dimensions: readonly RollupDimension[],
  options: { needsMedians?: boolean } = {},
): number | null {
  return (
    CUBES.find(
      (cube) =>
        (!options.needsMedians || cube.hasHistograms) &&
        dimensions.every((dimension) => cube.dimensions.has(dimension)),
    )?.id ?? null
  );
}

function addDays(date: string, days: number): string {
  const instant = new Date(`${date}T00:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + days);
  return instant.toISOString().slice(0, 10);
}

/**
 * Whole months inside [fromDate, toDate] as [monthsFrom, monthsTo) (equal when there are none); the
 * days before monthsFrom and from monthsTo on are read at day grain.
 */
export function splitPeriod(fromDate: string, toDate: string): { monthsFrom: string; monthsTo: string } {
  const monthsFrom = fromDate.endsWith('-01')
    ? fromDate
    : `${addDays(`${fromDate.slice(0, 7)}-01`, 32).slice(0, 7)}-01`;
  const afterEnd = addDays(toDate, 1);
  const monthsTo = `${afterEnd.slice(0, 7)}-01`;
  return monthsFrom < monthsTo ? { monthsFrom, monthsTo } : { monthsFrom: fromDate, monthsTo: fromDate };
}

/** Tenant, period and filter conditions on rollups aliased `r` of one cube. */
function rollupWhere(scope: RollupScope, cube: number, options: { isDaily?: boolean } = {}): Where {
  const where = new Where();
  where.add(`r.tenant_id = any(${where.param(scope.tenantIds, '::uuid[]')})`);
  where.add(`r.cube = ${where.param(cube, '::smallint')}`);
  const from = where.param(scope.fromDate, '::date');
  const to = where.param(scope.toDate, '::date');
  if (options.isDaily) {
    where.add(`r.grain = 'd' and r.period_start >= ${from} and r.period_start <= ${to}`);
  } else {
    const { monthsFrom, monthsTo } = splitPeriod(scope.fromDate, scope.toDate);
    const monthsStart = where.param(monthsFrom, '::date');
    const monthsEnd = where.param(monthsTo, '::date');
    where.add(`((r.grain = 'm' and r.period_start >= ${monthsStart} and r.period_start < ${monthsEnd})
      or (r.grain = 'd' and ((r.period_start >= ${from} and r.period_start < ${monthsStart})
        or (r.period_start >= ${monthsEnd} and r.period_start <= ${to}))))`);
  }
  if (scope.channel) where.add(`r.channel = ${where.param(scope.channel)}`);
  if (scope.category) where.add(`r.category = ${where.param(scope.category)}`);
  if (scope.recipientId) where.add(`r.recipient_id = ${where.param(scope.recipientId, '::uuid')}`);
  return where;
}

/**
 * The received counts of a period's rows of one cube as three simple range reads (whole months, the days
 * before them, the days after them) joined by UNION ALL: each branch is an index-only range scan of
 * analytics_rollups_received_idx (migration 0022), where the OR of rollupWhere would need a bitmap scan
 * of the wide rollup rows.
 */
function receivedRows(scope: RollupScope, cube: number): { sql: string; values: unknown[] } {
  const where = new Where();
  const tenants = where.param(scope.tenantIds, '::uuid[]');
  const from = where.param(scope.fromDate, '::date');
  const to = where.param(scope.toDate, '::date');
  const { monthsFrom, monthsTo } = splitPeriod(scope.fromDate, scope.toDate);
  const monthsStart = where.param(monthsFrom, '::date');
  const monthsEnd = where.param(monthsTo, '::date');
  const filters: string[] = [];
  if (scope.channel) filters.push(`r.channel = ${where.param(scope.channel)}`);
  if (scope.category) filters.push(`r.category = ${where.param(scope.category)}`);
  if (scope.recipientId) filters.push(`r.recipient_id = ${where.param(scope.recipientId, '::uuid')}`);
  // The cube is a number of CUBES, written as a literal so that the partial index's predicate matches.
  const common = [`r.tenant_id = any(${tenants})`, `r.cube = ${Number(cube)}`, ...filters].join(' and ');
  const branches = [
    `r.grain = 'm' and r.period_start >= ${monthsStart} and r.period_start < ${monthsEnd}`,
    `r.grain = 'd' and r.period_start >= ${from} and r.period_start < ${monthsStart}`,
    `r.grain = 'd' and r.period_start >= ${monthsEnd} and r.period_start <= ${to}`,
  ].map(
    (branch) =>
      `select r.tenant_id, r.category, r.district, r.received from analytics_rollups r where ${common} and ${branch}`,
  );
  return { sql: `(${branches.join(' union all ')}) r`, values: where.values };
}

/** Open, unanswered, due passed before now: counted live (with the same filters and period). */
const PENDING_LATE = `c.answered_at is null and c.answer_due_at is not null
  and c.status in ('new', 'moderation', 'in_work', 'answer_review') and c.answer_due_at < now()`;

const ROLLUP_SUMS = `coalesce(sum(r.received), 0)::int as received,
  coalesce(sum(r.answered), 0)::int as answered,
  coalesce(sum(r.answered_on_time), 0)::int as "answeredOnTime",
  coalesce(sum(r.answered_late), 0)::int as late,
  coalesce(sum(r.rated), 0)::int as rated,
  coalesce(sum(r.rated_high), 0)::int as "ratedHigh",
  coalesce(sum(r.rating_sum), 0)::int as "ratingSum",
  coalesce(sum(r.resolved), 0)::int as resolved,
  coalesce(sum(r.explained), 0)::int as explained,
  coalesce(sum(r.otpiska), 0)::int as otpiska,
  coalesce(sum(r.returned), 0)::int as returned,
  coalesce(sum(r.returns), 0)::int as returns,
  coalesce(sum(r.reopens), 0)::int as reopens,
  analytics_hist_sum(r.reaction_hist) as "reactionHist",
  analytics_hist_sum(r.answer_hist) as "answerHist"`;

type SumsRow = Omit<PeriodCounts, 'medianFirstReactionMinutes' | 'medianAnswerMinutes'> & {
  reactionHist: number[] | null;
  answerHist: number[] | null;
};

function withMedians<T extends SumsRow>(row: T): Omit<T, 'reactionHist' | 'answerHist'> & PeriodCounts {
  const { reactionHist, answerHist, ...rest } = row;
  return {
    ...rest,
    medianFirstReactionMinutes: histogramMedian(reactionHist),
    medianAnswerMinutes: histogramMedian(answerHist),
  };
}

/** Do all these tenants keep local days in this time zone (rollup days are the tenant's own)? */
export async function isSameTimezone(database: Queryable, tenantIds: string[], timezone: string): Promise<boolean> {
  const result = await database.query<{ others: number }>(
    'select count(*)::int as others from tenants where id = any($1::uuid[]) and timezone <> $2',
    [tenantIds, timezone],
  );
  return (result.rows[0]?.others ?? 1) === 0;
}

async function countPendingLate(
  database: Queryable,
  scope: AnalyticsScope,
  keys: { id: string; channel: boolean } | null,
): Promise<Map<string, number>> {
  const where = buildWhere(scope);
  const keyColumns = keys
    ? `${keys.id}::text as id, ${keys.channel ? 'c.channel' : 'null::text'} as channel`
    : `''::text as id, null::text as channel`;
  const grouping = keys
    ? keys.channel
      ? `group by grouping sets ((${keys.id}, c.channel), (${keys.id}))`
      : `group by ${keys.id}`
    : '';
  const result = await database.query<{ id: string; channel: string | null; count: number }>(
    `select ${keyColumns}, count(*)::int as count from analytics_case_measures c
      where ${where.sql} and ${PENDING_LATE} ${grouping}`,
    where.values,
  );
  return new Map(result.rows.map((row) => [`${row.id}\u0000${row.channel ?? ''}`, row.count]));
}

export async function countPeriodFromRollups(
  database: Queryable,
  scope: RollupScope,
  cube: number,
): Promise<PeriodCounts> {
  const where = rollupWhere(scope, cube);
  const [sums, pending] = await Promise.all([
    database.query<SumsRow>(`select ${ROLLUP_SUMS} from analytics_rollups r where ${where.sql}`, where.values),
    countPendingLate(database, scope, null),
  ]);
  const row = sums.rows[0];
  if (!row) throw new Error('aggregate returned no row');
  const counts = withMedians(row);
  return { ...counts, late: counts.late + (pending.get('\u0000') ?? 0) };
}

export async function countPerDayByChannelFromRollups(
  database: Queryable,
  scope: RollupScope,
  cube: number,
): Promise<Array<{ day: string; channel: Channel; count: number }>> {
  const where = rollupWhere(scope, cube, { isDaily: true });
  const result = await database.query<{ day: string; channel: Channel; count: number }>(
    `select to_char(r.period_start, 'YYYY-MM-DD') as day, r.channel, sum(r.received)::int as count
       from analytics_rollups r where ${where.sql} group by 1, 2 having sum(r.received) > 0 order by 1, 2`,
    where.values,
  );
  return result.rows;
}

const ROLLUP_TOPIC = TOPIC_EXPRESSION.replace('c.category', 'r.category');

export async function countByTopicFromRollups(
  database: Queryable,
  scope: RollupScope,
  cube: number,
): Promise<Array<{ topic: string; count: number }>> {
  const rows = receivedRows(scope, cube);
  const result = await database.query<{ topic: string; count: number }>(
    `select ${ROLLUP_TOPIC} as topic, sum(r.received)::int as count from ${rows.sql}
      group by 1 having sum(r.received) > 0`,
    rows.values,
  );
  return result.rows;
}

export async function countTerritoryTopicFromRollups(
  database: Queryable,
  scope: RollupScope,
  cube: number,
  isRegion: boolean,
): Promise<Array<{ territory: string; topic: string; count: number }>> {
  const rows = receivedRows(scope, cube);
  const territory = isRegion ? 't.short_name' : `coalesce(nullif(r.district, ''), 'Территория не указана')`;
  const result = await database.query<{ territory: string; topic: string; count: number }>(
    `select ${territory} as territory, ${ROLLUP_TOPIC} as topic, sum(r.received)::int as count
       from ${rows.sql} join tenants t on t.id = r.tenant_id
      group by 1, 2 having sum(r.received) > 0`,
    rows.values,
  );
  return result.rows;
}

export async function countRatingsFromRollups(
  database: Queryable,
  scope: RollupScope,
  cube: number,
  entity: 'recipient' | 'municipality',
): Promise<RatingRow[]> {
  const where = rollupWhere(scope, cube);
  const id = entity === 'recipient' ? 'r.recipient_id' : 'r.tenant_id';
  const name = entity === 'recipient' ? 'coalesce(rc.short_name, rc.name)' : 't.short_name';
  if (entity === 'recipient') where.add('r.recipient_id is not null');
  const [sums, pending] = await Promise.all([
    database.query<SumsRow & { entityId: string; entityName: string; channel: Channel | null }>(
      `select ${id}::text as "entityId", min(${name}) as "entityName", r.channel, ${ROLLUP_SUMS}
         from analytics_rollups r
         join tenants t on t.id = r.tenant_id
         left join recipients rc on rc.id = r.recipient_id
        where ${where.sql}
        group by grouping sets ((${id}, r.channel), (${id}))
       having sum(r.received) > 0`,
      where.values,
    ),
    countPendingLate(database, scope, { id: entity === 'recipient' ? 'c.recipient_id' : 'c.tenant_id', channel: true }),
  ]);
  return sums.rows.map((row) => {
    const counts = withMedians(row);
    const late = counts.late + (pending.get(`${row.entityId}\u0000${row.channel ?? ''}`) ?? 0);
    return { ...counts, late, decided: counts.answeredOnTime + late };
  });
}

/** Recomputes one tenant's rollups from its facts and its open-now counters from its cases (recovery); returns the number of facts summed. */
export async function rebuildRollups(database: Queryable, tenantId: string): Promise<number> {
  // The open-now counters (migration 0022) are recounted with the rollups.
  const result = await database.query<{ rebuilt: number }>(
    'select analytics_rollups_rebuild($1) as rebuilt, analytics_open_counts_rebuild($1) as open',
    [tenantId],
  );
  return result.rows[0]?.rebuilt ?? 0;
}
