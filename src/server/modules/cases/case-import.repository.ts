import type { CaseKind, CaseStatus, Channel } from '../../../shared/channels.js';
import type { Queryable } from '../../platform/audit.js';
import {
  arrayParameter,
  type BinaryColumn,
  type ElementType,
  type ElementValue,
  encodeColumn,
  joinColumns,
  textArrayLiteral,
} from '../../platform/db/binary-array.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';
import type { PlannedImportTimer } from '../sla/index.js';

// SQL of bulk intake (history and export importers): cases with their workflow state and lifecycle as
// they were at the source, and their timelines, one statement per batch of thousands of rows (a binary
// array per column read by unnest: COPY does not pass through PGlite's socket).

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
 * Whether the tenant has any case of the channel: an import into a channel that had none when it began need
 * not look its ids up batch by batch (repeats inside the input are dropped by the importer, and a case another
 * writer registers meanwhile is skipped by the batch's statement).
 */
export async function hasCasesOfChannel(database: Queryable, tenantId: string, channel: Channel): Promise<boolean> {
  const result = await database.query<{ found: boolean }>(
    `select exists (select 1 from cases where tenant_id = $1 and channel = $2) as found`,
    [tenantId, channel],
  );
  return result.rows[0]?.found ?? true;
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

/** A timer of a new case as the SLA module planned it. */
export type ImportedCaseTimerRow = PlannedImportTimer & { caseId: string };

/** An answering organisation new to the tenant, with the id the importer chose (its cases refer to it). */
export type ImportedRecipientRow = { id: string; kind: string; name: string };

/** A new case with its id and number chosen by the importer. */
export type NumberedImportedCaseRow = ImportedCaseRow & { id: string; number: string };

/**
 * Inserts a batch of new cases with their timelines, timers and new recipients (ImportedCaseBatchBuilder) in one statement,
 * one round trip: every column travels as one binary array parameter read by unnest (binary-array.ts). Ids
 * and numbers come with the rows, so the importer can send the next batch without waiting for this one. A
 * case whose (channel, external id) another writer registered meanwhile is skipped with its timeline and
 * timers; the answer names the skipped ids then (empty when every case went in) and counts the timers
 * written. Events must be in time order per case (their ids follow the given order).
 *
 * Answers are most of an import's bytes (the last one in the lifecycle, each in its timeline entry): they
 * travel as text columns of their own and are put back into the jsonb documents by the statement
 * (`draftAnswer.text`, the event's `text`), so the server copies them instead of lexing them as JSON. An entry
 * that repeats its case's answer carries only a flag and takes the text from the case just written.
 */
export async function insertImportedCaseBatch(
  database: Queryable,
  tenantId: string,
  batch: ImportedCaseBatch,
): Promise<{ created: number; skippedIds: string[]; timers: number }> {
  if (batch.ids.length === 0) return { created: 0, skippedIds: [], timers: 0 };
  const result = await database.query<{ created: number; insertedIds: string[] | null; timers: number }>(
    INSERT_BATCH_SQL,
    [
      tenantId,
      ...batch.cases.map(arrayParameter),
      ...batch.events.map(arrayParameter),
      arrayParameter(batch.payloads),
      ...batch.timers.map(arrayParameter),
      ...batch.recipients.map(arrayParameter),
      batch.ids.length,
    ],
  );
  const created = result.rows[0]?.created ?? 0;
  const inserted = new Set(result.rows[0]?.insertedIds ?? []);
  const skippedIds = created < batch.ids.length ? batch.ids.filter((id) => !inserted.has(id)) : [];
  return { created, skippedIds, timers: result.rows[0]?.timers ?? 0 };
}

/** A column of a batch: its name in the statement, its element type and how a row gives its value. */
type BatchColumn<Row, Extra> = {
  name: string;
  type: ElementType;
  encode(rows: readonly Row[], extra: Extra): BinaryColumn;
};

function column<Row, Extra, T extends ElementType>(
  name: string,
  type: T,
  pick: (row: Row, index: number, extra: Extra) => ElementValue<T>,
): BatchColumn<Row, Extra> {
  return {
    name,
    type,
    encode: (rows, extra) =>
      encodeColumn(
        type,
        rows.map((row, index) => pick(row, index, extra)),
      ),
  };
}

/** What a case sends besides its row: the lifecycle without the answer's text, and that text. */
type CaseExtra = { lifecycleJson: string[]; answer: (string | null)[] };
/**
 * What a timeline entry sends besides its row: the place of its payload (without `text`), and that text, or,
 * when the text is its case's answer (the last answer of a history case is both in the lifecycle and in its
 * timeline entry), only a flag: the statement takes the text from the case it has just written, so it travels
 * once.
 */
type EventExtra = { payloadIndex: number[]; text: (string | null)[]; isAnswer: boolean[] };

const CASE_COLUMNS: BatchColumn<NumberedImportedCaseRow, CaseExtra>[] = [
  column('id', 'uuid', (row) => row.id),
  column('number', 'text', (row) => row.number),
  column('channel', 'text', (row) => row.channel),
  column('kind', 'text', (row) => row.kind),
  column('external_id', 'text', (row) => row.externalId),
  column('status', 'text', (row) => row.status),
  column('workflow_id', 'text', (row) => row.workflowId),
  column('state', 'text', (row) => row.state),
  column('result', 'text', (row) => row.result),
  column('rating', 'int4', (row) => row.rating),
  column('reopen_count', 'int4', (row) => row.reopenCount),
  column('lifecycle', 'jsonb', (_, index, extra) => extra.lifecycleJson[index]),
  column('answer', 'text', (_, index, extra) => extra.answer[index]),
  column('text', 'text', (row) => row.text),
  column('category', 'text', (row) => row.category),
  column('subcategory', 'text', (row) => row.subcategory),
  column('address', 'text', (row) => row.address),
  column('district', 'text', (row) => row.district),
  column('latitude', 'float8', (row) => row.latitude),
  column('longitude', 'float8', (row) => row.longitude),
  column('applicant_name', 'text', (row) => row.applicantName),
  column('recipient_id', 'uuid', (row) => row.recipientId),
  column('is_fast_track', 'bool', (row) => row.isFastTrack),
  column('received_at', 'timestamptz', (row) => row.receivedAt),
  column('due_at', 'timestamptz', (row) => row.dueAt),
  column('closed_at', 'timestamptz', (row) => row.closedAt),
  column('executor_id', 'uuid', (row) => row.executorId),
  column('priority', 'text', (row) => row.priority),
  column('tags', 'text', (row) => textArrayLiteral(row.tags)),
];

const EVENT_COLUMNS: BatchColumn<ImportedCaseEventRow, EventExtra>[] = [
  column('case_id', 'uuid', (event) => event.caseId),
  column('action', 'text', (event) => event.action),
  column('actor_role', 'text', (event) => event.actorRole),
  column('from_state', 'text', (event) => event.fromState),
  column('to_state', 'text', (event) => event.toState),
  column('payload_index', 'int4', (_, index, extra) => extra.payloadIndex[index]),
  column('text', 'text', (_, index, extra) => extra.text[index]),
  column('is_answer', 'bool', (_, index, extra) => extra.isAnswer[index]),
  column('created_at', 'timestamptz', (event) => event.createdAt),
];

const TIMER_COLUMNS: BatchColumn<ImportedCaseTimerRow, null>[] = [
  column('case_id', 'uuid', (timer) => timer.caseId),
  column('kind', 'text', (timer) => timer.kind),
  column('policy_name', 'text', (timer) => timer.policyName),
  column('schedule_id', 'text', (timer) => timer.scheduleId),
  column('duration', 'text', (timer) => timer.duration),
  column('started_at', 'timestamptz', (timer) => timer.startedAt),
  column('due_at', 'timestamptz', (timer) => timer.dueAt),
  column('warn_at', 'timestamptz', (timer) => timer.warnAt),
  column('warned_at', 'timestamptz', (timer) => timer.warnedAt),
  column('breached_at', 'timestamptz', (timer) => timer.breachedAt),
];

const RECIPIENT_COLUMNS: BatchColumn<ImportedRecipientRow, null>[] = [
  column('id', 'uuid', (recipient) => recipient.id),
  column('kind', 'text', (recipient) => recipient.kind),
  column('name', 'text', (recipient) => recipient.name),
];

/**
 * Every column is unnested in the select list (SRFs there run in lockstep, a row at a time): unnest in FROM
 * would first copy each array into a tuplestore of its own.
 */
function unnestColumns(columns: readonly BatchColumn<never, never>[], firstParameter: number): string {
  return columns
    .map((item, index) => `unnest($${firstParameter + index}::${item.type}[]) as ${item.name}`)
    .join(',\n              ');
}

const EVENTS_FIRST_PARAMETER = 2 + CASE_COLUMNS.length;
const PAYLOADS_PARAMETER = EVENTS_FIRST_PARAMETER + EVENT_COLUMNS.length;
const TIMERS_FIRST_PARAMETER = PAYLOADS_PARAMETER + 1;
const RECIPIENTS_FIRST_PARAMETER = TIMERS_FIRST_PARAMETER + TIMER_COLUMNS.length;
const COUNT_PARAMETER = RECIPIENTS_FIRST_PARAMETER + RECIPIENT_COLUMNS.length;

const INSERT_BATCH_SQL = `with recipients_added as (
       -- the answering organisations new to the tenant (cases refer to them by the ids chosen with them)
       insert into recipients (tenant_id, id, parent_id, kind, name, short_name)
       select $1, r.id, null, r.kind, r.name, null
         from (select ${unnestColumns(RECIPIENT_COLUMNS, RECIPIENTS_FIRST_PARAMETER)}) as r
     ), inserted as (
       insert into cases (tenant_id, id, number, channel, kind, external_id, status, workflow_id, state, result, rating,
                          reopen_count, lifecycle, text, category, subcategory, address, district, latitude, longitude,
                          applicant_name, recipient_id, is_fast_track, received_at, due_at, closed_at, executor_id,
                          priority, tags)
       select $1, u.id, u.number, u.channel, u.kind, u.external_id, u.status, u.workflow_id, u.state, u.result,
              u.rating, u.reopen_count,
              case when u.answer is null then u.lifecycle
                   else jsonb_set(u.lifecycle, '{draftAnswer,text}', to_jsonb(u.answer)) end,
              u.text, u.category, u.subcategory, u.address, u.district, u.latitude, u.longitude, u.applicant_name,
              u.recipient_id, u.is_fast_track, u.received_at, u.due_at, u.closed_at, u.executor_id, u.priority,
              u.tags::text[]
         from (select ${unnestColumns(CASE_COLUMNS, 2)}) as u
       on conflict do nothing
       returning id, lifecycle #>> '{draftAnswer,text}' as answer
     ), timeline as (
       insert into case_events (tenant_id, case_id, action, actor_role, from_state, to_state, payload, created_at)
       select $1, e.case_id, e.action, e.actor_role, e.from_state, e.to_state,
              case when e.is_answer
                     then ($${PAYLOADS_PARAMETER}::jsonb[])[e.payload_index] || jsonb_build_object('text', i.answer)
                   when e.text is null then ($${PAYLOADS_PARAMETER}::jsonb[])[e.payload_index]
                   else ($${PAYLOADS_PARAMETER}::jsonb[])[e.payload_index] || jsonb_build_object('text', e.text) end,
              e.created_at
         from (select ${unnestColumns(EVENT_COLUMNS, EVENTS_FIRST_PARAMETER)},
                      generate_series(1, cardinality($${EVENTS_FIRST_PARAMETER}::uuid[])) as position) as e
         join inserted i on i.id = e.case_id
        -- ids (bigserial) in the given order, whatever join the planner picks: a case's timeline reads by id
        order by e.position
     ), timers as (
       insert into case_timers (tenant_id, case_id, kind, policy_name, schedule_id, duration, started_at, due_at,
                                warn_at, warned_at, breached_at)
       select $1, t.case_id, t.kind, t.policy_name, t.schedule_id, t.duration, t.started_at, t.due_at, t.warn_at,
              t.warned_at, t.breached_at
         from (select ${unnestColumns(TIMER_COLUMNS, TIMERS_FIRST_PARAMETER)}) as t
        where t.case_id in (select id from inserted)
       on conflict (tenant_id, case_id, kind) do nothing
       returning 1
     )
     select count(*)::int as created, case when count(*) < $${COUNT_PARAMETER} then array_agg(id) end as "insertedIds",
            (select count(*)::int from timers) as timers
       from inserted`;

/**
 * A batch ready to send: its columns encoded (the parameters of insertImportedCaseBatch in order) and the
 * distinct timeline payloads (a timeline repeats a few dozen of them — «статус: Модерация», the answering
 * organisation — and each is parsed as JSON by the server once per batch instead of once per entry).
 */
export type ImportedCaseBatch = {
  ids: string[];
  cases: BinaryColumn[];
  events: BinaryColumn[];
  payloads: BinaryColumn;
  timers: BinaryColumn[];
  recipients: BinaryColumn[];
};

/**
 * Builds a batch a slice at a time (`add`), so an importer can let the event loop turn between slices
 * while the database writes the batch before; `finish` joins the slices.
 */
export class ImportedCaseBatchBuilder {
  private readonly ids: string[] = [];
  private readonly caseSlices: BinaryColumn[][] = [];
  private readonly eventSlices: BinaryColumn[][] = [];
  private readonly timerSlices: BinaryColumn[][] = [];
  /** Payload JSON → its position in the payloads parameter (from 1). */
  private readonly payloads = new Map<string, number>();

  add(
    rows: readonly NumberedImportedCaseRow[],
    events: readonly ImportedCaseEventRow[],
    timers: readonly ImportedCaseTimerRow[],
  ): void {
    const caseExtra: CaseExtra = { lifecycleJson: [], answer: [] };
    /** Case id → its answer, for the entries that repeat it. */
    const answers = new Map<string, string>();
    for (const row of rows) {
      const { document, text } = withoutText(row.lifecycle, 'draftAnswer');
      caseExtra.lifecycleJson.push(toJsonParameter(document));
      caseExtra.answer.push(text);
      this.ids.push(row.id);
      if (text !== null) answers.set(row.id, text);
    }
    const eventExtra: EventExtra = { payloadIndex: [], text: [], isAnswer: [] };
    for (const event of events) {
      const { document, text } = withoutText(event.payload, null);
      const json = toJsonParameter(document);
      let payloadIndex = this.payloads.get(json);
      if (payloadIndex === undefined) {
        payloadIndex = this.payloads.size + 1;
        this.payloads.set(json, payloadIndex);
      }
      eventExtra.payloadIndex.push(payloadIndex);
      const isAnswer = text !== null && answers.get(event.caseId) === text;
      eventExtra.text.push(isAnswer ? null : text);
      eventExtra.isAnswer.push(isAnswer);
    }
    this.caseSlices.push(CASE_COLUMNS.map((item) => item.encode(rows, caseExtra)));
    this.eventSlices.push(EVENT_COLUMNS.map((item) => item.encode(events, eventExtra)));
    this.timerSlices.push(TIMER_COLUMNS.map((item) => item.encode(timers, null)));
  }

  /** The batch, with the recipients new to the tenant that its cases refer to. */
  finish(recipients: readonly ImportedRecipientRow[]): ImportedCaseBatch {
    const join = (slices: BinaryColumn[][], columns: readonly BatchColumn<never, never>[]) =>
      columns.map((item, index) =>
        slices.length === 0
          ? encodeColumn(item.type, [])
          : joinColumns(slices.map((slice) => slice[index] as BinaryColumn)),
      );
    return {
      ids: [...this.ids],
      cases: join(this.caseSlices, CASE_COLUMNS),
      events: join(this.eventSlices, EVENT_COLUMNS),
      payloads: encodeColumn('jsonb', [...this.payloads.keys()]),
      timers: join(this.timerSlices, TIMER_COLUMNS),
      recipients: RECIPIENT_COLUMNS.map((item) => item.encode(recipients, null)),
    };
  }
}

/**
 * A document and its string `text` (of the document itself, or of its object under `key`) taken out,
 * to travel apart; the statement puts it back at the same place.
 */
function withoutText(
  document: Record<string, unknown>,
  key: string | null,
): { document: Record<string, unknown>; text: string | null } {
  const holder = key === null ? document : document[key];
  if (holder === null || typeof holder !== 'object' || Array.isArray(holder)) return { document, text: null };
  const text = (holder as Record<string, unknown>).text;
  if (typeof text !== 'string') return { document, text: null };
  const { text: _text, ...rest } = holder as Record<string, unknown>;
  return { document: key === null ? rest : { ...document, [key]: rest }, text };
}
