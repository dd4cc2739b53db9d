import crypto from 'node:crypto';
import type {
  PublicCaseStatus,
  PublicCommentInput,
  PublicForm,
  PublicRatingInput,
  SubmitPublicMessageInput,
  SubmittedPublicMessage,
} from '../../../shared/contracts/public-form.contract.js';
import type { AppConfig } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import {
  type ActingParty,
  inspectFile,
  performCaseAction,
  registerIncomingCase,
  sendingExternalId,
  storeCaseAttachment,
} from '../cases/index.js';
import {
  buildPublicTimeline,
  DETAILED_STATUS_TITLES,
  detailedStatusOf,
  findPublicCaseById,
  findPublishedAnswer,
  listEventsOfCases,
  loadServiceCatalog,
} from '../open311/index.js';
import { findTenantBySlug } from '../organization/index.js';
import * as repository from './public-form.repository.js';

type Origin = { ipAddress: string; requestId: string };

const TOKEN_MAX_AGE_MILLISECONDS = 24 * 60 * 60 * 1000;
let secret: string | undefined;

async function formSecret(database: Database): Promise<string> {
  secret ??= await repository.loadOrCreateSetting(
    database.pool,
    'public_form_secret',
    crypto.randomBytes(32).toString('hex'),
  );
  return secret;
}

function sign(key: string, payload: string): string {
  return crypto.createHmac('sha256', key).update(payload).digest('base64url');
}

async function municipality(database: Database, slug: string) {
  const tenant = /^[a-z0-9-]{2,63}$/.test(slug) ? await findTenantBySlug(database.pool, slug) : undefined;
  if (tenant?.kind !== 'municipality') throw notFound('Муниципалитет не найден.');
  return tenant;
}

/** The form of a municipality: its active services and a signed token of when the form was opened. */
export async function describePublicForm(database: Database, config: AppConfig, slug: string): Promise<PublicForm> {
  const tenant = await municipality(database, slug);
  const catalog = await loadServiceCatalog(database, tenant.id);
  const issuedAt = String(Date.now());
  return {
    tenantName: tenant.name,
    services: catalog.services
      .filter((service) => service.isActive)
      .map((service) => ({ code: service.code, name: service.name })),
    formToken: `${issuedAt}.${sign(await formSecret(database), `${slug}.${issuedAt}`)}`,
    minSeconds: config.formMinSeconds,
  };
}

const rejected = (field: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ field, message }]);

/**
 * A resident's message: the honeypot must be empty, the form must have been open at least the minimum
 * time (bots fill it at once) and at most a day; then a case of channel `form` with a secret status link.
 */
/** A photo the resident attached: its bytes and what the browser said about it. */
export type PublicPhoto = { fileName: string; mediaType: string | null; content: Buffer };
export const PUBLIC_PHOTOS_MAX = 3;
const PHOTO_TYPES = new Set(['jpeg', 'png', 'webp', 'gif']);

export async function submitPublicMessage(
  database: Database,
  config: AppConfig,
  slug: string,
  input: SubmitPublicMessageInput,
  origin: Origin,
  photos: PublicPhoto[] = [],
): Promise<SubmittedPublicMessage> {
  const tenant = await municipality(database, slug);
  if (input.website) throw rejected('website', 'Сообщение отклонено: форма заполнена автоматически.');
  const [issuedText = '', signature = ''] = input.formToken.split('.');
  const expected = sign(await formSecret(database), `${slug}.${issuedText}`);
  const isSigned =
    signature.length === expected.length && crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  const issuedAt = Number(issuedText);
  if (!isSigned || !Number.isFinite(issuedAt))
    throw rejected('formToken', 'Форма устарела: обновите страницу и отправьте снова.');
  const age = Date.now() - issuedAt;
  if (age > TOKEN_MAX_AGE_MILLISECONDS)
    throw rejected('formToken', 'Форма устарела: обновите страницу и отправьте снова.');
  if (age < config.formMinSeconds * 1000) {
    throw rejected(
      'formToken',
      'Форма отправлена слишком быстро. Проверьте текст и отправьте ещё раз через несколько секунд.',
    );
  }
  const service = (await loadServiceCatalog(database, tenant.id)).byCode.get(input.serviceCode);
  if (!service?.isActive) throw rejected('serviceCode', 'Выберите категорию из списка.');
  if (photos.length > PUBLIC_PHOTOS_MAX) throw rejected('photos', `Не больше ${PUBLIC_PHOTOS_MAX} фотографий.`);
  for (const photo of photos) {
    // Type by content (magic bytes), size limit, the name and claimed type must agree — before anything is written.
    const { type } = inspectFile(photo.fileName, photo.mediaType, photo.content);
    if (!PHOTO_TYPES.has(type)) {
      throw rejected('photos', `«${photo.fileName}»: можно приложить только фотографии (JPEG, PNG, WebP, GIF).`);
    }
  }
  // A sending the page marked (submissionId) is one case: the same message again — a retry after a lost
  // answer — finds it by its external id and gets the same number and link, with nothing written twice. The
  // content is part of the id, so a message changed before the retry is a message of its own, not dropped.
  // The link is then derived (HMAC) rather than random: only its hash is stored, and the retry must show it.
  const secretKey = await formSecret(database);
  const externalId = input.submissionId
    ? sendingExternalId(
        input.submissionId,
        [
          input.serviceCode,
          input.text,
          input.address,
          input.latitude,
          input.longitude,
          input.name,
          input.email,
          input.phone,
        ],
        photos.map((photo) => photo.content),
      )
    : crypto.randomUUID();
  const statusToken = input.submissionId
    ? sign(secretKey, `status.${tenant.id}.${externalId}`)
    : crypto.randomBytes(24).toString('base64url');
  return withTransaction(database.pool, async (client) => {
    const created = await registerIncomingCase(
      database,
      {
        tenant: { id: tenant.id, timezone: tenant.timezone },
        channel: 'form',
        kind: 'message',
        externalId,
        text: input.text,
        category: service.parentName ?? service.name,
        subcategory: service.parentName ? service.name : null,
        address: input.address ?? null,
        latitude: input.latitude ?? null,
        longitude: input.longitude ?? null,
        applicantName: input.name ?? null,
        applicantPhone: input.phone ?? null,
        applicantEmail: input.email ?? null,
        actor: { userId: null, role: 'resident', details: { source: 'public-form' } },
        origin,
        submission: {
          token: crypto.randomUUID(),
          statusTokenHash: hashToken(statusToken),
          apiKeyId: null,
          serviceCode: service.code,
          attributes: {},
          mediaUrl: null,
          addressId: null,
          deviceId: null,
          accountId: null,
        },
      },
      client,
    );
    // A retry: the photos came with the first sending.
    for (const photo of created.isCreated ? photos : []) {
      await storeCaseAttachment(client, {
        tenantId: tenant.id,
        caseId: created.id,
        fileName: photo.fileName,
        claimedMediaType: photo.mediaType,
        content: photo.content,
        origin: 'resident',
        uploadedBy: null,
        actorRole: 'resident',
        ipAddress: origin.ipAddress,
        requestId: origin.requestId,
      });
    }
    return { number: created.number, statusToken, statusPath: `/m/${slug}/status/${statusToken}` };
  });
}

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

