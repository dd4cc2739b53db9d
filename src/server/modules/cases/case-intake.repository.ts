import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

/** A case as a channel connector hands it over, with its workflow state, timers and due time already planned. */
export type IncomingCaseRow = {
  id: string;
  number: string;
  tenantId: string;
  channel: string;
  kind: string;
  externalId: string;
  status: string;
  workflowId: string;
  state: string;
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
  recipientId: string | null;
  executorId: string | null;
  priority: string;
  tags: string[];
  applicantType: string | null;
  receivedAt: Date;
  dueAt: Date | null;
  timers: Array<{
    kind: string;
    policyName: string;
    scheduleId: string;
    duration: string;
    startedAt: Date;
    dueAt: Date;
    warnAt: Date;
  }>;
  event: { actorId: string | null; actorRole: string | null; payload: Record<string, unknown>; events: string[] };
  /** The «Автоправила» timeline entry (which rules fired and why), written after «created»; null when none fired. */
  routing: Record<string, unknown> | null;
  /** What the classifier applied above the tenant's threshold (its timeline entry and audit row), or null. */
  classification: Record<string, unknown> | null;
  audit: {
    actorUserId: string | null;
    details: Record<string, unknown>;
    ipAddress: string | null;
    requestId: string | null;
  };
  submission: {
    token: string;
    statusTokenHash: string | null;
    apiKeyId: string | null;
    serviceCode: string | null;
    attributes: Record<string, unknown>;
    mediaUrl: string | null;
    addressId: string | null;
    deviceId: string | null;
    accountId: string | null;
  } | null;
};

/** The answer to an `Idempotency-Key` request, stored with the case it created (kept 24 hours). */
export type StoredIdempotencyAnswer = {
  scope: string;
  key: string;
  requestHash: string;
  statusCode: number;
  contentType: string;
  responseBody: string;
};

/** A row of the batch statement: the keys are the column names of its `jsonb_to_recordset` definition. */
function toRecord(row: IncomingCaseRow & { idempotency?: StoredIdempotencyAnswer | null }) {
  // An absent key reads as SQL null; jsonb columns are left out when null rather than sent as JSON null.
  return {
    tenant_id: row.tenantId,
    id: row.id,
    number: row.number,
    channel: row.channel,
    kind: row.kind,
    external_id: row.externalId,
    status: row.status,
    workflow_id: row.workflowId,
    state: row.state,
    body: row.text,
    category: row.category,
    subcategory: row.subcategory,
    address: row.address,
    district: row.district,
    latitude: row.latitude,
    longitude: row.longitude,
    applicant_name: row.applicantName,
    applicant_phone: row.applicantPhone,
    applicant_email: row.applicantEmail,
    is_fast_track: row.isFastTrack,
    received_at: row.receivedAt,
    due_at: row.dueAt,
    recipient_id: row.recipientId,
    executor_id: row.executorId,
    priority: row.priority,
    tags: row.tags,
    applicant_type: row.applicantType,
    timers: row.timers.map((timer) => ({
      kind: timer.kind,
      policy_name: timer.policyName,
      schedule_id: timer.scheduleId,
      duration: timer.duration,
      started_at: timer.startedAt,
      due_at: timer.dueAt,
      warn_at: timer.warnAt,
    })),
    actor_id: row.event.actorId,
    actor_role: row.event.actorRole,
    event_payload: row.event.payload,
    events: row.event.events,
    routing: row.routing ?? undefined,
    classification: row.classification ?? undefined,
    audit_actor_id: row.audit.actorUserId,
    audit_details: row.audit.details,
    ip_address: row.audit.ipAddress,
    request_id: row.audit.requestId,
    has_submission: row.submission !== null,
    token: row.submission?.token,
    status_token_hash: row.submission?.statusTokenHash,
    api_key_id: row.submission?.apiKeyId,
    service_code: row.submission?.serviceCode,
    attributes: row.submission?.attributes ?? {},
    media_url: row.submission?.mediaUrl,
    address_id: row.submission?.addressId,
    device_id: row.submission?.deviceId,
    account_id: row.submission?.accountId,
    idempotency_scope: row.idempotency?.scope,
    idempotency_key: row.idempotency?.key,
    request_hash: row.idempotency?.requestHash,
    status_code: row.idempotency?.statusCode,
    content_type: row.idempotency?.contentType,
    response_body: row.idempotency?.responseBody,
  };
}

/**
 * Writes new cases in one statement (one round trip, one commit, atomic without an explicit transaction):
 * each case in its workflow's first state with its due time and what routing decided (recipient, executor,
 * priority, tags), its timers, the «created», «Автоправила» and «Классификатор» timeline entries, the audit
 * rows, what the channel brought beside it and, for an `Idempotency-Key` request, the stored answer. The
 * rows are the same for one case or a batch of many (case-intake-batcher.ts); each case's rows are joined
 * by its own (tenant, id). A case whose (channel, external id) is already there writes nothing (even under
 * concurrency: the unique key waits for the other writer) and is absent from the answer; the caller then
 * reads the existing one (its reserved number stays unused). A batch must not hold the same (tenant,
 * channel, external id) twice (the batcher keeps one).
 */
