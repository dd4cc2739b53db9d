import type { CaseStatus, Channel } from '../../../shared/channels.js';
import type {
  DrillMeasure,
  SliceDimension,
  SliceMeasure,
  StateGroup,
} from '../../../shared/contracts/analytics.contract.js';
import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

// SQL of the analytics: every figure is a count (or an aggregate) over `cases` joined with the
// incrementally kept `analytics_case_measures`, under one filter builder, so a figure and its drill-down
// list always agree. No business rules here: scores, tests and sentences live in the services.

export type AnalyticsScope = {
  tenantIds: string[];
  /** Period of receipt, instants [from, to). */
  from: Date;
  to: Date;
  channel?: Channel;
  category?: string;
  recipientId?: string;
  stateGroup?: StateGroup;
  isFastTrack?: boolean;
};

const OPEN = `c.status in ('new', 'moderation', 'in_work', 'answer_review')`;
export const STATE_GROUP_STATUSES: Record<StateGroup, CaseStatus[]> = {
  open: ['new', 'moderation', 'in_work', 'answer_review'],
  answered: ['answered'],
  closed: ['closed'],
  rejected: ['rejected'],
};

const ANSWERED = 'm.answered_at is not null';
const ON_TIME = 'm.answered_at is not null and m.answer_due_at is not null and m.answered_at <= m.answer_due_at';
const LATE = `m.answer_due_at is not null and ((m.answered_at is not null and m.answered_at > m.answer_due_at)
  or (m.answered_at is null and ${OPEN} and m.answer_due_at < now()))`;
const OTPISKA = 'm.answered_at is not null and coalesce(r.is_otpiska, m.is_otpiska_detected) is true';

/** The condition of each drill-down measure (snapshot measures ignore the period: they are «now»). */
export const MEASURE_CONDITIONS: Record<DrillMeasure, string> = {
  received: 'true',
  open_now: OPEN,
  due_today: `${OPEN} and c.due_at >= now() and c.due_at < $today_end`,
  overdue_now: `${OPEN} and c.due_at < now()`,
  answered: ANSWERED,
  answered_on_time: ON_TIME,
  late: LATE,
  rated: 'c.rating is not null',
  rated_high: 'c.rating >= 4',
  resolved: `c.result = 'resolved'`,
  explained: `c.result = 'explained'`,
  otpiska: OTPISKA,
  returned: 'm.return_count > 0',
  reopened: 'c.reopen_count > 0',
};
export const SNAPSHOT_MEASURES: readonly DrillMeasure[] = ['open_now', 'due_today', 'overdue_now'];

export const FROM_CASES = `from cases c
  join tenants t on t.id = c.tenant_id
  left join analytics_case_measures m on m.tenant_id = c.tenant_id and m.case_id = c.id
  left join analytics_answer_reviews r on r.tenant_id = c.tenant_id and r.case_id = c.id`;

/**
 * Aggregates read the facts table alone (aliased `c`, its columns named as in `cases`); the measure
 * conditions written for `m.` are rewritten to `c.` for it.
 */
export const FROM_FACTS = `from analytics_case_measures c
  left join analytics_answer_reviews r on r.tenant_id = c.tenant_id and r.case_id = c.case_id`;
const onFacts = (sql: string) => sql.replaceAll('m.', 'c.');