async function linkOf(database: Database, token: string) {
  const link = /^[A-Za-z0-9_-]{20,100}$/.test(token)
    ? await repository.findByStatusTokenHash(database.pool, hashToken(token))
    : undefined;
  if (!link) throw notFound('Ссылка на сообщение неверна или устарела.');
  return link;
}

/** The status page: the public timeline (no staff names, no internal comments), the answer, what the resident may do. */
export async function getPublicStatus(database: Database, token: string): Promise<PublicCaseStatus> {
  const link = await linkOf(database, token);
  const row = await findPublicCaseById(database.pool, link.tenantId, link.caseId);
  if (!row) throw notFound('Сообщение не найдено.');
  const timeline = buildPublicTimeline(await listEventsOfCases(database.pool, link.tenantId, [link.caseId]));
  const answer = findPublishedAnswer(timeline);
  const detailed = detailedStatusOf({
    status: row.status,
    state: row.state,
    result: row.result,
    lifecycle: row.lifecycle,
  });
  const iso = (value: Date | string) => new Date(value).toISOString();
  return {
    number: row.number,
    tenantName: link.tenantName,
    category: row.subcategory ?? row.category,
    text: row.text,
    address: row.address,
    receivedAt: iso(row.receivedAt),
    status: detailed,
    statusTitle: DETAILED_STATUS_TITLES[detailed],
    isClosed: row.status === 'closed' || row.status === 'rejected',
    rating: link.rating,
    answer: answer ? { text: answer.text, at: iso(answer.at) } : null,
    timeline: timeline.map((entry) => ({ at: iso(entry.at), title: entry.title, text: entry.text })),
    canRate: link.rating === null && (row.state === 'awaiting_resident' || row.state === 'closed'),
    canComment: row.status !== 'rejected' && row.state !== 'forwarded',
  };
}

const RESIDENT: ActingParty = {
  userId: null,
  fullName: 'Заявитель',
  logRole: 'resident',
  actor: { roles: ['resident'], userId: null },
};

/** The resident's rating (the workflow's `resident-rating`: a low one reopens the case). */
export async function ratePublicCase(database: Database, token: string, input: PublicRatingInput, origin: Origin) {
  const link = await linkOf(database, token);
  await performCaseAction(
    database,
    RESIDENT,
    { tenantIds: [link.tenantId] },
    link.caseId,
    'resident-rating',
    { rating: input.rating, ...(input.comment ? { comment: input.comment } : {}) },
    origin,
  );
  return getPublicStatus(database, token);
}

/** The resident's comment (the workflow's `resident-comment`: in the satisfaction window it reopens the case). */
export async function commentPublicCase(database: Database, token: string, input: PublicCommentInput, origin: Origin) {
  const link = await linkOf(database, token);
  await performCaseAction(
    database,
    RESIDENT,
    { tenantIds: [link.tenantId] },
    link.caseId,
    'resident-comment',
    { text: input.text },
    origin,
  );
  return getPublicStatus(database, token);
}