export async function insertIncomingCases(
  database: Queryable,
  rows: ReadonlyArray<IncomingCaseRow & { idempotency?: StoredIdempotencyAnswer | null }>,
  isPrepared: boolean,
): Promise<Array<{ id: string; number: string }>> {
  // Named on a PostgreSQL server: prepared once per connection, then only bound and executed (the intake
  // hot path; one text for any batch size). Not on the embedded database: its one backend is shared by
  // every pool client.
  const result = await database.query<{ id: string; number: string }>({
    ...(isPrepared ? { name: 'insert-incoming-cases' } : {}),
    text: `with items as (
       select * from jsonb_to_recordset($1::jsonb) as i(
         tenant_id uuid, id uuid, number text, channel text, kind text, external_id text, status text, workflow_id text,
         state text, body text, category text, subcategory text, address text, district text, latitude float8,
         longitude float8, applicant_name text, applicant_phone text, applicant_email text, is_fast_track boolean,
         received_at timestamptz, due_at timestamptz, recipient_id uuid, executor_id uuid, priority text, tags text[],
         applicant_type text, timers jsonb, actor_id uuid, actor_role text, event_payload jsonb, events text[],
         routing jsonb, classification jsonb, audit_actor_id uuid, audit_details jsonb, ip_address text,
         request_id text, has_submission boolean, token text, status_token_hash text, api_key_id uuid,
         service_code text, attributes jsonb, media_url text, address_id text, device_id text, account_id text,
         idempotency_scope text, idempotency_key text, request_hash text, status_code integer, content_type text,
         response_body text)
     ),
     inserted as (
       insert into cases (tenant_id, id, number, channel, kind, external_id, status, workflow_id, state, text, category,
                          subcategory, address, district, latitude, longitude, applicant_name, applicant_phone,
                          applicant_email, is_fast_track, received_at, due_at, recipient_id, executor_id, priority, tags,
                          applicant_type)
       select tenant_id, id, number, channel, kind, external_id, status, workflow_id, state, body, category,
              subcategory, address, district, latitude, longitude, applicant_name, applicant_phone, applicant_email,
              is_fast_track, received_at, due_at, recipient_id, executor_id, priority, coalesce(tags, '{}'),
              applicant_type
         from items
       on conflict (tenant_id, channel, external_id) do nothing
       returning tenant_id, id, number
     ),
     created as (
       select i.* from inserted join items i on i.tenant_id = inserted.tenant_id and i.id = inserted.id
     ),
     timers as (
       insert into case_timers (tenant_id, case_id, kind, policy_name, schedule_id, duration, started_at, due_at, warn_at)
       select c.tenant_id, c.id, t.kind, t.policy_name, t.schedule_id, t.duration, t.started_at, t.due_at, t.warn_at
         from created c,
              jsonb_to_recordset(c.timers) as t(kind text, policy_name text, schedule_id text, duration text,
                                                started_at timestamptz, due_at timestamptz, warn_at timestamptz)
     ),
     event as (
       insert into case_events (tenant_id, case_id, action, actor_id, actor_role, from_state, to_state, payload, events)
       select tenant_id, id, 'created', actor_id, actor_role, null, state, event_payload, events from created
       returning tenant_id, case_id
     ),
     routed as (
       -- reads the «created» entry's row, so it is numbered after it and the timeline keeps their order
       insert into case_events (tenant_id, case_id, action, actor_id, actor_role, from_state, to_state, payload, events)
       select c.tenant_id, c.id, 'routed', null, null, null, null, c.routing, array['case.routed']
         from event join created c on c.tenant_id = event.tenant_id and c.id = event.case_id
        where c.routing is not null
     ),
     classified as (
       insert into case_events (tenant_id, case_id, action, actor_id, actor_role, from_state, to_state, payload, events)
       select c.tenant_id, c.id, 'classified', null, null, null, null, c.classification, array['case.classified']
         from event join created c on c.tenant_id = event.tenant_id and c.id = event.case_id
        where c.classification is not null
     ),
     classified_audit as (
       insert into audit_log (tenant_id, actor_user_id, action, object_type, object_id, after, details, ip_address, request_id)
       select tenant_id, null, 'case.classified', 'case', id::text, classification, '{}'::jsonb, ip_address, request_id
         from created
        where classification is not null
     ),
     audit as (
       insert into audit_log (tenant_id, actor_user_id, action, object_type, object_id, after, details, ip_address, request_id)
       select tenant_id, audit_actor_id, 'case.created', 'case', id::text,
              jsonb_build_object('channel', channel, 'kind', kind, 'externalId', external_id, 'state', state),
              coalesce(audit_details, '{}'::jsonb), ip_address, request_id
         from created
     ),
     submission as (
       insert into intake_submissions (tenant_id, case_id, channel, token, status_token_hash, api_key_id, service_code,
                                       attributes, media_url, address_id, device_id, account_id)
       select tenant_id, id, channel, token, status_token_hash, api_key_id, service_code, coalesce(attributes, '{}'),
              media_url, address_id, device_id, account_id
         from created where has_submission
     ),
     answer as (
       -- the answer of an Idempotency-Key request, only with the case it created; a key whose answer expired
       -- (24 hours) is taken over, as the claim of a new request does
       insert into idempotency_keys (tenant_id, scope, key, request_hash, status_code, content_type, response_body)
       select tenant_id, idempotency_scope, idempotency_key, request_hash, status_code, content_type, response_body
         from created where idempotency_key is not null
       on conflict (tenant_id, scope, key) do update
         set request_hash = excluded.request_hash, status_code = excluded.status_code,
             content_type = excluded.content_type, response_body = excluded.response_body, created_at = now()
         where idempotency_keys.created_at < now() - interval '24 hours'
     )
     select id, number from inserted`,
    values: [toJsonParameter(rows.map(toRecord))],
  });
  return result.rows;
}

export async function findCaseByExternalId(
  database: Queryable,
  tenantId: string,
  channel: string,
  externalId: string,
): Promise<{ id: string; number: string } | undefined> {
  const result = await database.query<{ id: string; number: string }>(
    'select id, number from cases where tenant_id = $1 and channel = $2 and external_id = $3',
    [tenantId, channel, externalId],
  );
  return result.rows[0];
}
