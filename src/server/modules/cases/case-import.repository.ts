import type { CaseKind, CaseStatus, Channel } from '../../../shared/channels.js';
import type { Queryable } from '../../platform/audit.js';

// SQL of bulk intake (history and export importers): cases with their workflow state and lifecycle as
// they were at the source, and their timelines, a few statements per thousands of rows (unnest of
// arrays: COPY does not pass through PGlite's socket).

/** A case as an importer hands it over: the source's final state, not a fresh one. */
export type ImportedCaseRow = {
  channel: Channel;
  kind: CaseKind;
  externalId: string;
  status: CaseStatus;
  workflowId: string;
  state: string;
  result: string | null;
  rating: number | null;
  reopenCount: number;
  lifecycle: Record<string, unknown>;
  text: string;
  category: string | null;
  subcategory: string | null;
  address: string | null;
  district: string | null;
  latitude: number | null;
  longitude: number | null;
  applicantName: string | null;
  recipientId: string | null;
  /** What routing rules decided (docs/intake.md: «Автоправила при импорте»). */
  executorId: string | null;
  priority: string;
  tags: string[];
  isFastTrack: boolean;
  receivedAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
};

export type ImportedCaseEventRow = {
  caseId: string;
  action: string;
  actorRole: string | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
};

/** External ids of the channel that the tenant already has, among `externalIds`. */
export async function findExistingExternalIds(
  database: Queryable,
  tenantId: string,
  channel: Channel,
  externalIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < externalIds.length; start += 50_000) {
    const result = await database.query<{ externalId: string }>(
      `select external_id as "externalId" from cases
        where tenant_id = $1 and channel = $2 and external_id = any($3::text[])`,
      [tenantId, channel, externalIds.slice(start, start + 50_000)],
    );
    for (const row of result.rows) found.add(row.externalId);
  }
  return found;
}

/**
 * Inserts the cases in one statement, numbered per tenant and year in the given order (pass them sorted
 * by receipt): the numbers are reserved first with one counter update per batch, then written as given,
 * so the insert itself is a plain `unnest` (no window or sort in the database). Every case must be new
 * (check with findExistingExternalIds in the same transaction); a conflict is skipped. Returns new ids.
 */
export async function insertImportedCases(
  database: Queryable,
  tenantId: string,
  rows: readonly ImportedCaseRow[],
  timeZone: string,
): Promise<Array<{ id: string; externalId: string; channel: Channel }>> {
  if (rows.length === 0) return [];
  // The year of a number is the local year of receipt in the tenant's zone, like the case card shows it.
  const yearFormat = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' });
  const years = rows.map((row) => Number(yearFormat.format(row.receivedAt)));
  const perYear = new Map<number, number>();
  for (const year of years) perYear.set(year, (perYear.get(year) ?? 0) + 1);
  const reserved = await database.query<{ year: number; lastValue: number }>(
    `insert into case_number_counters (tenant_id, year, last_value)
     select $1, * from unnest($2::int[], $3::int[])
     on conflict (tenant_id, year) do update set last_value = case_number_counters.last_value + excluded.last_value
     returning year, last_value as "lastValue"`,
    [tenantId, [...perYear.keys()], [...perYear.values()]],
  );
  const next = new Map<number, number>();
  for (const row of reserved.rows) next.set(row.year, row.lastValue - (perYear.get(row.year) ?? 0));
  const numbers = years.map((year) => {
    const value = (next.get(year) ?? 0) + 1;
    next.set(year, value);
    return `${year}-${String(value).padStart(6, '0')}`;
  });
  const column = <Value>(pick: (row: ImportedCaseRow) => Value) => rows.map(pick);
  const result = await database.query<{ id: string; externalId: string; channel: Channel }>(
    `insert into cases (tenant_id, number, channel, kind, external_id, status, workflow_id, state, result, rating,
                        reopen_count, lifecycle, text, category, subcategory, address, district, latitude, longitude,
                        applicant_name, recipient_id, is_fast_track, received_at, due_at, closed_at, executor_id,
                        priority, tags)
     select $1, u.number, u.channel, u.kind, u.external_id, u.status, u.workflow_id, u.state, u.result, u.rating,
            u.reopen_count, u.lifecycle, u.text, u.category, u.subcategory, u.address, u.district, u.latitude,
            u.longitude, u.applicant_name, u.recipient_id, u.is_fast_track, u.received_at, u.due_at, u.closed_at,
            u.executor_id, u.priority,
            -- tags travel as one JSON array per case (unnest would flatten an array of arrays)
            case when jsonb_array_length(u.tags) = 0 then '{}'::text[]
                 else array(select jsonb_array_elements_text(u.tags)) end
       from unnest(
       $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[],
       $11::int[], $12::jsonb[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::float8[],
       $19::float8[], $20::text[], $21::uuid[], $22::bool[], $23::timestamptz[], $24::timestamptz[], $25::timestamptz[],
       $26::uuid[], $27::text[], $28::jsonb[]
     ) as u(number, channel, kind, external_id, status, workflow_id, state, result, rating, reopen_count, lifecycle,
            text, category, subcategory, address, district, latitude, longitude, applicant_name, recipient_id,
            is_fast_track, received_at, due_at, closed_at, executor_id, priority, tags)
     on conflict do nothing
     returning id, external_id as "externalId", channel`,
    [
      tenantId,
      numbers,
      column((row) => row.channel),
      column((row) => row.kind),
      column((row) => row.externalId),
      column((row) => row.status),
      column((row) => row.workflowId),
      column((row) => row.state),
      column((row) => row.result),
      column((row) => row.rating),
      column((row) => row.reopenCount),
      column((row) => JSON.stringify(row.lifecycle)),
      column((row) => row.text),
      column((row) => row.category),
      column((row) => row.subcategory),
      column((row) => row.address),
      column((row) => row.district),
      column((row) => row.latitude),
      column((row) => row.longitude),
      column((row) => row.applicantName),
      column((row) => row.recipientId),
      column((row) => row.isFastTrack),
      column((row) => row.receivedAt),
      column((row) => row.dueAt),
      column((row) => row.closedAt),
      column((row) => row.executorId),
      column((row) => row.priority),
      column((row) => JSON.stringify(row.tags)),
    ],
  );
  return result.rows;
}

/** Timeline rows in one statement; ids follow the given order (pass each case's events by time). */
export async function insertImportedCaseEvents(
  database: Queryable,
  tenantId: string,
  events: readonly ImportedCaseEventRow[],
): Promise<number> {
  if (events.length === 0) return 0;
  const result = await database.query(
    `insert into case_events (tenant_id, case_id, action, actor_role, from_state, to_state, payload, created_at)
     select $1, * from unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::timestamptz[])`,
    [
      tenantId,
      events.map((event) => event.caseId),
      events.map((event) => event.action),
      events.map((event) => event.actorRole),
      events.map((event) => event.fromState),
      events.map((event) => event.toState),
      events.map((event) => JSON.stringify(event.payload)),
      events.map((event) => event.createdAt),
    ],
  );
  return result.rowCount ?? 0;
}
