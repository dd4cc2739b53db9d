import type { CaseKind, CaseStatus, Channel } from '../../../shared/channels.js';
import type { Queryable } from '../../platform/audit.js';
import { containsPattern, foldCaseSql } from '../../platform/db/text-search.js';

export type CaseRow = {
  id: string;
  tenantId: string;
  tenantName: string;
  number: string;
  channel: Channel;
  kind: CaseKind;
  externalId: string;
  status: CaseStatus;
  text: string;
  category: string | null;
  subcategory: string | null;
  address: string | null;
  district: string | null;
  latitude: number | null;
  longitude: number | null;
  applicantName: string | null;
  applicantPhone: string | null;
  applicantEmail: string | null;
  isFastTrack: boolean;
  /** Read from the database; new cases get them from setCaseTriage. */
  priority?: string;
  tags?: string[];
  receivedAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  workflowId: string | null;
  state: string | null;
  result: string | null;
  rating: number | null;
  lifecycle: Record<string, unknown>;
  version: number;
};

/** For people who read only what is routed to them: cases of these recipients or assigned to these people. */
export type RoutedScope = { recipientIds: string[]; executorIds: string[] };

export type CaseFilter = {
  tenantIds: string[];
  routedTo?: RoutedScope;
  channel?: Channel;
  status?: CaseStatus;
  kind?: CaseKind;
  search?: string;
  isOverdue?: boolean;
};

/** Statuses in which a case still waits for the administration. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'moderation', 'in_work', 'answer_review'];

const COLUMNS = `c.id, c.tenant_id as "tenantId", t.short_name as "tenantName", c.number, c.channel, c.kind,
  c.external_id as "externalId", c.status, c.text, c.category, c.subcategory, c.address, c.district,
  c.latitude, c.longitude, c.applicant_name as "applicantName", c.applicant_phone as "applicantPhone",
  c.applicant_email as "applicantEmail", c.is_fast_track as "isFastTrack", c.received_at as "receivedAt",
  c.due_at as "dueAt", c.closed_at as "closedAt", c.created_at as "createdAt", c.updated_at as "updatedAt",
  c.workflow_id as "workflowId", c.state, c.result, c.rating, c.lifecycle, c.version, c.priority, c.tags`;

function buildWhere(filter: CaseFilter): { sql: string; values: unknown[] } {
  const values: unknown[] = [filter.tenantIds];
  const conditions = ['c.tenant_id = any($1::uuid[])'];
  if (filter.routedTo) {
    values.push(filter.routedTo.recipientIds, filter.routedTo.executorIds);
    conditions.push(
      `(c.recipient_id = any($${values.length - 1}::uuid[]) or c.executor_id = any($${values.length}::uuid[]))`,
    );
  }
  const add = (condition: string, value: unknown) => {
    values.push(value);
    conditions.push(condition.replace('?', `$${values.length}`));
  };
  if (filter.channel) add('c.channel = ?', filter.channel);
  if (filter.status) add('c.status = ?', filter.status);
  if (filter.kind) add('c.kind = ?', filter.kind);
  if (filter.search) {
    values.push(containsPattern(filter.search));
    const pattern = `$${values.length}`;
    conditions.push(
      `(${foldCaseSql('c.number')} like ${pattern} or ${foldCaseSql('c.text')} like ${pattern} or ${foldCaseSql("coalesce(c.address, '')")} like ${pattern})`,
    );
  }
  if (filter.isOverdue !== undefined) {
    values.push(OPEN_STATUSES);
    const overdue = `(c.status = any($${values.length}::text[]) and c.due_at < now())`;
    conditions.push(filter.isOverdue ? overdue : `not ${overdue}`);
  }
  return { sql: conditions.join(' and '), values };
}

export async function listCases(
  database: Queryable,
  filter: CaseFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: CaseRow[]; total: number }> {
  const where = buildWhere(filter);
  const count = await database.query<{ total: number }>(
    `select count(*)::int as total from cases c where ${where.sql}`,
    where.values,
  );
  const rows = await database.query<CaseRow>(
    `select ${COLUMNS} from cases c join tenants t on t.id = c.tenant_id
      where ${where.sql}
      order by c.received_at desc, c.id
      limit $${where.values.length + 1} offset $${where.values.length + 2}`,
    [...where.values, page.limit, page.offset],
  );
  return { rows: rows.rows, total: count.rows[0]?.total ?? 0 };
}

export async function findCase(
  database: Queryable,
  scope: { tenantIds: string[]; routedTo?: RoutedScope },
  id: string,
): Promise<CaseRow | undefined> {
  const where = buildWhere(scope);
  const result = await database.query<CaseRow>(
    `select ${COLUMNS} from cases c join tenants t on t.id = c.tenant_id
      where ${where.sql} and c.id = $${where.values.length + 1}`,
    [...where.values, id],
  );
  return result.rows[0];
}

export type OverviewCounts = {
  total: number;
  open: number;
  overdue: number;
  dueToday: number;
  receivedLast7Days: number;
};

export async function countOverview(
  database: Queryable,
  scope: { tenantIds: string[]; routedTo?: RoutedScope },
  todayEnd: Date,
): Promise<OverviewCounts> {
  const where = buildWhere(scope);
  const open = `$${where.values.length + 1}::text[]`;
  const end = `$${where.values.length + 2}`;
  const result = await database.query<OverviewCounts>(
    `select count(*)::int as total,
            count(*) filter (where c.status = any(${open}))::int as open,
            count(*) filter (where c.status = any(${open}) and c.due_at < now())::int as overdue,
            count(*) filter (where c.status = any(${open}) and c.due_at >= now() and c.due_at < ${end})::int as "dueToday",
            count(*) filter (where c.received_at >= now() - interval '7 days')::int as "receivedLast7Days"
       from cases c where ${where.sql}`,
    [...where.values, OPEN_STATUSES, todayEnd],
  );
  return result.rows[0] ?? { total: 0, open: 0, overdue: 0, dueToday: 0, receivedLast7Days: 0 };
}

export async function countByColumn<Value extends string>(
  database: Queryable,
  scope: { tenantIds: string[]; routedTo?: RoutedScope },
  column: 'channel' | 'status',
): Promise<Array<{ value: Value; count: number }>> {
  const where = buildWhere(scope);
  const result = await database.query<{ value: Value; count: number }>(
    `select c.${column} as value, count(*)::int as count from cases c where ${where.sql}
      group by c.${column} order by count desc`,
    where.values,
  );
  return result.rows;
}

/** Incoming per local day for the last `days` days, in the given IANA time zone. */
export async function countPerDay(
  database: Queryable,
  scope: { tenantIds: string[]; routedTo?: RoutedScope },
  timezone: string,
  days: number,
): Promise<Array<{ day: string; count: number }>> {
  const where = buildWhere(scope);
  const zone = `$${where.values.length + 1}`;
  const result = await database.query<{ day: string; count: number }>(
    `select to_char((c.received_at at time zone ${zone})::date, 'YYYY-MM-DD') as day, count(*)::int as count
       from cases c
      where ${where.sql} and c.received_at >= now() - make_interval(days => $${where.values.length + 2})
      group by 1 order by 1`,
    [...where.values, timezone, days],
  );
  return result.rows;
}

