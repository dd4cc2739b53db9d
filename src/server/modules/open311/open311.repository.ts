import type { CaseStatus } from '../../../shared/channels.js';
import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

/** Channels whose cases Open311 `GET requests` publishes: the ones residents filed as public reports. */
export const PUBLIC_CHANNELS = ['open311', 'form'] as const;

export type TenantRef = { id: string; slug: string; kind: 'region' | 'municipality'; timezone: string; name: string };

export async function listTenantRefs(database: Queryable): Promise<TenantRef[]> {
  const result = await database.query<TenantRef>('select id, slug, kind, timezone, name from tenants order by slug');
  return result.rows;
}

// ── Services: the `own` rubricator and its attributes ──────────────────────────────────────────────

export type ServiceRow = {
  id: string;
  code: string;
  name: string;
  description: string | null;
  level: number;
  sortOrder: number;
  isActive: boolean;
  parentName: string | null;
};

export type AttributeRow = {
  id: string;
  itemId: string;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  description: string;
  datatypeDescription: string | null;
  isRequired: boolean;
  isVariable: boolean;
  sortOrder: number;
  values: Array<{ key: string; name: string }>;
};

export async function listServiceItems(
  database: Queryable,
  tenantId: string,
  rubricatorId: string,
): Promise<ServiceRow[]> {
  const result = await database.query<ServiceRow>(
    `select i.id, i.code, i.name, i.description, i.level, i.sort_order as "sortOrder", i.is_active as "isActive",
            p.name as "parentName"
       from rubricator_items i
       left join rubricator_items p on p.tenant_id = i.tenant_id and p.id = i.parent_id
      where i.tenant_id = $1 and i.rubricator_id = $2
      order by i.level, i.sort_order, i.code`,
    [tenantId, rubricatorId],
  );
  return result.rows;
}

export async function listAttributes(database: Queryable, tenantId: string): Promise<AttributeRow[]> {
  const result = await database.query<AttributeRow>(
    `select id, item_id as "itemId", code, datatype, description, datatype_description as "datatypeDescription",
            is_required as "isRequired", is_variable as "isVariable", sort_order as "sortOrder", values
       from service_attributes where tenant_id = $1 order by item_id, sort_order, code`,
    [tenantId],
  );
  return result.rows;
}

export async function replaceAttributes(
  database: Queryable,
  tenantId: string,
  itemId: string,
  attributes: Array<Omit<AttributeRow, 'id' | 'itemId'>>,
): Promise<void> {
  await database.query('delete from service_attributes where tenant_id = $1 and item_id = $2', [tenantId, itemId]);
  if (attributes.length === 0) return;
  await database.query(
    `insert into service_attributes (tenant_id, item_id, code, datatype, description, datatype_description, is_required,
                                     is_variable, sort_order, values)
     select $1, $2, a.code, a.datatype, a.description, a.datatype_description, a.is_required, a.is_variable, a.sort_order,
            a.values::jsonb
       from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::bool[], $9::int[], $10::text[])
            as a(code, datatype, description, datatype_description, is_required, is_variable, sort_order, values)`,
    [
      tenantId,
      itemId,
      attributes.map((attribute) => attribute.code),
      attributes.map((attribute) => attribute.datatype),
      attributes.map((attribute) => attribute.description),
      attributes.map((attribute) => attribute.datatypeDescription),
      attributes.map((attribute) => attribute.isRequired),
      attributes.map((attribute) => attribute.isVariable),
      attributes.map((attribute) => attribute.sortOrder),
      attributes.map((attribute) => toJsonParameter(attribute.values)),
    ],
  );
}

