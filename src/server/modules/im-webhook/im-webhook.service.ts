import type { ImWebhookEvent, ImWebhookResult } from '../../../shared/contracts/im-webhook.contract.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { ApiKeyOwner } from '../api-keys/index.js';
import { type ActingParty, performCaseAction, registerIncomingCase } from '../cases/index.js';
import * as repository from './im-webhook.repository.js';

type Origin = { ipAddress: string; requestId: string };

/** The author of an incident, as the workflow sees a resident's words relayed by the channel. */
const RESIDENT_PARTY: ActingParty = {
  userId: null,
  fullName: 'Автор публикации',
  logRole: 'resident',
  actor: { roles: ['resident'], userId: null },
};

/**
 * One event of Инцидент менеджмент for the key's municipality. An incident becomes a case of channel
 * `im` (idempotent by its id); the author's comment is the workflow's `resident-comment` (in the
 * satisfaction window it reopens the case, elsewhere it is recorded), taken once by its id.
 */
export async function receiveImEvent(
  database: Database,
  key: ApiKeyOwner,
  event: ImWebhookEvent,
  origin: Origin,
): Promise<ImWebhookResult> {
  if (key.tenantKind !== 'municipality')
    throw new AppError('API_KEY_INVALID', 'Ключ должен быть выдан муниципалитету.');
  const tenant = { id: key.tenantId, timezone: key.timezone };
  if (event.type === 'incident') {
    const incident = event.incident;
    const created = await registerIncomingCase(database, {
      tenant,
      channel: 'im',
      kind: 'message',
      externalId: incident.id,
      text: incident.url ? `${incident.text}\n\nПубликация: ${incident.url}` : incident.text,
      category: incident.themeGroup ?? null,
      subcategory: incident.theme ?? null,
      address: incident.address ?? null,
      latitude: null,
      longitude: null,
      applicantName: incident.authorName ?? null,
      applicantPhone: null,
      applicantEmail: null,
      isFastTrack: incident.isImportant ?? false,
      ...(incident.createdAt ? { receivedAt: new Date(incident.createdAt) } : {}),
      actor: {
        userId: null,
        role: 'api',
        details: { apiKeyId: key.keyId, apiKeyName: key.name, source: 'im-webhook' },
      },
      origin,
    });
    return {
      status: created.isCreated ? 'created' : 'duplicate',
      caseId: created.id,
      number: created.number,
      message: created.isCreated
        ? `Инцидент ${incident.id} зарегистрирован: № ${created.number}.`
        : `Инцидент ${incident.id} уже зарегистрирован: № ${created.number}.`,
    };
  }
  const comment = event.comment;
  const found = await repository.findCaseOfIncident(database.pool, tenant.id, comment.incidentId);
  if (!found) throw notFound(`comment.incidentId: инцидент ${comment.incidentId} не зарегистрирован.`);
  if (!comment.isAuthor) {
    return {
      status: 'ignored',
      caseId: found.id,
      number: found.number,
      message: 'Комментарий не автора инцидента: в ход сообщения не вносится.',
    };
  }
  const receipt = { tenantId: tenant.id, channel: 'im', externalId: comment.id };
  if (!(await repository.claimCommentReceipt(database.pool, { ...receipt, caseId: found.id }))) {
    return {
      status: 'duplicate',
      caseId: found.id,
      number: found.number,
      message: `Комментарий ${comment.id} уже принят.`,
    };
  }
  try {
    await performCaseAction(
      database,
      RESIDENT_PARTY,
      { tenantIds: [tenant.id] },
      found.id,
      'resident-comment',
      { text: comment.text },
      origin,
    );
  } catch (error) {
    await repository.releaseCommentReceipt(database.pool, receipt);
    throw error;
  }
  return {
    status: 'applied',
    caseId: found.id,
    number: found.number,
    message: `Комментарий автора внесён в № ${found.number}.`,
  };
}