/** A case as an intake channel (or the demo generator) hands it over, before it gets a number. */
export type NewCase = Omit<
  CaseRow,
  | 'id'
  | 'tenantId'
  | 'tenantName'
  | 'number'
  | 'createdAt'
  | 'updatedAt'
  | 'workflowId'
  | 'state'
  | 'result'
  | 'rating'
  | 'lifecycle'
  | 'version'
> & {
  recipientId?: string | null;
  executorId?: string | null;
};

export async function countCasesOfTenant(database: Queryable, tenantId: string): Promise<number> {
  const result = await database.query<{ count: number }>(
    'select count(*)::int as count from cases where tenant_id = $1',
    [tenantId],
  );
  return result.rows[0]?.count ?? 0;
}

/**
 * Inserts cases in one statement (unnest of arrays: COPY does not pass through PGlite's socket) and
 * numbers them per tenant and year in receiving order. Duplicates by (channel, external id) are skipped.
 */
export async function insertCases(database: Queryable, tenantId: string, cases: NewCase[]): Promise<number> {
  if (cases.length === 0) return 0;
  const column = <Value>(pick: (item: NewCase) => Value) => cases.map(pick);
  const result = await database.query(
    `with input as (
       select * from unnest(
         $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
         $10::text[], $11::float8[], $12::float8[], $13::text[], $14::text[], $15::text[], $16::bool[],
         $17::timestamptz[], $18::timestamptz[], $19::timestamptz[], $20::uuid[], $21::uuid[]
       ) with ordinality as i(channel, kind, external_id, status, text, category, subcategory, address, district,
                             latitude, longitude, applicant_name, applicant_phone, applicant_email, is_fast_track,
                             received_at, due_at, closed_at, recipient_id, executor_id, position)
     ),
     fresh as (
       select input.* from input
        where not exists (select 1 from cases c where c.tenant_id = $1 and c.channel = input.channel
                                                  and c.external_id = input.external_id)
     ),
     numbered as (
       select fresh.*, extract(year from received_at)::int as year,
              row_number() over (partition by extract(year from received_at) order by position) as sequence
         from fresh
     ),
     counters as (
       insert into case_number_counters (tenant_id, year, last_value)
       select $1, year, count(*) from numbered group by year
       on conflict (tenant_id, year) do update set last_value = case_number_counters.last_value + excluded.last_value
       returning year, last_value
     )
     insert into cases (tenant_id, number, channel, kind, external_id, status, text, category, subcategory, address,
                        district, latitude, longitude, applicant_name, applicant_phone, applicant_email, is_fast_track,
                        received_at, due_at, closed_at, recipient_id, executor_id)
     select $1, n.year || '-' || lpad((c.last_value - (select count(*) from numbered x where x.year = n.year) + n.sequence)::text, 6, '0'),
            n.channel, n.kind, n.external_id, n.status, n.text, n.category, n.subcategory, n.address, n.district,
            n.latitude, n.longitude, n.applicant_name, n.applicant_phone, n.applicant_email, n.is_fast_track,
            n.received_at, n.due_at, n.closed_at, n.recipient_id, n.executor_id
       from numbered n join counters c on c.year = n.year`,
    [
      tenantId,
      column((item) => item.channel),
      column((item) => item.kind),
      column((item) => item.externalId),
      column((item) => item.status),
      column((item) => item.text),
      column((item) => item.category),
      column((item) => item.subcategory),
      column((item) => item.address),
      column((item) => item.district),
      column((item) => item.latitude),
      column((item) => item.longitude),
      column((item) => item.applicantName),
      column((item) => item.applicantPhone),
      column((item) => item.applicantEmail),
      column((item) => item.isFastTrack),
      column((item) => item.receivedAt),
      column((item) => item.dueAt),
      column((item) => item.closedAt),
      column((item) => item.recipientId ?? null),
      column((item) => item.executorId ?? null),
    ],
  );
  return result.rowCount ?? 0;
}

