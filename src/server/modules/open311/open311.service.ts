import crypto from 'node:crypto';
import type pg from 'pg';
import type { CaseStatus } from '../../../shared/channels.js';
import { findWorkflowById, findWorkflowState } from '../../../shared/workflow/index.js';
import type { Queryable } from '../../platform/audit.js';
import type { AppConfig } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { loadOnce } from '../../platform/shared-load.js';
import { type ApiKeyOwner, authenticateApiKey } from '../api-keys/index.js';
import { type IncomingCase, inspectFile, registerIncomingCase, storeCaseAttachment } from '../cases/index.js';
import * as repository from './open311.repository.js';
import {
  badParameter,
  checkText,
  type Open311Params,
  parseDecimal,
  parseInstant,
  readAttributes,
  readInstant,
  readInteger,
  readList,
  readText,
} from './open311-params.js';
import { type CatalogService, loadServiceCatalog } from './open311-services.service.js';
import { DETAILED_STATUS_TITLES, detailedStatusOf, openOrClosed } from './open311-status.js';
import { buildPublicTimeline, type PublicTimelineEntry } from './public-timeline.js';

export type Origin = { ipAddress: string; requestId: string };
/** An Open311 document before it is written as JSON or XML. */
export type Open311Document = Record<string, unknown> | Array<Record<string, unknown>>;

const NINETY_DAYS = 90 * 24 * 60 * 60 * 1000;
const DEFAULT_LIMIT = 1000;

// ── Jurisdictions ───────────────────────────────────────────────────────────────────────────────────

const TENANTS_CACHE_MILLISECONDS = 30_000;
let tenantsCache: { tenants: repository.TenantRef[]; loadedAt: number } | undefined;

async function loadMunicipalities(database: Database): Promise<repository.TenantRef[]> {
  if (!tenantsCache || Date.now() - tenantsCache.loadedAt > TENANTS_CACHE_MILLISECONDS) {
    const tenants = await loadOnce(database.pool, 'open311-tenants', () => repository.listTenantRefs(database.pool));
    tenantsCache = { tenants, loadedAt: Date.now() };
  }
  return tenantsCache.tenants.filter((tenant) => tenant.kind === 'municipality');
}

/** The municipality a public call is about: `jurisdiction_id` (its code), else the only one there is. */
export async function resolveJurisdiction(
  database: Database,
  params: Open311Params,
  key?: ApiKeyOwner | null,
): Promise<repository.TenantRef> {
  const code = readText(params, 'jurisdiction_id', 100);
  const municipalities = await loadMunicipalities(database);
  if (code !== undefined) {
    let tenant = municipalities.find((candidate) => candidate.slug === code);
    if (!tenant) {
      tenantsCache = undefined; // a municipality created a moment ago
      tenant = (await loadMunicipalities(database)).find((candidate) => candidate.slug === code);
    }
    if (!tenant) throw new AppError('TENANT_NOT_FOUND', `jurisdiction_id: муниципалитет «${code}» не найден.`);
    if (key && key.tenantId !== tenant.id) {
      throw new AppError('API_KEY_INVALID', 'api_key: ключ выдан другому муниципалитету, чем jurisdiction_id.');
    }
    return tenant;
  }
  if (key) {
    const own = municipalities.find((candidate) => candidate.id === key.tenantId);
    if (own) return own;
  }
  const [only, ...others] = municipalities;
  if (only && others.length === 0) return only;
  throw badParameter(
    'jurisdiction_id',
    `укажите код муниципалитета: ${municipalities.map((tenant) => tenant.slug).join(', ') || 'нет ни одного'}`,
  );
}

export async function requireApiKey(database: Database, params: Open311Params): Promise<ApiKeyOwner> {
  const key = readText(params, 'api_key', 200);
  if (key === undefined)
    throw new AppError('API_KEY_INVALID', 'api_key: не указан ключ API (его выдаёт администратор МЦУ).');
  const owner = await authenticateApiKey(database, key);
  if (!owner) throw new AppError('API_KEY_INVALID', 'api_key: ключ неизвестен или отозван.');
  return owner;
}

// ── Discovery and services ──────────────────────────────────────────────────────────────────────────

