import type { Queryable } from '../../platform/audit.js';

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

/**
 * Writes a new case in one statement (one round trip, atomic without an explicit transaction): the case in
 * its workflow's first state with its due time and what routing decided (recipient, executor, priority,
 * tags), its timers, the «created», «Автоправила» and «Классификатор» timeline entries, the audit rows and what the channel
 * brought beside it. A case with the same
 * (channel, external id) makes it write nothing (even under concurrency: the unique key waits for the
 * other writer); the caller then reads the existing one (its reserved number stays unused).
 */
export async function insertIncomingCase(
  database: Queryable,
  row: IncomingCaseRow,
  isPrepared: boolean,
): Promise<{ id: string; number: string } | undefined> {
  // Named on a PostgreSQL server: prepared once per connection, then only bound and executed (the intake
  // hot path). Not on the embedded database: its one backend is shared by every pool client.
  const result = await database.query<{ id: string; number: string }>({
    ...(isPrepared ? { name: 'insert-incoming-case' } : {}),
    text: `with inserted as (
       insert into cases (tenant_id, id, number, channel, kind, external_id, status, workflow_id, state, text, category,
                          subcategory, address, district, latitude, longitude, applicant_name, applicant_phone,
                          applicant_email, is_fast_track, received_at, due_at, recipient_id, executor_id, priority, tags,
                          applicant_type)
       values ($1, $2, $47, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
               $48, $49, $50, $51, $52)
       on conflict (tenant_id, channel, external_id) do nothing
       returning id, number
     ),
     timers as (
       insert into case_timers (tenant_id, case_id, kind, policy_name, schedule_id, duration, started_at, due_at, warn_at)
       select $1, inserted.id, t.kind, t.policy_name, t.schedule_id, t.duration, t.started_at, t.due_at, t.warn_at
         from inserted, unnest($22::text[], $23::text[], $24::text[], $25::text[], $26::timestamptz[], $27::timestamptz[],
                               $28::timestamptz[]) as t(kind, policy_name, schedule_id, duration, started_at, due_at, warn_at)
     ),
     event as (
       insert into case_events (tenant_id, case_id, action, actor_id, actor_role, from_state, to_state, payload, events)
       select $1, inserted.id, 'created', $29, $30, null, $8, $31, $32 from inserted
       returning case_id
     ),
     routed as (
       -- reads the «created» entry's row, so it is numbered after it and the timeline keeps their order
       insert into case_events (tenant_id, case_id, action, actor_id, actor_role, from_state, to_state, payload, events)
       select $1, event.case_id, 'routed', null, null, null, null, $53::jsonb, array['case.routed'] from event
        where $53::jsonb is not null
     ),
     classified as (
       insert into case_events (tenant_id, case_id, action, actor_id, actor_role, from_state, to_state, payload, events)
       select $1, event.case_id, 'classified', null, null, null, null, $54::jsonb, array['case.classified'] from event
        where $54::jsonb is not null
     ),
     classified_audit as (
       insert into audit_log (tenant_id, actor_user_id, action, object_type, object_id, after, details, ip_address, request_id)
       select $1, null, 'case.classified', 'case', inserted.id::text, $54::jsonb, '{}'::jsonb, $35, $36
         from inserted
        where $54::jsonb is not null
     ),
     audit as (
       insert into audit_log (tenant_id, actor_user_id, action, object_type, object_id, after, details, ip_address, request_id)
       select $1, $33, 'case.created', 'case', inserted.id::text,
              jsonb_build_object('channel', $3::text, 'kind', $4::text, 'externalId', $5::text, 'state', $8::text),
              $34, $35, $36
         from inserted
     ),
     submission as (
       insert into intake_submissions (tenant_id, case_id, channel, token, status_token_hash, api_key_id, service_code,
                                       attributes, media_url, address_id, device_id, account_id)
       select $1, inserted.id, $3, $38, $39, $40, $41, $42, $43, $44, $45, $46 from inserted where $37::boolean
     )
     select id, number from inserted`,
    values: [
      row.tenantId,
      row.id,
      row.channel,
      row.kind,
      row.externalId,
      row.status,
      row.workflowId,
      row.state,
      row.text,
      row.category,
      row.subcategory,
      row.address,
      row.district,
      row.latitude,
      row.longitude,
      row.applicantName,
      row.applicantPhone,
      row.applicantEmail,
      row.isFastTrack,
      row.receivedAt,
      row.dueAt,
      row.timers.map((timer) => timer.kind),
      row.timers.map((timer) => timer.policyName),
      row.timers.map((timer) => timer.scheduleId),
      row.timers.map((timer) => timer.duration),
      row.timers.map((timer) => timer.startedAt),
      row.timers.map((timer) => timer.dueAt),
      row.timers.map((timer) => timer.warnAt),
      row.event.actorId,
      row.event.actorRole,
      JSON.stringify(row.event.payload),
      row.event.events,
      row.audit.actorUserId,
      JSON.stringify(row.audit.details),
      row.audit.ipAddress,
      row.audit.requestId,
      row.submission !== null,
      row.submission?.token ?? null,
      row.submission?.statusTokenHash ?? null,
      row.submission?.apiKeyId ?? null,
      row.submission?.serviceCode ?? null,
      JSON.stringify(row.submission?.attributes ?? {}),
      row.submission?.mediaUrl ?? null,
      row.submission?.addressId ?? null,
      row.submission?.deviceId ?? null,
      row.submission?.accountId ?? null,
      row.number,
      row.recipientId,
      row.executorId,
      row.priority,
      row.tags,
      row.applicantType,
      row.routing === null ? null : JSON.stringify(row.routing),
      row.classification === null ? null : JSON.stringify(row.classification),
    ],
  });
  return result.rows[0];
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