/** Collects parameters and conditions; `$today_end` in a condition is bound on demand. */
export class Where {
  readonly values: unknown[] = [];
  readonly conditions: string[] = [];
  param(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
  add(condition: string): void {
    this.conditions.push(condition);
  }
  get sql(): string {
    return this.conditions.length > 0 ? this.conditions.join(' and ') : 'true';
  }
}

export function buildWhere(scope: AnalyticsScope, options: { isPeriodIgnored?: boolean } = {}): Where {
  const where = new Where();
  where.add(`c.tenant_id = any(${where.param(scope.tenantIds, '::uuid[]')})`);
  if (!options.isPeriodIgnored) {
    where.add(`c.received_at >= ${where.param(scope.from, '::timestamptz')}`);
    where.add(`c.received_at < ${where.param(scope.to, '::timestamptz')}`);
  }
  if (scope.channel) where.add(`c.channel = ${where.param(scope.channel)}`);
  if (scope.category) where.add(`c.category = ${where.param(scope.category)}`);
  if (scope.recipientId) where.add(`c.recipient_id = ${where.param(scope.recipientId, '::uuid')}`);
  if (scope.stateGroup) where.add(`c.status = any(${where.param(STATE_GROUP_STATUSES[scope.stateGroup], '::text[]')})`);
  if (scope.isFastTrack !== undefined) where.add(`c.is_fast_track = ${where.param(scope.isFastTrack, '::boolean')}`);
  return where;
}

function bindTodayEnd(where: Where, condition: string, todayEnd: Date): string {
  return condition.includes('$today_end')
    ? condition.replaceAll('$today_end', where.param(todayEnd, '::timestamptz'))
    : condition;
}

/** The territory of a case: its district in a municipality, its municipality on a region. */
export function territoryExpression(isRegion: boolean): string {
  return isRegion ? 't.short_name' : `coalesce(nullif(c.district, ''), 'Территория не указана')`;
}
export const TOPIC_EXPRESSION = `coalesce(nullif(c.category, ''), 'Без категории')`;

export type PeriodCounts = {
  received: number;
  answered: number;
  answeredOnTime: number;
  late: number;
  rated: number;
  ratedHigh: number;
  ratingSum: number;
  resolved: number;
  explained: number;
  otpiska: number;
  returned: number;
  returns: number;
  reopens: number;
  medianFirstReactionMinutes: number | null;
  medianAnswerMinutes: number | null;
};

const PERIOD_AGGREGATES_ON_CASES = `count(*)::int as received,
  count(*) filter (where ${ANSWERED})::int as answered,
  count(*) filter (where ${ON_TIME})::int as "answeredOnTime",
  count(*) filter (where ${LATE})::int as late,
  count(*) filter (where c.rating is not null)::int as rated,
  count(*) filter (where c.rating >= 4)::int as "ratedHigh",
  coalesce(sum(c.rating), 0)::int as "ratingSum",
  count(*) filter (where c.result = 'resolved')::int as resolved,
  count(*) filter (where c.result = 'explained')::int as explained,
  count(*) filter (where ${OTPISKA})::int as otpiska,
  count(*) filter (where m.return_count > 0)::int as returned,
  coalesce(sum(m.return_count), 0)::int as returns,
  coalesce(sum(c.reopen_count), 0)::int as reopens,
  percentile_cont(0.5) within group (order by m.first_reaction_minutes) as "medianFirstReactionMinutes",
  percentile_cont(0.5) within group (order by m.answer_minutes) as "medianAnswerMinutes"`;
const PERIOD_AGGREGATES = onFacts(PERIOD_AGGREGATES_ON_CASES);

export async function countPeriod(database: Queryable, scope: AnalyticsScope): Promise<PeriodCounts> {
  const where = buildWhere(scope);
  const result = await database.query<PeriodCounts>(
    `select ${PERIOD_AGGREGATES} ${FROM_FACTS} where ${where.sql}`,
    where.values,
  );
  return normaliseCounts(result.rows[0]);
}

function normaliseCounts<T extends PeriodCounts>(row: T | undefined): T {
  if (!row) throw new Error('aggregate returned no row');
  return {
    ...row,
    medianFirstReactionMinutes: row.medianFirstReactionMinutes === null ? null : Number(row.medianFirstReactionMinutes),
    medianAnswerMinutes: row.medianAnswerMinutes === null ? null : Number(row.medianAnswerMinutes),
  };
}

/**
 * «Открыто / срок сегодня / просрочено сейчас» with the same filters: open cases from the counters
 * `analytics_open_counts` (kept by triggers on `cases`, migration 0022), and only the open cases not yet
 * overdue read from `cases` (cases_status_idx: due_at ≥ now() or no due time); overdue = open − those.
 * Equal to countSnapshotDirect (checked by analytics-rollups.db.test.ts).
 */
export async function countSnapshot(
  database: Queryable,
  scope: AnalyticsScope,
  todayEnd: Date,
): Promise<{ openNow: number; dueToday: number; overdueNow: number }> {
  const where = buildWhere(scope, { isPeriodIgnored: true });
  const todayEndParam = where.param(todayEnd, '::timestamptz');
  const result = await database.query<{ openNow: number; dueToday: number; notOverdue: number }>(
    `select (select coalesce(sum(c.count), 0)::int from analytics_open_counts c where ${where.sql}) as "openNow",
            count(*) filter (where c.due_at >= now() and c.due_at < ${todayEndParam})::int as "dueToday",
            count(*)::int as "notOverdue"
       from cases c where ${where.sql} and ${OPEN} and (c.due_at >= now() or c.due_at is null)`,
    where.values,
  );
  const row = result.rows[0];
  if (!row) return { openNow: 0, dueToday: 0, overdueNow: 0 };
  return { openNow: row.openNow, dueToday: row.dueToday, overdueNow: row.openNow - row.notOverdue };
}

/** The same figures counted over `cases` directly (the reference of the property test). */
export async function countSnapshotDirect(
  database: Queryable,
  scope: AnalyticsScope,
  todayEnd: Date,
): Promise<{ openNow: number; dueToday: number; overdueNow: number }> {
  const where = buildWhere(scope, { isPeriodIgnored: true });
  const dueToday = bindTodayEnd(where, MEASURE_CONDITIONS.due_today, todayEnd);
  const result = await database.query<{ openNow: number; dueToday: number; overdueNow: number }>(
    `select count(*) filter (where ${MEASURE_CONDITIONS.open_now})::int as "openNow",
            count(*) filter (where ${dueToday})::int as "dueToday",
            count(*) filter (where ${MEASURE_CONDITIONS.overdue_now})::int as "overdueNow"
       from cases c where ${where.sql} and ${OPEN}`,
    where.values,
  );
  return result.rows[0] ?? { openNow: 0, dueToday: 0, overdueNow: 0 };
}

export async function countPerDayByChannel(
  database: Queryable,
  scope: AnalyticsScope,
  timezone: string,
): Promise<Array<{ day: string; channel: Channel; count: number }>> {
  const where = buildWhere(scope);
  const zone = where.param(timezone);
  const result = await database.query<{ day: string; channel: Channel; count: number }>(
    `select to_char(c.received_at at time zone ${zone}, 'YYYY-MM-DD') as day, c.channel, count(*)::int as count
       from analytics_case_measures c where ${where.sql} group by 1, 2 order by 1, 2`,
    where.values,
  );
  return result.rows;
}

export async function countByTopic(
  database: Queryable,
  scope: AnalyticsScope,
): Promise<Array<{ topic: string; count: number }>> {
  const where = buildWhere(scope);
  const result = await database.query<{ topic: string; count: number }>(
    `select ${TOPIC_EXPRESSION} as topic, count(*)::int as count from analytics_case_measures c where ${where.sql} group by 1`,
    where.values,
  );
  return result.rows;
}

export async function countTerritoryTopic(
  database: Queryable,
  scope: AnalyticsScope,
  isRegion: boolean,
): Promise<Array<{ territory: string; topic: string; count: number }>> {
  const where = buildWhere(scope);
  const result = await database.query<{ territory: string; topic: string; count: number }>(
    `select ${territoryExpression(isRegion)} as territory, ${TOPIC_EXPRESSION} as topic, count(*)::int as count
       from analytics_case_measures c join tenants t on t.id = c.tenant_id where ${where.sql} group by 1, 2`,
    where.values,
  );
  return result.rows;
}

export async function listPoints(
  database: Queryable,
  scope: AnalyticsScope,
  limit: number,
): Promise<Array<{ caseId: string; latitude: number; longitude: number; topic: string }>> {
  // One ordered read of the covering index cases_points_idx per tenant (backwards by received_at),
  // merged (Merge Append) and stopped after `limit` rows in all: a region reads ≈ `limit` index
  // entries, not `limit` per municipality.
  const where = buildWhere(scope);
  const size = where.param(limit, '::int');
  const rest = where.conditions.slice(1).join(' and ') || 'true';
  const parts = scope.tenantIds.map(
    (_tenantId, index) =>
      `(select c.id as "caseId", c.latitude, c.longitude, ${TOPIC_EXPRESSION} as topic, c.received_at
          from cases c where c.tenant_id = ($1::uuid[])[${index + 1}] and ${rest}
           and c.latitude is not null and c.longitude is not null
         order by c.received_at desc limit ${size})`,
  );
  if (parts.length === 0) return [];
  const result = await database.query<{ caseId: string; latitude: number; longitude: number; topic: string }>(
    `select p."caseId", p.latitude, p.longitude, p.topic
       from (${parts.join(' union all ')}) p
      order by p.received_at desc limit ${size}`,
    where.values,
  );
  return result.rows;
}

export type RatingRow = PeriodCounts & {
  entityId: string;
  entityName: string;
  channel: Channel | null;
  decided: number;
};

/** Figures per entity (recipient or municipality) and channel, plus each entity's total (channel null). */
export async function countRatings(
  database: Queryable,
  scope: AnalyticsScope,
  entity: 'recipient' | 'municipality',
): Promise<RatingRow[]> {
  const where = buildWhere(scope);
  const id = entity === 'recipient' ? 'c.recipient_id' : 'c.tenant_id';
  const name = entity === 'recipient' ? 'coalesce(rc.short_name, rc.name)' : 't.short_name';
  if (entity === 'recipient') where.add('c.recipient_id is not null');
  const result = await database.query<RatingRow>(
    `select ${id}::text as "entityId", min(${name}) as "entityName", c.channel,
            count(*) filter (where ${onFacts(`${ON_TIME} or (${LATE})`)})::int as decided,
            ${PERIOD_AGGREGATES}
       ${FROM_FACTS}
       join tenants t on t.id = c.tenant_id
       left join recipients rc on rc.id = c.recipient_id
      where ${where.sql}
      group by grouping sets ((${id}, c.channel), (${id}))`,
    where.values,
  );
  return result.rows.map((row) => normaliseCounts(row));
}

export type DrillRow = {
  id: string;
  tenantId: string;
  tenantName: string;
  number: string;
  channel: Channel;
  status: string;
  category: string | null;
  district: string | null;
  address: string | null;
  recipientName: string | null;
  receivedAt: Date;
  dueAt: Date | null;
  answeredAt: Date | null;
  result: string | null;
  rating: number | null;
  isOtpiska: boolean | null;
};

export async function listDrillDown(
  database: Queryable,
  scope: AnalyticsScope,
  options: {
    measure: DrillMeasure;
    todayEnd: Date;
    territory?: { value: string; isRegion: boolean };
    topic?: string;
    day?: { from: Date; to: Date };
    limit: number;
    offset: number;
  },
): Promise<{ rows: DrillRow[]; total: number }> {
  const where = buildWhere(scope, { isPeriodIgnored: SNAPSHOT_MEASURES.includes(options.measure) });
  where.add(`(${bindTodayEnd(where, MEASURE_CONDITIONS[options.measure], options.todayEnd)})`);
  if (options.territory) {
    where.add(`${territoryExpression(options.territory.isRegion)} = ${where.param(options.territory.value)}`);
  }
  if (options.topic) where.add(`${TOPIC_EXPRESSION} = ${where.param(options.topic)}`);
  if (options.day) {
    where.add(`c.received_at >= ${where.param(options.day.from, '::timestamptz')}`);
    where.add(`c.received_at < ${where.param(options.day.to, '::timestamptz')}`);
  }
  const count = await database.query<{ total: number }>(
    `select count(*)::int as total ${FROM_CASES} where ${where.sql}`,
    where.values,
  );
  const rows = await database.query<DrillRow>(
    `select c.id, c.tenant_id as "tenantId", t.short_name as "tenantName", c.number, c.channel, c.status,
            c.category, c.district, c.address, coalesce(rc.short_name, rc.name) as "recipientName",
            c.received_at as "receivedAt", coalesce(m.answer_due_at, c.due_at) as "dueAt",
            m.answered_at as "answeredAt", c.result, c.rating,
            case when m.answered_at is null then null else coalesce(r.is_otpiska, m.is_otpiska_detected) end as "isOtpiska"
       ${FROM_CASES}
       left join recipients rc on rc.id = c.recipient_id
      where ${where.sql}
      order by c.received_at desc, c.id
      limit ${where.param(options.limit, '::int')} offset ${where.param(options.offset, '::int')}`,
    where.values,
  );
  return { rows: rows.rows, total: count.rows[0]?.total ?? 0 };
}

/** Counts per territory × topic in consecutive windows of `windowDays` ending at `end` (window 0 = the period). */
export async function countWindows(
  database: Queryable,
  scope: AnalyticsScope,
  options: { isRegion: boolean; end: Date; windowMs: number; windows: number },
): Promise<Array<{ territory: string; topic: string; window: number; count: number }>> {
  const where = buildWhere({
    ...scope,
    from: new Date(options.end.getTime() - options.windowMs * options.windows),
    to: options.end,
  });
  const end = where.param(options.end, '::timestamptz');
  const span = where.param(options.windowMs / 1000, '::double precision');
  const result = await database.query<{ territory: string; topic: string; window: number; count: number }>(
    `select ${territoryExpression(options.isRegion)} as territory, ${TOPIC_EXPRESSION} as topic,
            floor(extract(epoch from (${end} - c.received_at)) / ${span})::int as window, count(*)::int as count
       from analytics_case_measures c join tenants t on t.id = c.tenant_id where ${where.sql} group by 1, 2, 3`,
    where.values,
  );
  return result.rows;
}

export type GrowthCaseRow = {
  id: string;
  window: number;
  territory: string;
  subcategory: string | null;
  channel: Channel;
  address: string | null;
  text: string;
};

/** The cases of one topic (optionally one territory) in the period and its baseline windows. */
export async function listGrowthCases(
  database: Queryable,
  scope: AnalyticsScope,
  options: { isRegion: boolean; end: Date; windowMs: number; windows: number; topic: string; territory?: string },
): Promise<GrowthCaseRow[]> {
  const where = buildWhere({
    ...scope,
    from: new Date(options.end.getTime() - options.windowMs * options.windows),
    to: options.end,
  });
  where.add(`${TOPIC_EXPRESSION} = ${where.param(options.topic)}`);
  if (options.territory !== undefined)
    where.add(`${territoryExpression(options.isRegion)} = ${where.param(options.territory)}`);
  const end = where.param(options.end, '::timestamptz');
  const span = where.param(options.windowMs / 1000, '::double precision');
  const result = await database.query<GrowthCaseRow>(
    `select c.id, floor(extract(epoch from (${end} - c.received_at)) / ${span})::int as window,
            ${territoryExpression(options.isRegion)} as territory, c.subcategory, c.channel, c.address, left(c.text, 2000) as text
       from cases c join tenants t on t.id = c.tenant_id where ${where.sql}
      order by c.received_at desc limit 20000`,
    where.values,
  );
  return result.rows;
}

export type OverdueRow = {
  id: string;
  number: string;
  tenantName: string;
  category: string | null;
  recipientName: string | null;
  executorName: string | null;
  dueAt: Date;
};

export async function listOverdue(
  database: Queryable,
  tenantIds: string[],
  at: Date,
  limit: number,
): Promise<OverdueRow[]> {
  const result = await database.query<OverdueRow>(
    `select c.id, c.number, t.short_name as "tenantName", c.category, coalesce(rc.short_name, rc.name) as "recipientName",
            u.full_name as "executorName", c.due_at as "dueAt"
       from cases c join tenants t on t.id = c.tenant_id
       left join recipients rc on rc.id = c.recipient_id
       left join users u on u.id = c.executor_id
      where c.tenant_id = any($1::uuid[]) and ${OPEN} and c.due_at < $2
      order by c.due_at limit $3`,
    [tenantIds, at, limit],
  );
  return result.rows;
}

export async function countOverdueByOwner(
  database: Queryable,
  tenantIds: string[],
  at: Date,
): Promise<Array<{ recipientName: string | null; executorName: string | null; count: number }>> {
  const result = await database.query<{ recipientName: string | null; executorName: string | null; count: number }>(
    `select coalesce(rc.short_name, rc.name) as "recipientName", u.full_name as "executorName", count(*)::int as count
       from cases c left join recipients rc on rc.id = c.recipient_id left join users u on u.id = c.executor_id
      where c.tenant_id = any($1::uuid[]) and ${OPEN} and c.due_at < $2
      group by 1, 2 order by 3 desc limit 30`,
    [tenantIds, at],
  );
  return result.rows;
}

// ---- measures kept incrementally ----

export type CaseFactColumns = {
  receivedAt: Date;
  channel: Channel;
  category: string | null;
  district: string | null;
  recipientId: string | null;
  status: CaseStatus;
  isFastTrack: boolean;
  result: string | null;
  rating: number | null;
  reopenCount: number;
};

export type MeasureSourceRow = CaseFactColumns & {
  tenantId: string;
  id: string;
  version: number;
  dueAt: Date | null;
  closedAt: Date | null;
  draftAnswer: { text?: string; attachmentIds?: unknown[] } | null;
  updatedAt: Date;
};

/** Cases changed since `since` whose measures are missing or older than the change (keyset pages). */
export async function listCasesToMeasure(
  database: Queryable,
  since: Date,
  after: { updatedAt: Date; tenantId: string; id: string } | null,
  limit: number,
): Promise<MeasureSourceRow[]> {
  const result = await database.query<MeasureSourceRow>(
    `select c.tenant_id as "tenantId", c.id, c.version, c.status, c.received_at as "receivedAt", c.due_at as "dueAt",
            c.channel, c.category, c.district, c.recipient_id as "recipientId", c.is_fast_track as "isFastTrack",
            c.result, c.rating, c.reopen_count as "reopenCount",
            c.closed_at as "closedAt", c.lifecycle->'draftAnswer' as "draftAnswer", c.updated_at as "updatedAt"
       from cases c
       left join analytics_case_measures m on m.tenant_id = c.tenant_id and m.case_id = c.id
      where c.updated_at > $1
        and ($2::timestamptz is null or (c.updated_at, c.tenant_id, c.id) > ($2::timestamptz, $3::uuid, $4::uuid))
        and (m.case_id is null or m.case_version <> c.version or m.measured_at < c.updated_at)
      order by c.updated_at, c.tenant_id, c.id
      limit $5`,
    [since, after?.updatedAt ?? null, after?.tenantId ?? null, after?.id ?? null, limit],
  );
  return result.rows;
}

export type TimerFactRow = {
  caseId: string;
  kind: string;
  scheduleId: string;
  startedAt: Date;
  dueAt: Date;
  stoppedAt: Date | null;
  pausedMinutes: number;
};

export async function listTimerFacts(
  database: Queryable,
  tenantId: string,
  caseIds: string[],
): Promise<TimerFactRow[]> {
  const result = await database.query<TimerFactRow>(
    `select case_id as "caseId", kind, schedule_id as "scheduleId", started_at as "startedAt", due_at as "dueAt",
            stopped_at as "stoppedAt", paused_minutes as "pausedMinutes"
       from case_timers where tenant_id = $1 and case_id = any($2::uuid[])`,
    [tenantId, caseIds],
  );
  return result.rows;
}

export async function listEventFacts(
  database: Queryable,
  tenantId: string,
  caseIds: string[],
): Promise<Array<{ caseId: string; returns: number; publishedAt: Date | null }>> {
  const result = await database.query<{ caseId: string; returns: number; publishedAt: Date | null }>(
    `select case_id as "caseId",
            count(*) filter (where action in ('return-for-rework', 'return-by-cur'))::int as returns,
            max(created_at) filter (where action = 'publish') as "publishedAt"
       from case_events where tenant_id = $1 and case_id = any($2::uuid[]) group by case_id`,
    [tenantId, caseIds],
  );
  return result.rows;
}

export type MeasureRow = CaseFactColumns & {
  tenantId: string;
  caseId: string;
  caseVersion: number;
  answeredAt: Date | null;
  answerDueAt: Date | null;
  firstReactionMinutes: number | null;
  answerMinutes: number | null;
  returnCount: number;
  isOtpiskaDetected: boolean | null;
  otpiskaReasons: string[];
};

export async function upsertMeasures(database: Queryable, rows: MeasureRow[]): Promise<void> {
  if (rows.length === 0) return;
  await database.query(
    `insert into analytics_case_measures (tenant_id, case_id, case_version, answered_at, answer_due_at,
        first_reaction_minutes, answer_minutes, return_count, is_otpiska_detected, otpiska_reasons, measured_at,
        received_at, channel, category, district, recipient_id, status, is_fast_track, result, rating, reopen_count)
     select x.tenant_id, x.case_id, x.case_version, x.answered_at, x.answer_due_at, x.first_reaction_minutes,
            x.answer_minutes, x.return_count, x.is_otpiska, x.reasons::jsonb, now(),
            x.received_at, x.channel, x.category, x.district, x.recipient_id, x.status, x.is_fast_track, x.result, x.rating,
            x.reopen_count
       from unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::int[],
                   $8::int[], $9::boolean[], $10::text[], $11::timestamptz[], $12::text[], $13::text[], $14::text[],
                   $15::uuid[], $16::text[], $17::boolean[], $18::text[], $19::int[], $20::int[])
            as x(tenant_id, case_id, case_version, answered_at, answer_due_at, first_reaction_minutes, answer_minutes,
                 return_count, is_otpiska, reasons, received_at, channel, category, district, recipient_id, status,
                 is_fast_track, result, rating, reopen_count)
     on conflict (tenant_id, case_id) do update set case_version = excluded.case_version,
        received_at = excluded.received_at, channel = excluded.channel, category = excluded.category,
        district = excluded.district, recipient_id = excluded.recipient_id, status = excluded.status,
        is_fast_track = excluded.is_fast_track, result = excluded.result, rating = excluded.rating,
        reopen_count = excluded.reopen_count,
        answered_at = excluded.answered_at, answer_due_at = excluded.answer_due_at,
        first_reaction_minutes = excluded.first_reaction_minutes, answer_minutes = excluded.answer_minutes,
        return_count = excluded.return_count, is_otpiska_detected = excluded.is_otpiska_detected,
        otpiska_reasons = excluded.otpiska_reasons, measured_at = now()`,
    [
      rows.map((row) => row.tenantId),
      rows.map((row) => row.caseId),
      rows.map((row) => row.caseVersion),
      rows.map((row) => row.answeredAt),
      rows.map((row) => row.answerDueAt),
      rows.map((row) => row.firstReactionMinutes),
      rows.map((row) => row.answerMinutes),
      rows.map((row) => row.returnCount),
      rows.map((row) => row.isOtpiskaDetected),
      rows.map((row) => toJsonParameter(row.otpiskaReasons)),
      rows.map((row) => row.receivedAt),
      rows.map((row) => row.channel),
      rows.map((row) => row.category),
      rows.map((row) => row.district),
      rows.map((row) => row.recipientId),
      rows.map((row) => row.status),
      rows.map((row) => row.isFastTrack),
      rows.map((row) => row.result),
      rows.map((row) => row.rating),
      rows.map((row) => row.reopenCount),
    ],
  );
}

export async function readWatermark(database: Queryable): Promise<Date> {
  const result = await database.query<{ watermark: Date }>(
    `select watermark from analytics_refresh_state where id = 'case_measures'`,
  );
  return result.rows[0]?.watermark ?? new Date(0);
}

export async function writeWatermark(database: Queryable, watermark: Date): Promise<void> {
  await database.query(
    `insert into analytics_refresh_state (id, watermark) values ('case_measures', $1)
     on conflict (id) do update set watermark = greatest(analytics_refresh_state.watermark, excluded.watermark)`,
    [watermark],
  );
}

// ---- settings, populations, reviews, reports ----

export async function findRatingSettings(database: Queryable, tenantId: string): Promise<unknown | undefined> {
  const result = await database.query<{ rating: unknown }>(
    'select rating from analytics_settings where tenant_id = $1',
    [tenantId],
  );
  return result.rows[0]?.rating;
}

export async function saveRatingSettings(
  database: Queryable,
  tenantId: string,
  rating: unknown,
  userId: string,
): Promise<void> {
  await database.query(
    `insert into analytics_settings (tenant_id, rating, updated_by) values ($1, $2, $3)
     on conflict (tenant_id) do update set rating = excluded.rating, updated_by = excluded.updated_by, updated_at = now()`,
    [tenantId, toJsonParameter(rating), userId],
  );
}

export async function listPopulations(
  database: Queryable,
  tenantIds: string[],
): Promise<Array<{ tenantId: string; territory: string; population: number }>> {
  const result = await database.query<{ tenantId: string; territory: string; population: number }>(
    `select tenant_id as "tenantId", territory, population from territory_populations where tenant_id = any($1::uuid[])
      order by territory`,
    [tenantIds],
  );
  return result.rows;
}

export async function replacePopulations(
  database: Queryable,
  tenantId: string,
  items: Array<{ territory: string; population: number }>,
  userId: string,
): Promise<void> {
  await database.query('delete from territory_populations where tenant_id = $1', [tenantId]);
  if (items.length === 0) return;
  await database.query(
    `insert into territory_populations (tenant_id, territory, population, updated_by)
     select $1, x.territory, x.population, $4 from unnest($2::text[], $3::int[]) as x(territory, population)`,
    [tenantId, items.map((item) => item.territory), items.map((item) => item.population), userId],
  );
}

export type AnswerRow = {
  tenantId: string;
  text: string | null;
  attachmentCount: number;
  isOtpiskaDetected: boolean | null;
  otpiskaReasons: string[] | null;
  review: { isOtpiska: boolean; comment: string | null; reviewedBy: string | null; reviewedAt: Date } | null;
};

export async function findAnswer(
  database: Queryable,
  tenantIds: string[],
  caseId: string,
): Promise<AnswerRow | undefined> {
  const result = await database.query<AnswerRow>(
    `select c.tenant_id as "tenantId", c.lifecycle->'draftAnswer'->>'text' as text,
            coalesce(jsonb_array_length(case when jsonb_typeof(c.lifecycle->'draftAnswer'->'attachmentIds') = 'array'
              then c.lifecycle->'draftAnswer'->'attachmentIds' end), 0)::int as "attachmentCount",
            m.is_otpiska_detected as "isOtpiskaDetected", m.otpiska_reasons as "otpiskaReasons",
            case when r.case_id is null then null else jsonb_build_object('isOtpiska', r.is_otpiska, 'comment', r.comment,
              'reviewedBy', u.full_name, 'reviewedAt', r.reviewed_at) end as review
       from cases c
       left join analytics_case_measures m on m.tenant_id = c.tenant_id and m.case_id = c.id
       left join analytics_answer_reviews r on r.tenant_id = c.tenant_id and r.case_id = c.id
       left join users u on u.id = r.reviewed_by
      where c.tenant_id = any($1::uuid[]) and c.id = $2`,
    [tenantIds, caseId],
  );
  return result.rows[0];
}

export async function findReview(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<{ isOtpiska: boolean; comment: string | null } | undefined> {
  const result = await database.query<{ isOtpiska: boolean; comment: string | null }>(
    `select is_otpiska as "isOtpiska", comment from analytics_answer_reviews where tenant_id = $1 and case_id = $2 for update`,
    [tenantId, caseId],
  );
  return result.rows[0];
}

export async function saveReview(
  database: Queryable,
  review: { tenantId: string; caseId: string; isOtpiska: boolean; comment: string | null; userId: string },
): Promise<void> {
  await database.query(
    `insert into analytics_answer_reviews (tenant_id, case_id, is_otpiska, comment, reviewed_by)
     values ($1, $2, $3, $4, $5)
     on conflict (tenant_id, case_id) do update set is_otpiska = excluded.is_otpiska, comment = excluded.comment,
        reviewed_by = excluded.reviewed_by, reviewed_at = now()`,
    [review.tenantId, review.caseId, review.isOtpiska, review.comment, review.userId],
  );
}

export type ReportFile = {
  kind: 'weekly' | 'kpi';
  period: string;
  format: 'docx' | 'pdf' | 'xlsx';
  fileName: string;
  content: Buffer;
};

export async function saveReport(
  database: Queryable,
  tenantId: string,
  file: ReportFile,
  userId: string | null,
): Promise<string> {
  const result = await database.query<{ id: string }>(
    `insert into analytics_reports (tenant_id, kind, period, format, file_name, content, created_by)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (tenant_id, kind, period, format) do update set file_name = excluded.file_name,
        content = excluded.content, created_by = excluded.created_by, created_at = now()
     returning id`,
    [tenantId, file.kind, file.period, file.format, file.fileName, file.content, userId],
  );
  const id = result.rows[0]?.id;
  if (!id) throw new Error('report not saved');
  return id;
}

export async function listReports(
  database: Queryable,
  tenantIds: string[],
): Promise<
  Array<{
    id: string;
    tenantId: string;
    kind: 'weekly' | 'kpi';
    period: string;
    format: 'docx' | 'pdf' | 'xlsx';
    fileName: string;
    size: number;
    createdAt: Date;
  }>
> {
  const result = await database.query<{
    id: string;
    tenantId: string;
    kind: 'weekly' | 'kpi';
    period: string;
    format: 'docx' | 'pdf' | 'xlsx';
    fileName: string;
    size: number;
    createdAt: Date;
  }>(
    `select id, tenant_id as "tenantId", kind, period, format, file_name as "fileName", octet_length(content)::int as size,
            created_at as "createdAt"
       from analytics_reports where tenant_id = any($1::uuid[]) order by created_at desc limit 500`,
    [tenantIds],
  );
  return result.rows;
}

export async function findReport(
  database: Queryable,
  tenantIds: string[],
  id: string,
): Promise<{ fileName: string; format: 'docx' | 'pdf' | 'xlsx'; content: Buffer } | undefined> {
  const result = await database.query<{ fileName: string; format: 'docx' | 'pdf' | 'xlsx'; content: Buffer }>(
    `select file_name as "fileName", format, content from analytics_reports where tenant_id = any($1::uuid[]) and id = $2`,
    [tenantIds, id],
  );
  return result.rows[0];
}

export async function hasReport(
  database: Queryable,
  tenantId: string,
  kind: 'weekly' | 'kpi',
  period: string,
): Promise<boolean> {
  const result = await database.query(
    'select 1 from analytics_reports where tenant_id = $1 and kind = $2 and period = $3 limit 1',
    [tenantId, kind, period],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function listSubscribers(database: Queryable, tenantId: string): Promise<string[]> {
  const result = await database.query<{ userId: string }>(
    `select s.user_id as "userId" from analytics_subscriptions s join users u on u.id = s.user_id
      where s.tenant_id = $1 and u.is_active`,
    [tenantId],
  );
  return result.rows.map((row) => row.userId);
}

export async function setSubscription(
  database: Queryable,
  tenantId: string,
  userId: string,
  isSubscribed: boolean,
): Promise<void> {
  if (isSubscribed) {
    await database.query(
      'insert into analytics_subscriptions (tenant_id, user_id) values ($1, $2) on conflict do nothing',
      [tenantId, userId],
    );
  } else {
    await database.query('delete from analytics_subscriptions where tenant_id = $1 and user_id = $2', [
      tenantId,
      userId,
    ]);
  }
}

export async function isSubscribed(database: Queryable, tenantId: string, userId: string): Promise<boolean> {
  const result = await database.query('select 1 from analytics_subscriptions where tenant_id = $1 and user_id = $2', [
    tenantId,
    userId,
  ]);
  return (result.rowCount ?? 0) > 0;
}

export async function listMunicipalities(
  database: Queryable,
): Promise<Array<{ id: string; slug: string; shortName: string; timezone: string; parentId: string | null }>> {
  const result = await database.query<{
    id: string;
    slug: string;
    shortName: string;
    timezone: string;
    parentId: string | null;
  }>(
    `select id, slug, short_name as "shortName", timezone, parent_id as "parentId" from tenants where kind = 'municipality' order by slug`,
  );
  return result.rows;
}

export async function listPeopleWithRoles(database: Queryable, tenantId: string, roles: string[]): Promise<string[]> {
  const result = await database.query<{ id: string }>(
    `select distinct u.id from users u join user_roles ur on ur.user_id = u.id
      where u.tenant_id = $1 and u.is_active and ur.role = any($2::text[])`,
    [tenantId, roles],
  );
  return result.rows.map((row) => row.id);
}

// ---- custom slices and workload ----

const SLICE_DIMENSION_SQL = {
  channel: 'c.channel',
  category: TOPIC_EXPRESSION,
  recipient: `coalesce(rc.short_name, rc.name, 'Получатель не назначен')`,
  status: 'c.status',
  fast_track: `case when c.is_fast_track then 'Фаст-трек' else 'Обычные' end`,
} as const;

export function sliceDimensionSql(dimension: SliceDimension, isRegion: boolean, zone: string): string {
  switch (dimension) {
    case 'territory':
      return territoryExpression(isRegion);
    case 'month':
      return `to_char(c.received_at at time zone ${zone}, 'YYYY-MM')`;
    case 'week':
      return `to_char(c.received_at at time zone ${zone}, 'IYYY-"W"IW')`;
    default:
      return SLICE_DIMENSION_SQL[dimension];
  }
}

const SLICE_MEASURE_SQL: Record<SliceMeasure, string> = {
  received: 'count(*)::float8',
  answered: `count(*) filter (where ${onFacts(ANSWERED)})::float8`,
  answered_on_time: `count(*) filter (where ${onFacts(ON_TIME)})::float8`,
  late: `count(*) filter (where ${onFacts(LATE)})::float8`,
  on_time_share: `round((100.0 * count(*) filter (where ${onFacts(ON_TIME)}) / nullif(count(*) filter (where ${onFacts(`${ON_TIME} or (${LATE})`)}), 0))::numeric, 1)::float8`,
  median_answer_hours:
    'round((percentile_cont(0.5) within group (order by c.answer_minutes) / 60)::numeric, 1)::float8',
  mean_rating: 'round(avg(c.rating)::numeric, 2)::float8',
  rated_high: 'count(*) filter (where c.rating >= 4)::float8',
  resolved: `count(*) filter (where c.result = 'resolved')::float8`,
  explained: `count(*) filter (where c.result = 'explained')::float8`,
  otpiska: `count(*) filter (where ${onFacts(OTPISKA)})::float8`,
};

export async function countSlice(
  database: Queryable,
  scope: AnalyticsScope,
  options: {
    rows: SliceDimension;
    columns: SliceDimension;
    measure: SliceMeasure;
    isRegion: boolean;
    timezone: string;
  },
): Promise<Array<{ row: string; column: string; value: number | null }>> {
  const where = buildWhere(scope);
  const needsZone = [options.rows, options.columns].some((dimension) => dimension === 'month' || dimension === 'week');
  const zone = needsZone ? where.param(options.timezone) : "'UTC'";
  const rows = sliceDimensionSql(options.rows, options.isRegion, zone);
  const columns = sliceDimensionSql(options.columns, options.isRegion, zone);
  const result = await database.query<{ row: string; column: string; value: number | null }>(
    `select (${rows})::text as row, (${columns})::text as column, ${SLICE_MEASURE_SQL[options.measure]} as value
       ${FROM_FACTS}
       join tenants t on t.id = c.tenant_id
       left join recipients rc on rc.id = c.recipient_id
      where ${where.sql} group by 1, 2 limit 20000`,
    where.values,
  );
  return result.rows;
}

export type WorkloadRow = {
  key: string | null;
  received: number;
  answered: number;
  answeredOnTime: number;
  late: number;
  medianAnswerMinutes: number | null;
};

/** Period figures per block: a case belongs to every active block whose topics include its category. */
export async function countWorkloadByBlock(
  database: Queryable,
  scope: AnalyticsScope,
): Promise<Array<WorkloadRow & { name: string; topics: string[]; leaderName: string | null }>> {
  const where = buildWhere(scope);
  const result = await database.query<WorkloadRow & { name: string; topics: string[]; leaderName: string | null }>(
    `select b.id::text as key, b.name, b.topics, l.full_name as "leaderName",
            count(c.case_id)::int as received,
            count(c.case_id) filter (where ${onFacts(ANSWERED)})::int as answered,
            count(c.case_id) filter (where ${onFacts(ON_TIME)})::int as "answeredOnTime",
            count(c.case_id) filter (where ${onFacts(LATE)})::int as late,
            percentile_cont(0.5) within group (order by c.answer_minutes) as "medianAnswerMinutes"
       from blocks b
       left join users l on l.id = b.leader_id
       left join analytics_case_measures c on c.tenant_id = b.tenant_id and c.category = any(b.topics) and ${where.sql}
      where b.tenant_id = any($1::uuid[]) and b.is_active
      group by b.tenant_id, b.id, l.full_name order by 5 desc`,
    where.values,
  );
  return result.rows;
}

/** Open and overdue now per block (snapshot, no period). */
export async function countOpenByBlock(
  database: Queryable,
  tenantIds: string[],
): Promise<Array<{ key: string; openNow: number; overdueNow: number }>> {
  const result = await database.query<{ key: string; openNow: number; overdueNow: number }>(
    `select b.id::text as key, count(c.id) filter (where ${OPEN})::int as "openNow",
            count(c.id) filter (where ${OPEN} and c.due_at < now())::int as "overdueNow"
       from blocks b left join cases c on c.tenant_id = b.tenant_id and c.category = any(b.topics) and ${OPEN}
      where b.tenant_id = any($1::uuid[]) and b.is_active group by b.id`,
    [tenantIds],
  );
  return result.rows;
}

export async function countWorkloadByExecutor(
  database: Queryable,
  scope: AnalyticsScope,
): Promise<Array<WorkloadRow & { name: string | null }>> {
  const where = buildWhere(scope);
  const result = await database.query<WorkloadRow & { name: string | null }>(
    `select c.executor_id::text as key, min(u.full_name) as name, count(*)::int as received,
            count(*) filter (where ${ANSWERED})::int as answered,
            count(*) filter (where ${ON_TIME})::int as "answeredOnTime",
            count(*) filter (where ${LATE})::int as late,
            percentile_cont(0.5) within group (order by m.answer_minutes) as "medianAnswerMinutes"
       ${FROM_CASES}
       left join users u on u.id = c.executor_id
      where ${where.sql} group by c.executor_id order by 3 desc limit 500`,
    where.values,
  );
  return result.rows;
}

export async function countOpenByExecutor(
  database: Queryable,
  tenantIds: string[],
): Promise<Array<{ key: string | null; name: string | null; openNow: number; overdueNow: number }>> {
  const result = await database.query<{ key: string | null; name: string | null; openNow: number; overdueNow: number }>(
    `select c.executor_id::text as key, min(u.full_name) as name, count(*)::int as "openNow",
            count(*) filter (where c.due_at < now())::int as "overdueNow"
       from cases c left join users u on u.id = c.executor_id
      where c.tenant_id = any($1::uuid[]) and ${OPEN} group by c.executor_id`,
    [tenantIds],
  );
  return result.rows;
}

export async function listSlices(database: Queryable, tenantId: string, userId: string) {
  const result = await database.query<{ id: string; name: string; definition: unknown; createdAt: Date }>(
    `select id, name, definition, created_at as "createdAt" from analytics_slices where tenant_id = $1 and user_id = $2 order by name`,
    [tenantId, userId],
  );
  return result.rows;
}

export async function insertSlice(
  database: Queryable,
  slice: { tenantId: string; userId: string; name: string; definition: unknown },
): Promise<string> {
  const result = await database.query<{ id: string }>(
    'insert into analytics_slices (tenant_id, user_id, name, definition) values ($1, $2, $3, $4) returning id',
    [slice.tenantId, slice.userId, slice.name, toJsonParameter(slice.definition)],
  );
  return result.rows[0]?.id ?? '';
}

export async function deleteSlice(database: Queryable, tenantId: string, userId: string, id: string): Promise<boolean> {
  const result = await database.query(
    'delete from analytics_slices where tenant_id = $1 and user_id = $2 and id = $3',
    [tenantId, userId, id],
  );
  return (result.rowCount ?? 0) > 0;
}