export function describeDiscovery(config: AppConfig): Open311Document {
  const changeset = '2026-12-01T00:00:00Z';
  return {
    changeset,
    contact: `Администратор МЦУ муниципалитета; адрес сервера: ${config.publicUrl}`,
    key_service: 'Ключ API выдаёт администратор МЦУ (раздел «Open311 и ключи API» или `otklik apikey create`).',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${config.publicUrl}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

function presentService(service: CatalogService): Record<string, unknown> {
  return {
    service_code: service.code,
    service_name: service.name,
    description: service.description ?? service.name,
    metadata: service.attributes.length > 0,
    type: 'realtime',
    keywords: '',
    group: service.parentName ?? '',
  };
}

export async function listServices(database: Database, params: Open311Params): Promise<Open311Document> {
  const tenant = await resolveJurisdiction(database, params);
  const catalog = await loadServiceCatalog(database, tenant.id);
  return catalog.services.filter((service) => service.isActive).map(presentService);
}

export async function describeService(
  database: Database,
  params: Open311Params,
  code: string,
): Promise<Open311Document> {
  const tenant = await resolveJurisdiction(database, params);
  const service = (await loadServiceCatalog(database, tenant.id)).byCode.get(code);
  if (!service?.isActive) throw new AppError('NOT_FOUND', `service_code: услуга «${code}» не найдена.`);
  return {
    service_code: service.code,
    attributes: service.attributes.map((attribute) => ({
      variable: attribute.isVariable,
      code: attribute.code,
      datatype: attribute.datatype,
      required: attribute.isRequired,
      datatype_description: attribute.datatypeDescription ?? '',
      order: attribute.sortOrder,
      description: attribute.description,
      ...(attribute.values.length > 0 || attribute.datatype.endsWith('valuelist')
        ? { values: attribute.values.map((value) => ({ key: value.key, name: value.name })) }
        : {}),
    })),
  };
}

// ── POST requests ───────────────────────────────────────────────────────────────────────────────────

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^[0-9+()\-\s.]{5,30}$/;

/** The checked content of a `POST requests`: everything a case needs, or a 400 naming the parameter. */
export type ValidatedRequest = {
  service: CatalogService;
  description: string;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  addressId: string | null;
  mediaUrl: string | null;
  applicantName: string | null;
  phone: string | null;
  email: string | null;
  deviceId: string | null;
  accountId: string | null;
  attributes: Record<string, string | number | string[]>;
};

export function validateRequest(params: Open311Params, byCode: Map<string, CatalogService>): ValidatedRequest {
  const serviceCode = readText(params, 'service_code', 100);
  if (serviceCode === undefined) throw badParameter('service_code', 'не указана услуга');
  const service = byCode.get(serviceCode);
  if (!service?.isActive) throw badParameter('service_code', `услуга «${serviceCode}» не найдена`);

  const latText = readText(params, 'lat', 40);
  const longText = readText(params, 'long', 40);
  let latitude: number | null = null;
  let longitude: number | null = null;
  if (latText !== undefined || longText !== undefined) {
    if (latText === undefined) throw badParameter('lat', 'укажите широту вместе с долготой (long)');
    if (longText === undefined) throw badParameter('long', 'укажите долготу вместе с широтой (lat)');
    latitude = parseDecimal('lat', latText);
    longitude = parseDecimal('long', longText);
    if (latitude < -90 || latitude > 90) throw badParameter('lat', 'широта от -90 до 90');
    if (longitude < -180 || longitude > 180) throw badParameter('long', 'долгота от -180 до 180');
  }
  const address = readText(params, 'address_string', 500) ?? null;
  const addressId = readText(params, 'address_id', 200) ?? null;
  if (latitude === null && address === null && addressId === null) {
    throw badParameter('lat', 'укажите место: lat и long, address_string или address_id');
  }

  const description = readText(params, 'description', 4000) ?? null;
  const mediaUrl = readText(params, 'media_url', 2000) ?? null;
  if (mediaUrl !== null) {
    let url: URL | undefined;
    try {
      url = new URL(mediaUrl);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw badParameter('media_url', 'ожидается адрес http:// или https://');
    }
  }
  const email = readText(params, 'email', 200) ?? null;
  if (email !== null && !EMAIL.test(email)) throw badParameter('email', 'неверный адрес электронной почты');
  const phone = readText(params, 'phone', 30) ?? null;
  if (phone !== null && !PHONE.test(phone)) throw badParameter('phone', 'неверный номер телефона');
  const firstName = readText(params, 'first_name', 100);
  const lastName = readText(params, 'last_name', 100);
  const applicantName = [lastName, firstName].filter(Boolean).join(' ') || null;

  const attributes = validateAttributes(params, service);
  return {
    service,
    description: description ?? `Заявка Open311: ${service.name}`,
    latitude,
    longitude,
    address,
    addressId,
    mediaUrl,
    applicantName,
    phone,
    email,
    deviceId: readText(params, 'device_id', 200) ?? null,
    accountId: readText(params, 'account_id', 200) ?? null,
    attributes,
  };
}

function validateAttributes(
  params: Open311Params,
  service: CatalogService,
): Record<string, string | number | string[]> {
  const sent = readAttributes(params);
  const known = new Map(service.attributes.map((attribute) => [attribute.code, attribute]));
  for (const code of sent.keys()) {
    if (!known.has(code)) throw badParameter(`attribute[${code}]`, `у услуги «${service.code}» нет такого атрибута`);
  }
  const values: Record<string, string | number | string[]> = {};
  for (const attribute of service.attributes) {
    if (!attribute.isVariable) continue;
    const field = `attribute[${attribute.code}]`;
    const given = sent.get(attribute.code) ?? [];
    if (given.length === 0) {
      if (attribute.isRequired) throw badParameter(field, `обязательный атрибут: ${attribute.description}`);
      continue;
    }
    const keys = new Set(attribute.values.map((value) => value.key));
    switch (attribute.datatype) {
      case 'multivaluelist':
        for (const value of given) {
          if (!keys.has(value)) throw badParameter(field, `значение «${value}» не из списка`);
        }
        values[attribute.code] = [...new Set(given)];
        continue;
      default:
        break;
    }
    if (given.length > 1) throw badParameter(field, 'ожидается одно значение');
    const value = given[0] ?? '';
    switch (attribute.datatype) {
      case 'number':
        values[attribute.code] = parseDecimal(field, value);
        break;
      case 'datetime':
        values[attribute.code] = parseInstant(field, value).toISOString();
        break;
      case 'singlevaluelist':
        if (!keys.has(value)) throw badParameter(field, `значение «${value}» не из списка`);
        values[attribute.code] = value;
        break;
      case 'string':
        values[attribute.code] = checkText(field, value, 200) ?? '';
        break;
      case 'text':
        values[attribute.code] = checkText(field, value, 4000) ?? '';
        break;
    }
  }
  return values;
}

function hashRequest(params: Open311Params): string {
  const canonical = Object.entries(params)
    .filter(([name]) => name !== 'api_key')
    .map(([name, value]) => [name, Array.isArray(value) ? value : [value ?? '']] as const)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return crypto.createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;
let lastSweep = 0;

export type CreatedRequest = { statusCode: number; document: Open311Document; isReplay: boolean };

/** A photo sent with `POST requests` as multipart/form-data (GeoReport v2 `media`). */
export type Open311Media = { fileName: string; mediaType: string | null; content: Buffer };
/** Uploaded media: the file, and the public base its `media_url` is built on (`…/open311/v2/media`). */
export type Open311Upload = { media?: Open311Media | undefined; mediaBaseUrl: string };

const PHOTO_TYPES = new Set(['jpeg', 'png', 'webp', 'gif']);

/**
 * The upload's checks before anything is written, with the attachments module's rules (type by content,
 * name and claimed type agree, size): only a photo; `media` and `media_url` together are ambiguous.
 */
function checkMedia(media: Open311Media, request: ValidatedRequest): string {
  if (request.mediaUrl !== null) throw badParameter('media', 'укажите либо media_url, либо файл media, не оба');
  let type: string;
  try {
    type = inspectFile(media.fileName, media.mediaType, media.content).type;
  } catch (error) {
    if (error instanceof AppError) {
      if (error.code === 'PAYLOAD_TOO_LARGE') throw new AppError('PAYLOAD_TOO_LARGE', `media: ${error.message}`);
      throw badParameter('media', error.message);
    }
    throw error;
  }
  if (!PHOTO_TYPES.has(type)) throw badParameter('media', 'можно приложить только фотографию (JPEG, PNG, WebP, GIF)');
  return crypto.createHash('sha256').update(media.content).digest('hex');
}

/**
 * `POST requests`: checks the key and the input, then registers the case (one statement on the hot
 * path). With an `Idempotency-Key` the answer is stored for 24 hours in the same transaction: a retry
 * gets the same answer and no second case; the same key with a different body is refused (422).
 */
export async function createRequest(
  database: Database,
  params: Open311Params,
  idempotencyKey: string | undefined,
  origin: Origin,
  upload: Open311Upload = { mediaBaseUrl: '' },
): Promise<CreatedRequest> {
  const key = await requireApiKey(database, params);
  const tenant = await resolveJurisdiction(database, params, key);
  const catalog = await loadServiceCatalog(database, tenant.id);
  const request = validateRequest(params, catalog.byCode);
  const media = upload.media ? { ...upload.media, baseUrl: upload.mediaBaseUrl } : undefined;
  const mediaHash = upload.media ? checkMedia(upload.media, request) : undefined;
  if (idempotencyKey === undefined) {
    const token = crypto.randomUUID();
    // With a photo the case and its attachment are one transaction; without, the group-committed hot path.
    const created = media
      ? await withTransaction(database.pool, (client) =>
          register(database, client, tenant, key, request, token, token, origin, media),
        )
      : await register(database, database.pool, tenant, key, request, token, token, origin);
    return { statusCode: 200, document: created, isReplay: false };
  }
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw badParameter('Idempotency-Key', 'от 1 до 255 печатных символов ASCII');
  }
  const scope = `open311:${key.keyId}`;
  const requestHash = hashRequest(mediaHash ? { ...params, '\u0000media': mediaHash } : params);
  const stored = { tenantId: tenant.id, scope, key: idempotencyKey };
  if (Date.now() - lastSweep > 3_600_000) {
    lastSweep = Date.now();
    void repository.deleteExpiredIdempotencyKeys(database.pool).catch(() => {
      lastSweep = 0;
    });
  }
  if (!media) {
    // The hot path with a key: a stored answer is replayed (or refused) without writing anything; otherwise
    // the case joins the group commit with its answer stored by the same statement, so a retry arriving
    // after the answer finds it. Two requests with one key at once: the unique external id lets one write the
    // case, the other reads the answer that came with it.
    const live = await repository.findIdempotencyAnswer(database.pool, stored, { isLiveOnly: true });
    if (live) return replayStoredAnswer(live, requestHash);
    const token = crypto.randomUUID();
    const created = await registerIncomingCase(
      database,
      incomingCaseOf(tenant, key, request, `idempotency:${key.keyId}:${idempotencyKey}`, token, origin, {
        scope,
        key: idempotencyKey,
        requestHash,
        answer: (registered) => ({
          statusCode: 200,
          contentType: 'application/json',
          body: JSON.stringify(answerDocument(registered.number, token, request)),
        }),
      }),
    );
    if (created.isCreated) {
      return { statusCode: 200, document: answerDocument(created.number, token, request), isReplay: false };
    }
    const answered = await repository.findIdempotencyAnswer(database.pool, stored, { isLiveOnly: true });
    if (answered) return replayStoredAnswer(answered, requestHash);
    // The key's case is older than its stored answer (24 hours): the claim below takes the key over and
    // answers that case, as before.
  }
  return withTransaction(database.pool, async (client) => {
    if (!(await repository.claimIdempotencyKey(client, { ...stored, requestHash }))) {
      const answer = await repository.findIdempotencyAnswer(client, stored);
      if (!answer) {
        throw new AppError('CONFLICT', 'Idempotency-Key: запрос с этим ключом ещё выполняется; повторите позже.');
      }
      return replayStoredAnswer(answer, requestHash);
    }
    const token = crypto.randomUUID();
    const document = await register(
      database,
      client,
      tenant,
      key,
      request,
      `idempotency:${key.keyId}:${idempotencyKey}`,
      token,
      origin,
      media,
    );
    await repository.storeIdempotencyAnswer(client, stored, {
      statusCode: 200,
      contentType: 'application/json',
      responseBody: JSON.stringify(document),
    });
    return { statusCode: 200, document, isReplay: false };
  });
}

/** A stored answer to the same request again (a replay), or 422 when the key was used for another one. */
function replayStoredAnswer(answer: repository.StoredAnswer, requestHash: string): CreatedRequest {
  if (answer.statusCode === null || answer.responseBody === null) {
    throw new AppError('CONFLICT', 'Idempotency-Key: запрос с этим ключом ещё выполняется; повторите позже.');
  }
  if (answer.requestHash !== requestHash) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'Idempotency-Key: этот ключ уже использован для другого запроса; для нового запроса нужен новый ключ.',
    );
  }
  return {
    statusCode: answer.statusCode,
    document: JSON.parse(answer.responseBody) as Open311Document,
    isReplay: true,
  };
}