export type CaseFacts = {
  id: string;
  tenantId: string;
  number: string;
  receivedAt: Date;
  address: string | null;
  category: string | null;
  applicantName: string | null;
  executorName: string | null;
  recipientName: string | null;
  timezone: string;
};

/** What answer templates fill in: the case, its executor, recipient and the tenant's time zone. */
export async function findCaseFacts(
  database: Queryable,
  scope: { tenantIds: string[]; routedTo?: RoutedScope },
  id: string,
): Promise<CaseFacts | undefined> {
  const where = buildWhere(scope);
  const result = await database.query<CaseFacts>(
    `select c.id, c.tenant_id as "tenantId", c.number, c.received_at as "receivedAt", c.address, c.category,
            c.applicant_name as "applicantName", e.full_name as "executorName", r.name as "recipientName", t.timezone
       from cases c
       join tenants t on t.id = c.tenant_id
       left join users e on e.id = c.executor_id
       left join recipients r on r.id = c.recipient_id
      where ${where.sql} and c.id = $${where.values.length + 1}`,
    [...where.values, id],
  );
  return result.rows[0];
}

export async function findCaseIdByExternalId(
  database: Queryable,
  tenantId: string,
  channel: string,
  externalId: string,
): Promise<string> {
  const result = await database.query<{ id: string }>(
    'select id from cases where tenant_id = $1 and channel = $2 and external_id = $3',
    [tenantId, channel, externalId],
  );
  return result.rows[0]?.id ?? '';
}

/** Priority, tags and applicant type of a new case (set by routing rules or the registering person). */
export async function setCaseTriage(
  database: Queryable,
  tenantId: string,
  caseId: string,
  triage: { priority: string; tags: string[]; applicantType: string | null },
): Promise<void> {
  await database.query(
    'update cases set priority = $3, tags = $4, applicant_type = $5 where tenant_id = $1 and id = $2',
    [tenantId, caseId, triage.priority, triage.tags, triage.applicantType],
  );
}

export async function setCaseWorkflow(
  database: Queryable,
  tenantId: string,
  caseId: string,
  workflowId: string,
  state: string,
): Promise<void> {
  await database.query('update cases set workflow_id = $3, state = $4 where tenant_id = $1 and id = $2', [
    tenantId,
    caseId,
    workflowId,
    state,
  ]);
}
