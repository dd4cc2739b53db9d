import type { CaseKind, CaseStatus, Channel } from '../../../shared/channels.js';
import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

// SQL of bulk intake (history and export importers): cases with their workflow state and lifecycle as
// they were at the source, and their timelines, one statement per batch of thousands of rows (JSON
// documents read by jsonb_to_recordset: COPY does not pass through PGlite's socket).

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

/**
 * External ids of the channel that the tenant already has, among `externalIds`: one lookup in the unique
 * key per id (LATERAL … LIMIT 1), whatever the table's statistics say: right after a big import, before
 * any ANALYZE (PGlite has no autovacuum), the planner hashed every key of the channel for each batch of
 * 2000 ids (350 ms a batch on PGlite).
 */
export async function findExistingExternalIds(
  database: Queryable,
  tenantId: string,
  channel: Channel,
  externalIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let start = 0; start < externalIds.length; start += 50_000) {
    const result = await database.query<{ externalId: string }>(
      `select c.external_id as "externalId"
         from unnest($3::text[]) as wanted(external_id)
        cross join lateral (
          select external_id from cases
           where tenant_id = $1 and channel = $2 and external_id = wanted.external_id
           limit 1 -- not pulled up into a join: one index lookup per id
        ) as c`,
      [tenantId, channel, externalIds.slice(start, start + 50_000)],
    );
    for (const row of result.rows) found.add(row.externalId);
  }
  return found;
}

/**
 * Locks the tenant's number counter of a year until the transaction ends and answers its last value:
 * the importer numbers its new cases of that year from there in receipt order and stores the last
 * number it used with setCaseNumberCounters before it commits. Writers that reserve numbers meanwhile
 * wait on the row and continue after the importer's numbers.
 */
export async function lockCaseNumberCounter(database: Queryable, tenantId: string, year: number): Promise<number> {
  const result = await database.query<{ lastValue: number }>(
    `insert into case_number_counters (tenant_id, year, last_value) values ($1, $2, 0)
     on conflict (tenant_id, year) do update set last_value = case_number_counters.last_value
     returning last_value as "lastValue"`,
    [tenantId, year],
  );
  const row = result.rows[0];
  if (!row) throw new Error('lockCaseNumberCounter: no counter row');
  return row.lastValue;
}

/** Stores the last numbers used per year (counters locked with lockCaseNumberCounter). */
export async function setCaseNumberCounters(
  database: Queryable,
  tenantId: string,
  lastValues: ReadonlyMap<number, number>,
): Promise<void> {
  if (lastValues.size === 0) return;
  await database.query(
    `update case_number_counters c set last_value = greatest(c.last_value, u.last_value)
       from unnest($2::int[], $3::int[]) as u(year, last_value)
      where c.tenant_id = $1 and c.year = u.year`,
    [tenantId, [...lastValues.keys()], [...lastValues.values()]],
  );
}

/** A new case with its id and number chosen by the importer. */
export type NumberedImportedCaseRow = ImportedCaseRow & { id: string; number: string };

/**
 * Inserts a batch of new cases and their timelines (serializeImportedCaseBatch) in one statement: each
 * travels as one binary jsonb parameter read by jsonb_to_recordset — cheaper to build than 30 PostgreSQL
 * array literals, parsed once (nested jsonb values are not parsed again, as json_to_recordset does). Ids and numbers come with the
 * rows, so the importer can send the next batch without waiting for this one. A case whose (channel,
 * external id) another writer registered meanwhile is skipped with its timeline; the answer names the
 * skipped ids then (empty when every case went in). Events must be in time order per case (their ids
 * follow the given order).
 */