/** The answer to a registered request: its number and token. */
function answerDocument(number: string, token: string, request: ValidatedRequest): Open311Document {
  return [
    {
      service_request_id: number,
      token,
      service_notice: `Сообщение зарегистрировано под номером ${number}.`,
      account_id: request.accountId ?? '',
    },
  ];
}

/** The case an Open311 request becomes (channel `open311`, the API key as the actor). */
function incomingCaseOf(
  tenant: repository.TenantRef,
  key: ApiKeyOwner,
  request: ValidatedRequest,
  externalId: string,
  token: string,
  origin: Origin,
  idempotency?: IncomingCase['idempotency'],
): IncomingCase {
  const service = request.service;
  return {
    tenant: { id: tenant.id, timezone: tenant.timezone },
    channel: 'open311',
    kind: 'message',
    externalId,
    text: request.description,
    category: service.parentName ?? service.name,
    subcategory: service.parentName ? service.name : null,
    address: request.address,
    latitude: request.latitude,
    longitude: request.longitude,
    applicantName: request.applicantName,
    applicantPhone: request.phone,
    applicantEmail: request.email,
    actor: { userId: null, role: 'api', details: { apiKeyId: key.keyId, apiKeyName: key.name } },
    origin,
    submission: {
      token,
      statusTokenHash: null,
      apiKeyId: key.keyId,
      serviceCode: service.code,
      attributes: request.attributes,
      mediaUrl: request.mediaUrl,
      addressId: request.addressId,
      deviceId: request.deviceId,
      accountId: request.accountId,
    },
    ...(idempotency ? { idempotency } : {}),
  };
}