export async function setServiceItem(
  database: Queryable,
  tenantId: string,
  itemId: string,
  change: { name: string; description: string | null; isActive: boolean },
): Promise<void> {
  await database.query(
    `update rubricator_items set name = $3, description = $4, is_active = $5, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [tenantId, itemId, change.name, change.description, change.isActive],
  );
}

/** The tenant's categories in use, most frequent first: the seed of its services when it has none yet. */
export async function listUsedCategories(database: Queryable, tenantId: string, limit: number): Promise<string[]> {
  const result = await database.query<{ category: string }>(
    `select category from cases where tenant_id = $1 and category is not null and category <> ''
      group by category order by count(*) desc, category limit $2`,
    [tenantId, limit],
  );
  return result.rows.map((row) => row.category);
}

// ── Requests (public view of cases) ─────────────────────────────────────────────────────────────────

export type PublicCaseRow = {
  id: string;
  number: string;
  status: CaseStatus;
  state: string | null;
  result: string | null;
  lifecycle: Record<string, unknown>;
  text: string;
  category: string | null;
  subcategory: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  receivedAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  recipientName: string | null;
  serviceCode: string | null;
  mediaUrl: string | null;
  addressId: string | null;
};

export type PublicCaseFilter = {
  ids?: string[];
  numbers?: string[];
  serviceCodes?: string[];
  from?: Date;
  to?: Date;
  statuses?: CaseStatus[];
  limit: number;
  offset: number;
};

const PUBLIC_COLUMNS = `c.id, c.number, c.status, c.state, c.result, c.lifecycle, c.text, c.category, c.subcategory, c.address,
  c.latitude, c.longitude, c.received_at as "receivedAt", c.updated_at as "updatedAt", c.due_at as "dueAt",
  r.name as "recipientName", s.service_code as "serviceCode", s.media_url as "mediaUrl", s.address_id as "addressId"`;

export async function listPublicCases(
  database: Queryable,
  tenantId: string,
  filter: PublicCaseFilter,
): Promise<PublicCaseRow[]> {
  const values: unknown[] = [tenantId, PUBLIC_CHANNELS];
  const conditions = ['c.tenant_id = $1', 'c.channel = any($2::text[])'];
  const add = (condition: string, value: unknown) => {
    values.push(value);
    conditions.push(condition.replaceAll('?', `$${values.length}`));
  };
  if (filter.ids) add('c.id = any(?::uuid[])', filter.ids);
  if (filter.numbers) add('c.number = any(?::text[])', filter.numbers);
  if (filter.serviceCodes) add('s.service_code = any(?::text[])', filter.serviceCodes);
  if (filter.from) add('c.received_at >= ?', filter.from);
  if (filter.to) add('c.received_at <= ?', filter.to);
  if (filter.statuses) add('c.status = any(?::text[])', filter.statuses);
  values.push(filter.limit, filter.offset);
  const result = await database.query<PublicCaseRow>(
    `select ${PUBLIC_COLUMNS}
       from cases c
       left join intake_submissions s on s.tenant_id = c.tenant_id and s.case_id = c.id
       left join recipients r on r.id = c.recipient_id
      where ${conditions.join(' and ')}
      order by c.received_at desc, c.number desc
      limit $${values.length - 1} offset $${values.length}`,
    values,
  );
  return result.rows;
}

export async function findPublicCaseById(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<PublicCaseRow | undefined> {
  const result = await database.query<PublicCaseRow>(
    `select ${PUBLIC_COLUMNS}
       from cases c
       left join intake_submissions s on s.tenant_id = c.tenant_id and s.case_id = c.id
       left join recipients r on r.id = c.recipient_id
      where c.tenant_id = $1 and c.id = $2`,
    [tenantId, caseId],
  );
  return result.rows[0];
}

export type EventRow = {
  id: number;
  caseId: string;
  action: string;
  payload: Record<string, unknown>;
  toStatus: string | null;
  createdAt: Date;
};

/** The timeline of these cases (oldest first); `toStatus` is the case's status after the last of them. */
export async function listEventsOfCases(database: Queryable, tenantId: string, caseIds: string[]): Promise<EventRow[]> {
  if (caseIds.length === 0) return [];
  const result = await database.query<EventRow>(
    `select e.id, e.case_id as "caseId", e.action, e.payload, e.to_state as "toStatus", e.created_at as "createdAt"
       from case_events e
      where e.tenant_id = $1 and e.case_id = any($2::uuid[])
      order by e.case_id, e.id`,
    [tenantId, caseIds],
  );
  return result.rows;
}

/** Cases of the public channels that changed between the two instants (for `servicerequestupdates`). */
export async function listCaseIdsWithEvents(
  database: Queryable,
  tenantId: string,
  from: Date,
  to: Date,
  limit: number,
): Promise<string[]> {
  const result = await database.query<{ caseId: string }>(
    `select distinct e.case_id as "caseId"
       from case_events e join cases c on c.tenant_id = e.tenant_id and c.id = e.case_id
      where e.tenant_id = $1 and e.created_at >= $2 and e.created_at <= $3 and c.channel = any($4::text[])
      limit $5`,
    [tenantId, from, to, PUBLIC_CHANNELS, limit],
  );
  return result.rows.map((row) => row.caseId);
}

export async function findSubmissionByToken(
  database: Queryable,
  tenantId: string,
  token: string,
): Promise<{ caseId: string; number: string } | undefined> {
  const result = await database.query<{ caseId: string; number: string }>(
    `select s.case_id as "caseId", c.number from intake_submissions s
       join cases c on c.tenant_id = s.tenant_id and c.id = s.case_id
      where s.tenant_id = $1 and s.token = $2`,
    [tenantId, token],
  );
  return result.rows[0];
}

export async function findSubmissionToken(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<string | undefined> {
  const result = await database.query<{ token: string }>(
    'select token from intake_submissions where tenant_id = $1 and case_id = $2',
    [tenantId, caseId],
  );
  return result.rows[0]?.token;
}

// ── Idempotency keys ────────────────────────────────────────────────────────────────────────────────

export type StoredAnswer = {
  requestHash: string;
  statusCode: number | null;
  contentType: string | null;
  responseBody: string | null;
};

/**
 * Claims the key for this request in the caller's transaction: true when it is ours (new, or the old one
 * was older than 24 hours). A concurrent holder makes this wait until it commits or rolls back.
 */
export async function claimIdempotencyKey(
  database: Queryable,
  key: { tenantId: string; scope: string; key: string; requestHash: string },
): Promise<boolean> {
  const result = await database.query(
    `insert into idempotency_keys (tenant_id, scope, key, request_hash) values ($1, $2, $3, $4)
     on conflict (tenant_id, scope, key) do update
       set request_hash = excluded.request_hash, status_code = null, content_type = null, response_body = null,
           created_at = now()
       where idempotency_keys.created_at < now() - interval '24 hours'
     returning 1`,
    [key.tenantId, key.scope, key.key, key.requestHash],
  );
  return (result.rowCount ?? 0) > 0;
}

/**
 * The stored answer of a key; with `isLiveOnly`, only of a key used in the last 24 hours (an older one may be
 * taken over by a new request).
 */
export async function findIdempotencyAnswer(
  database: Queryable,
  key: { tenantId: string; scope: string; key: string },
  options: { isLiveOnly?: boolean } = {},
): Promise<StoredAnswer | undefined> {
  const result = await database.query<StoredAnswer>(
    `select request_hash as "requestHash", status_code as "statusCode", content_type as "contentType",
            response_body as "responseBody"
       from idempotency_keys
      where tenant_id = $1 and scope = $2 and key = $3${options.isLiveOnly ? " and created_at >= now() - interval '24 hours'" : ''}`,
    [key.tenantId, key.scope, key.key],
  );
  return result.rows[0];
}

export async function storeIdempotencyAnswer(
  database: Queryable,
  key: { tenantId: string; scope: string; key: string },
  answer: { statusCode: number; contentType: string; responseBody: string },
): Promise<void> {
  await database.query(
    `update idempotency_keys set status_code = $4, content_type = $5, response_body = $6
      where tenant_id = $1 and scope = $2 and key = $3`,
    [key.tenantId, key.scope, key.key, answer.statusCode, answer.contentType, answer.responseBody],
  );
}

/** Drops answers older than 24 hours (called now and then by the service). */
export async function deleteExpiredIdempotencyKeys(database: Queryable): Promise<number> {
  const result = await database.query("delete from idempotency_keys where created_at < now() - interval '24 hours'");
  return result.rowCount ?? 0;
}

/** The public address of the photo uploaded with a request (its attachment), as the request's media_url. */
export async function setSubmissionMediaUrl(
  database: Queryable,
  tenantId: string,
  caseId: string,
  mediaUrl: string,
): Promise<void> {
  await database.query('update intake_submissions set media_url = $3 where tenant_id = $1 and case_id = $2', [
    tenantId,
    caseId,
    mediaUrl,
  ]);
}

/**
 * An attachment published as a request's media: sent by the client with an Open311 request (origin
 * «resident», its address recorded as the submission's media_url) and not deleted since.
 */
export async function findPublishedMedia(
  database: Queryable,
  jurisdiction: string,
  attachmentId: string,
): Promise<{ content: Buffer; mediaType: string; fileName: string } | undefined> {
  const result = await database.query<{ content: Buffer; mediaType: string; fileName: string }>(
    `select a.content, a.media_type as "mediaType", a.file_name as "fileName"
       from tenants t
       join case_attachments a on a.tenant_id = t.id
       join intake_submissions s on s.tenant_id = a.tenant_id and s.case_id = a.case_id
      where t.slug = $1 and a.id = $2 and a.origin = 'resident' and a.deleted_at is null and s.channel = 'open311'
        and s.media_url like '%/open311/v2/media/' || t.slug || '/' || a.id::text`,
    [jurisdiction, attachmentId],
  );
  return result.rows[0];
}