export async function insertImportedCaseBatch(
  database: Queryable,
  tenantId: string,
  batch: ImportedCaseBatch,
): Promise<{ created: number; skippedIds: string[] }> {
  if (batch.ids.length === 0) return { created: 0, skippedIds: [] };
  const result = await database.query<{ created: number; insertedIds: string[] | null }>(
    `with inserted as (
       insert into cases (tenant_id, id, number, channel, kind, external_id, status, workflow_id, state, result, rating,
                          reopen_count, lifecycle, text, category, subcategory, address, district, latitude, longitude,
                          applicant_name, recipient_id, is_fast_track, received_at, due_at, closed_at, executor_id,
                          priority, tags)
       select $1, u.id, u.number, u.channel, u.kind, u."externalId", u.status, u."workflowId", u.state, u.result,
              u.rating, u."reopenCount", u.lifecycle, u.text, u.category, u.subcategory, u.address, u.district,
              u.latitude, u.longitude, u."applicantName", u."recipientId", u."isFastTrack", u."receivedAt", u."dueAt",
              u."closedAt", u."executorId", u.priority, u.tags
         from jsonb_to_recordset($2::jsonb) as u(id uuid, number text, channel text, kind text, "externalId" text,
              status text, "workflowId" text, state text, result text, rating int, "reopenCount" int, lifecycle jsonb,
              text text, category text, subcategory text, address text, district text, latitude float8,
              longitude float8, "applicantName" text, "recipientId" uuid, "isFastTrack" bool, "receivedAt" timestamptz,
              "dueAt" timestamptz, "closedAt" timestamptz, "executorId" uuid, priority text, tags text[])
       on conflict do nothing
       returning id
     ), timeline as (
       insert into case_events (tenant_id, case_id, action, actor_role, from_state, to_state, payload, created_at)
       select $1, e."caseId", e.action, e."actorRole", e."fromState", e."toState", e.payload, e."createdAt"
         from rows from (jsonb_to_recordset($3::jsonb) as ("caseId" uuid, action text, "actorRole" text,
              "fromState" text, "toState" text, payload jsonb, "createdAt" timestamptz))
              with ordinality as e("caseId", action, "actorRole", "fromState", "toState", payload, "createdAt", position)
        where e."caseId" in (select id from inserted)
        -- ids (bigserial) in the given order, whatever join the planner picks: a case's timeline reads by id
        order by e.position
     )
     select count(*)::int as created, case when count(*) < $4 then array_agg(id) end as "insertedIds" from inserted`,
    [tenantId, jsonbArrayParameter(batch.rows), jsonbArrayParameter(batch.events), batch.ids.length],
  );
  const created = result.rows[0]?.created ?? 0;
  const inserted = new Set(result.rows[0]?.insertedIds ?? []);
  const skippedIds = created < batch.ids.length ? batch.ids.filter((id) => !inserted.has(id)) : [];
  return { created, skippedIds };
}

/**
 * A batch ready to send: its rows and timeline serialised, in parts (the UTF-8 of JSON arrays without their
 * brackets), so an importer can build it a slice at a time while the database is busy.
 */
export type ImportedCaseBatch = { ids: string[]; rows: Buffer[]; events: Buffer[] };

export function serializeImportedCaseBatch(
  rows: readonly NumberedImportedCaseRow[],
  events: readonly ImportedCaseEventRow[],
): ImportedCaseBatch {
  const inner = (values: readonly unknown[]) =>
    values.length === 0 ? [] : [Buffer.from(toJsonParameter(values)).subarray(1, -1)];
  return { ids: rows.map((row) => row.id), rows: inner(rows), events: inner(events) };
}

/** One batch of several serialised apart. */
export function joinImportedCaseBatches(parts: readonly ImportedCaseBatch[]): ImportedCaseBatch {
  return {
    ids: parts.flatMap((part) => part.ids),
    rows: parts.flatMap((part) => part.rows),
    events: parts.flatMap((part) => part.events),
  };
}

const JSONB_ARRAY_START = Buffer.from([1, 0x5b]); // jsonb binary format version 1, then the text: «[»
const COMMA = Buffer.from(',');
const ARRAY_END = Buffer.from(']');

/**
 * A jsonb parameter in binary format (a version byte, then the JSON text): the parts are joined as bytes,
 * never as one giant JavaScript string that the driver would encode again.
 */
function jsonbArrayParameter(parts: readonly Buffer[]): Buffer {
  const pieces: Buffer[] = [JSONB_ARRAY_START];
  parts.forEach((part, index) => {
    if (index > 0) pieces.push(COMMA);
    pieces.push(part);
  });
  pieces.push(ARRAY_END);
  return Buffer.concat(pieces);
}