async function register(
  database: Database,
  transaction: Queryable,
  tenant: repository.TenantRef,
  key: ApiKeyOwner,
  request: ValidatedRequest,
  externalId: string,
  token: string,
  origin: Origin,
  media?: Open311Media & { baseUrl: string },
): Promise<Open311Document> {
  const created = await registerIncomingCase(
    database,
    incomingCaseOf(tenant, key, request, externalId, token, origin),
    transaction,
  );
  if (media && created.isCreated) {
    // Stored as the case's attachment (origin «resident») in the caller's transaction; its public address
    // becomes the request's media_url.
    const attachment = await storeCaseAttachment(transaction as pg.PoolClient, {
      tenantId: tenant.id,
      caseId: created.id,
      fileName: media.fileName,
      claimedMediaType: media.mediaType,
      content: media.content,
      origin: 'resident',
      uploadedBy: null,
      actorRole: 'api',
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
    await repository.setSubmissionMediaUrl(
      transaction,
      tenant.id,
      created.id,
      `${media.baseUrl}/${tenant.slug}/${attachment.id}`,
    );
  }
  const answeredToken = created.isCreated
    ? token
    : ((await repository.findSubmissionToken(transaction, tenant.id, created.id)) ?? token);
  return answerDocument(created.number, answeredToken, request);
}

// ── GET requests, tokens, updates ───────────────────────────────────────────────────────────────────

function readStatuses(params: Open311Params): CaseStatus[] | undefined {
  const list = readList(params, 'status', 2, 10);
  if (!list) return undefined;
  const statuses: CaseStatus[] = [];
  for (const value of list) {
    if (value === 'open') statuses.push('new', 'moderation', 'in_work', 'answer_review', 'answered');
    else if (value === 'closed') statuses.push('closed', 'rejected');
    else throw badParameter('status', `«${value}»: ожидается open или closed`);
  }
  return statuses;
}

/** The date range of a listing: both given (≤ 90 days apart), one given (+/− 90 days), or the last 90 days. */
export function readDateRange(params: Open311Params, maxSpan = NINETY_DAYS, defaultSpan = NINETY_DAYS) {
  const start = readInstant(params, 'start_date');
  const end = readInstant(params, 'end_date');
  if (start && end) {
    if (end.getTime() < start.getTime()) throw badParameter('end_date', 'раньше start_date');
    if (end.getTime() - start.getTime() > maxSpan) throw badParameter('end_date', 'не дальше 90 дней от start_date');
    return { from: start, to: end };
  }
  if (start) return { from: start, to: new Date(start.getTime() + defaultSpan) };
  const to = end ?? new Date();
  return { from: new Date(to.getTime() - defaultSpan), to };
}

function isExtended(params: Open311Params): boolean {
  const value = readText(params, 'extensions', 10);
  if (value === undefined) return false;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw badParameter('extensions', 'ожидается true или false');
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

const groupOfState = (workflowId: string | null, state: string | null): string | null => {
  const workflow = findWorkflowById(workflowId ?? 'message');
  return (workflow && state && findWorkflowState(workflow, state)?.group) || null;
};

function presentRequest(
  row: repository.PublicCaseRow,
  timeline: PublicTimelineEntry[],
  catalog: Map<string, CatalogService>,
  isExtendedView: boolean,
): Record<string, unknown> {
  const service = row.serviceCode ? catalog.get(row.serviceCode) : undefined;
  const detailed = detailedStatusOf({
    status: row.status,
    state: row.state,
    result: row.result,
    lifecycle: row.lifecycle,
  });
  const lastNote = [...timeline].reverse().find((entry) => entry.text !== null);
  return {
    service_request_id: row.number,
    status: openOrClosed(row.status),
    status_notes: lastNote ? `${lastNote.title}: ${lastNote.text}` : DETAILED_STATUS_TITLES[detailed],
    service_name: service?.name ?? row.subcategory ?? row.category ?? '',
    service_code: row.serviceCode ?? '',
    description: row.text,
    agency_responsible: row.recipientName ?? '',
    service_notice: '',
    requested_datetime: iso(row.receivedAt),
    updated_datetime: iso(row.updatedAt),
    expected_datetime: iso(row.dueAt),
    address: row.address ?? '',
    address_id: row.addressId ?? '',
    zipcode: '',
    lat: row.latitude,
    long: row.longitude,
    media_url: row.mediaUrl ?? '',
    ...(isExtendedView
      ? {
          extended_attributes: { detailed_status: detailed, detailed_status_title: DETAILED_STATUS_TITLES[detailed] },
          notes: timeline.map((entry) => ({
            datetime: iso(entry.at),
            type: entry.action === 'created' ? 'opened' : entry.toStatus === 'closed' ? 'closed' : 'activity',
            summary: entry.title,
            description: entry.text ?? '',
          })),
        }
      : {}),
  };
}

async function timelinesOf(database: Database, tenantId: string, rows: { id: string }[]) {
  const events = await repository.listEventsOfCases(
    database.pool,
    tenantId,
    rows.map((row) => row.id),
  );
  const byCase = new Map<string, repository.EventRow[]>();
  for (const event of events) byCase.set(event.caseId, [...(byCase.get(event.caseId) ?? []), event]);
  return (caseId: string, workflowId: string | null = 'message') =>
    buildPublicTimeline(
      (byCase.get(caseId) ?? []).map((event) => ({ ...event, toStatus: groupOfState(workflowId, event.toStatus) })),
    );
}

export async function listRequests(database: Database, params: Open311Params): Promise<Open311Document> {
  const tenant = await resolveJurisdiction(database, params);
  const catalog = await loadServiceCatalog(database, tenant.id);
  const numbers = readList(params, 'service_request_id', 200, 50);
  const limit = readInteger(params, 'limit', 1, 1000) ?? DEFAULT_LIMIT;
  const page = readInteger(params, 'page', 1, 100_000) ?? 1;
  const isExtendedView = isExtended(params);
  const filter: repository.PublicCaseFilter = numbers
    ? { numbers, limit: numbers.length, offset: 0 }
    : (() => {
        const range = readDateRange(params);
        const serviceCodes = readList(params, 'service_code', 100, 100);
        const statuses = readStatuses(params);
        return {
          from: range.from,
          to: range.to,
          ...(serviceCodes ? { serviceCodes } : {}),
          ...(statuses ? { statuses } : {}),
          limit,
          offset: (page - 1) * limit,
        };
      })();
  const rows = await repository.listPublicCases(database.pool, tenant.id, filter);
  const timelineOf = await timelinesOf(database, tenant.id, rows);
  return rows.map((row) => presentRequest(row, timelineOf(row.id), catalog.byCode, isExtendedView));
}

export async function getRequest(database: Database, params: Open311Params, number: string): Promise<Open311Document> {
  const tenant = await resolveJurisdiction(database, params);
  const catalog = await loadServiceCatalog(database, tenant.id);
  const text = checkText('service_request_id', number, 50);
  const rows = text
    ? await repository.listPublicCases(database.pool, tenant.id, { numbers: [text], limit: 1, offset: 0 })
    : [];
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', `service_request_id: заявка «${number}» не найдена.`);
  const timelineOf = await timelinesOf(database, tenant.id, rows);
  return [presentRequest(row, timelineOf(row.id), catalog.byCode, isExtended(params))];
}

export async function getToken(database: Database, params: Open311Params, token: string): Promise<Open311Document> {
  const tenant = await resolveJurisdiction(database, params);
  const text = checkText('token', token, 100);
  const found = text ? await repository.findSubmissionByToken(database.pool, tenant.id, text) : undefined;
  if (!found) throw new AppError('NOT_FOUND', `token: токен «${token}» не найден.`);
  return [{ service_request_id: found.number, token: text }];
}

/**
 * `servicerequestupdates` (the FixMyStreet extension): the public steps of the public channels' cases
 * between start_date and end_date (default: the last 24 hours; at most 90 days).
 */
export async function listUpdates(database: Database, params: Open311Params): Promise<Open311Document> {
  const tenant = await resolveJurisdiction(database, params);
  const range = readDateRange(params, NINETY_DAYS, 24 * 60 * 60 * 1000);
  const limit = readInteger(params, 'limit', 1, 1000) ?? DEFAULT_LIMIT;
  const caseIds = await repository.listCaseIdsWithEvents(database.pool, tenant.id, range.from, range.to, 5000);
  const updates: Array<Record<string, unknown> & { at: number }> = [];
  for (let index = 0; index < caseIds.length; index += 500) {
    const batch = caseIds.slice(index, index + 500);
    const present = await repository.listPublicCases(database.pool, tenant.id, {
      ids: batch,
      limit: batch.length,
      offset: 0,
    });
    const timelineOf = await timelinesOf(database, tenant.id, present);
    for (const row of present) {
      for (const entry of timelineOf(row.id)) {
        const at = new Date(entry.at).getTime();
        if (at < range.from.getTime() || at > range.to.getTime()) continue;
        const group = (entry.toStatus ?? row.status) as CaseStatus;
        const detailed = detailedStatusOf({ status: group, state: null, result: row.result, lifecycle: row.lifecycle });
        updates.push({
          at,
          update_id: String(entry.id),
          service_request_id: row.number,
          status: detailed,
          updated_datetime: iso(entry.at),
          description: entry.text ? `${entry.title}: ${entry.text}` : entry.title,
          media_url: '',
        });
      }
    }
  }
  updates.sort((left, right) => left.at - right.at || Number(left.update_id) - Number(right.update_id));
  return updates.slice(0, limit).map(({ at: _at, ...update }) => update);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A photo a client sent with its request (the `media_url` of the request): only files uploaded through
 * Open311 `POST requests`, never other attachments of a case; 404 for anything else.
 */
export async function getMedia(
  database: Database,
  jurisdiction: string,
  id: string,
): Promise<{ content: Buffer; mediaType: string; fileName: string }> {
  const found =
    UUID.test(id) && jurisdiction.length <= 100
      ? await repository.findPublishedMedia(database.pool, jurisdiction, id)
      : undefined;
  if (!found) throw new AppError('NOT_FOUND', `Файл ${id.slice(0, 60)} не найден.`);
  return found;
}
