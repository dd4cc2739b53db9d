import {
  POS_STATUS_TITLES,
  POS_STATUSES,
  type PosAppealRequestResult,
  type PosCaseLink,
  type PosStatus,
  type PosSyncSettingsInput,
  type PosSyncStatus,
} from '../../../shared/contracts/pos-sync.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import {
  type ActingParty,
  insertCaseEvent,
  observeCaseActions,
  performCaseAction,
  registerIncomingCase,
} from '../cases/index.js';
import { findUserById } from '../organization/index.js';
import { upsertRubricator, upsertRubricatorItems } from '../rubricators/index.js';
import {
  type PosAction,
  type PosAppeal,
  type PosClientOptions,
  type PosHistoryEntry,
  type PosNewAppeal,
  PosPlatformClient,
  PosPlatformError,
} from './pos-platform.client.js';
import { INWARD_STEPS, toPosActions } from './pos-status-map.js';
import type { PosSettingsRow } from './pos-sync.repository.js';
import * as repository from './pos-sync.repository.js';

/** Steps the sync itself takes on cases: the outbox does not echo them back to the platform. */
export const POS_SYNC_ROLE = 'pos-sync';
const POS_PARTY: ActingParty = {
  userId: null,
  fullName: 'ПОС',
  logRole: POS_SYNC_ROLE,
  actor: { roles: ['system'], userId: null },
};

/** Waits after the 1st…4th failed delivery; the 5th failure is final (as notifications do). */
export const OUTBOX_RETRY_MINUTES = [1, 5, 15, 60] as const;
const OUTBOX_LEASE_MS = 5 * 60_000;
const OUTBOX_BATCH = 20;
const OUTBOX_BATCHES_MAX = 10;

export type RequestOrigin = { ipAddress: string; requestId: string };

function requireManager(context: AuthContext): void {
  if (!hasPermission(context.roles, 'pos_sync.manage'))
    throw new AppError('FORBIDDEN', 'Интеграцию с ПОС настраивает администратор или ответственный за ПОС.');
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Интеграция с ПОС настраивается в муниципалитете.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
}

let isOutboxInstalled = false;
/**
 * Our actions on ПОС cases go to the outbox in the action's own transaction (so a rolled-back action
 * sends nothing, and a committed one is never lost); the delivery job pushes them to the platform.
 */
export function installPosOutbox(): void {
  if (isOutboxInstalled) return;
  isOutboxInstalled = true;
  observeCaseActions(async (client, record) => {
    if (record.party.logRole === POS_SYNC_ROLE) return;
    const actions = toPosActions(record);
    if (actions.length === 0) return;
    const settings = await repository.findSettings(client, record.tenantId);
    if (!settings?.isEnabled) return;
    let externalId = record.externalId;
    if (record.channel !== 'pos') {
      // A case of another channel speaks to the platform once we registered it there (or asked to).
      const link = await repository.findPosLinkOfCase(client, record.tenantId, record.caseId);
      if (link) externalId = link.externalId;
      else if (await repository.hasPendingCreate(client, record.tenantId, record.caseId)) externalId = '';
      else return;
    }
    for (const action of actions) {
      if (action.executor?.id) {
        // The platform shows the executor by name; ours are people of the tenant (checked by the action).
        action.executor.name = (await findUserById(client, action.executor.id))?.fullName ?? null;
      }
      await repository.insertOutbox(client, {
        tenantId: record.tenantId,
        caseId: record.caseId,
        externalId,
        operation: action.action,
        payload: action as unknown as Record<string, unknown>,
      });
    }
  });
}

/** The outbox operation that registers a case of another channel on the platform. */
export const CREATE_APPEAL_OPERATION = 'CREATE_APPEAL';

/**
 * «Зарегистрировать в ПОС»: queues registering a case that came through another channel as an appeal on
 * the platform (the delivery job sends it, links the case with the platform's id and writes the timeline
 * entry). Our later steps on the case then go to the platform, and its statuses come back to the case.
 * A case of ПОС itself, one already registered or waiting to be — 409; integration off — 400.
 */
export async function requestPosAppeal(
  database: Database,
  context: AuthContext,
  caseId: string,
  origin: RequestOrigin,
): Promise<PosAppealRequestResult> {
  requireManager(context);
  const tenantId = context.tenant.id;
  const settings = await repository.findSettings(database.pool, tenantId);
  if (!settings?.isEnabled) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Интеграция с ПОС не настроена или выключена: включите её на экране «Интеграция с ПОС».',
      [{ field: 'baseUrl', message: 'Интеграция не включена' }],
    );
  }
  return withTransaction(database.pool, async (transaction) => {
    const found = await repository.findCaseForPos(transaction, tenantId, caseId);
    if (!found) throw notFound('Сообщение не найдено или недоступно.');
    if (found.channel === 'pos')
      throw new AppError('CONFLICT', `Сообщение № ${found.number} и так поступило из ПОС.`, [
        { field: 'caseId', message: 'Сообщение из ПОС' },
      ]);
    const link = await repository.findPosLinkOfCase(transaction, tenantId, caseId);
    if (link)
      throw new AppError(
        'CONFLICT',
        `Сообщение № ${found.number} уже зарегистрировано в ПОС под № ${link.externalId}.`,
        [{ field: 'caseId', message: 'Уже в ПОС' }],
      );
    if (await repository.hasPendingCreate(transaction, tenantId, caseId))
      throw new AppError('CONFLICT', `Сообщение № ${found.number} уже ждёт отправки в ПОС.`, [
        { field: 'caseId', message: 'Уже в очереди' },
      ]);
    const codes = await repository.findPosSubjectCodes(transaction, tenantId, found.category, found.subcategory);
    const appeal: PosNewAppeal = {
      externalId: found.id,
      text: found.text,
      subjectId: codes.subjectId,
      subsubjectId: codes.subsubjectId,
      address: found.address,
      latitude: found.latitude,
      longitude: found.longitude,
      author: { name: found.applicantName, phone: found.applicantPhone, email: found.applicantEmail },
      createdAt: new Date(found.receivedAt).toISOString(),
      isFz59: found.kind === 'appeal',
    };
    await repository.insertOutbox(transaction, {
      tenantId,
      caseId,
      externalId: '',
      operation: CREATE_APPEAL_OPERATION,
      payload: appeal as unknown as Record<string, unknown>,
    });
    await recordAudit(transaction, {
      tenantId,
      actorUserId: context.userId,
      action: 'pos_sync.appeal_requested',
      objectType: 'case',
      objectId: caseId,
      after: { subjectId: codes.subjectId, subsubjectId: codes.subsubjectId },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
    return {
      status: 'queued' as const,
      message: `Сообщение № ${found.number} будет зарегистрировано в ПОС при ближайшей отправке (раз в минуту).`,
    };
  });
}

/**
 * Where the card's case stands with the platform: linked (the appeal's number and last status), waiting in
 * the outbox, refused for good (it may be asked again), or not registered.
 */
export async function describeCaseLink(database: Database, context: AuthContext, caseId: string): Promise<PosCaseLink> {
  requireManager(context);
  const tenantId = context.tenant.id;
  if (!(await repository.findCaseIdOfTenant(database.pool, tenantId, caseId)))
    throw notFound('Сообщение не найдено или недоступно.');
  const none: PosCaseLink = { state: 'none', externalId: null, status: null, statusTitle: null, lastError: null };
  const link = await repository.findPosLinkOfCase(database.pool, tenantId, caseId);
  if (link) {
    const status = (POS_STATUSES as readonly string[]).includes(link.status) ? (link.status as PosStatus) : null;
    return {
      ...none,
      state: 'linked',
      externalId: link.externalId,
      status,
      statusTitle: status ? POS_STATUS_TITLES[status] : null,
    };
  }
  const request = await repository.findLatestCreate(database.pool, tenantId, caseId);
  if (request?.status === 'pending') return { ...none, state: 'queued', lastError: request.lastError };
  if (request?.status === 'failed') return { ...none, state: 'failed', lastError: request.lastError };
  return none;
}

export async function getStatus(database: Database, context: AuthContext): Promise<PosSyncStatus> {
  requireManager(context);
  return describeStatus(database, context.tenant.id);
}

export async function describeStatus(database: Database, tenantId: string): Promise<PosSyncStatus> {
  const settings = await repository.findSettings(database.pool, tenantId);
  const iso = (value: Date | null | undefined) => (value ? new Date(value).toISOString() : null);
  return {
    isConfigured: settings !== undefined,
    baseUrl: settings?.baseUrl ?? null,
    login: settings?.login ?? null,
    scope: settings?.scope ?? null,
    isEnabled: settings?.isEnabled ?? false,
    hasPassword: Boolean(settings?.password),
    lastRunAt: iso(settings?.lastRunAt),
    lastSuccessAt: iso(settings?.lastSuccessAt),
    lastError: settings?.lastError ?? null,
    lastSummary: settings?.lastSummary ?? {},
    outbox: await repository.countOutbox(database.pool, tenantId),
    recentFailures: await repository.listRecentFailures(database.pool, tenantId),
  };
}

export async function saveSettings(
  database: Database,
  context: AuthContext,
  input: PosSyncSettingsInput,
  origin: RequestOrigin,
): Promise<PosSyncStatus> {
  requireManager(context);
  const password = input.password ? input.password : null;
  await withTransaction(database.pool, async (client) => {
    const before = await repository.findSettings(client, context.tenant.id);
    if (!before && !password) {
      throw new AppError('VALIDATION_FAILED', 'Укажите пароль интеграции с ПОС.', [
        { field: 'password', message: 'Нужен пароль' },
      ]);
    }
    await repository.saveSettings(client, context.tenant.id, { ...input, password });
    const visible = (row: { baseUrl: string; login: string; scope: string; isEnabled: boolean } | undefined) =>
      row ? { baseUrl: row.baseUrl, login: row.login, scope: row.scope, isEnabled: row.isEnabled } : undefined;
    await recordAudit(client, {
      tenantId: context.tenant.id,
      actorUserId: context.userId,
      action: 'pos_sync.settings_changed',
      objectType: 'pos_sync_settings',
      objectId: context.tenant.id,
      before: visible(before),
      after: visible(input),
      details: { isPasswordChanged: password !== null },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return describeStatus(database, context.tenant.id);
}

export type SyncSummary = {
  regions: number;
  subjects: number;
  subsubjects: number;
  created: number;
  updated: number;
  unchanged: number;
  moved: number;
  rejected: Array<{ id: string; reason: string }>;
  delivered: number;
  deliveryRetried: number;
  deliveryFailed: number;
};

/** Admin's «run now»: one full sync of the caller's tenant, then its status. */
export async function runNow(
  database: Database,
  context: AuthContext,
  origin: RequestOrigin,
  clientOptions: PosClientOptions = {},
): Promise<PosSyncStatus> {
  requireManager(context);
  const settings = await repository.findSettings(database.pool, context.tenant.id);
  if (!settings)
    throw new AppError('VALIDATION_FAILED', 'Интеграция с ПОС не настроена.', [
      { field: 'baseUrl', message: 'Не настроено' },
    ]);
  await recordAudit(database.pool, {
    tenantId: context.tenant.id,
    actorUserId: context.userId,
    action: 'pos_sync.run_requested',
    objectType: 'pos_sync_settings',
    objectId: context.tenant.id,
    ipAddress: origin.ipAddress,
    requestId: origin.requestId,
  });
  await syncTenant(database, settings, clientOptions);
  return describeStatus(database, context.tenant.id);
}

const isIsoInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** Why an appeal from the platform cannot be taken, or null. */
function findFault(appeal: PosAppeal): string | null {
  if (typeof appeal.id !== 'string' || appeal.id.trim() === '' || appeal.id.length > 200)
    return 'нет идентификатора id';
  if (typeof appeal.text !== 'string' || appeal.text.trim() === '') return 'пустой текст';
  if (appeal.text.length > 20_000) return 'текст длиннее 20 000 символов';
  if (!isIsoInstant(appeal.createdAt)) return 'createdAt: не дата ISO-8601';
  if (!isIsoInstant(appeal.updatedAt)) return 'updatedAt: не дата ISO-8601';
  if (!(POS_STATUSES as readonly string[]).includes(appeal.status))
    return `неизвестный статус «${String(appeal.status)}»`;
  return null;
}

const coordinate = (value: unknown, limit: number) =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
const shortText = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : null;

/**
 * One sync of a tenant with the platform: the rubricators, the appeals changed since the cursor (each in
 * its own short transaction: a new case, or the new status and history of a known one), then the outbox.
 * A failure is recorded as the run's error and shown to admins; the next run starts again from the cursor.
 */
export async function syncTenant(
  database: Database,
  settings: PosSettingsRow,
  clientOptions: PosClientOptions = {},
): Promise<SyncSummary> {
  const client = new PosPlatformClient(settings, clientOptions);
  const summary: SyncSummary = {
    regions: 0,
    subjects: 0,
    subsubjects: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    moved: 0,
    rejected: [],
    delivered: 0,
    deliveryRetried: 0,
    deliveryFailed: 0,
  };
  const errors: string[] = [];
  let cursor: string | null = null;
  try {
    cursor = await pullAppeals(database, settings, client, summary);
  } catch (error) {
    errors.push(`Чтение из ПОС: ${describeError(error)}`);
  }
  try {
    await deliverOutbox(database, settings, client, summary);
  } catch (error) {
    errors.push(`Отправка в ПОС: ${describeError(error)}`);
  }
  await repository.recordRun(database.pool, settings.tenantId, {
    at: new Date(),
    error: errors.length > 0 ? errors.join('; ') : null,
    summary,
    cursor,
  });
  return summary;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function pullAppeals(
  database: Database,
  settings: PosSettingsRow,
  client: PosPlatformClient,
  summary: SyncSummary,
): Promise<string | null> {
  const tenantId = settings.tenantId;
  const [regions, subjects, subsubjects] = [
    await client.listRegions(),
    await client.listSubjects(),
    await client.listSubsubjects(),
  ];
  const subjectNames = new Map(subjects.map((subject) => [String(subject.id), String(subject.name)]));
  const subsubjectNames = new Map(subsubjects.map((item) => [String(item.id), String(item.name)]));
  await withTransaction(database.pool, async (transaction) => {
    const regionRubricator = await upsertRubricator(transaction, {
      tenantId,
      code: 'pos-regions',
      name: 'ПОС: регионы',
      source: 'pos',
    });
    await upsertRubricatorItems(
      transaction,
      tenantId,
      regionRubricator.id,
      regions.map((region, index) => ({
        code: String(region.id),
        name: String(region.name),
        parentCode: null,
        description: null,
        level: 1,
        sortOrder: index,
      })),
    );
    const rubricator = await upsertRubricator(transaction, {
      tenantId,
      code: 'pos',
      name: 'ПОС: категории и подкатегории',
      source: 'pos',
    });
    await upsertRubricatorItems(transaction, tenantId, rubricator.id, [
      ...subjects.map((subject, index) => ({
        code: String(subject.id),
        name: String(subject.name),
        parentCode: null,
        description: null,
        level: 1,
        sortOrder: index,
      })),
      ...subsubjects
        .filter((item) => subjectNames.has(String(item.subjectId)))
        .map((item, index) => ({
          code: `${item.subjectId}.${item.id}`,
          name: String(item.name),
          parentCode: String(item.subjectId),
          description: null,
          level: 2,
          sortOrder: index,
        })),
    ]);
  });
  summary.regions = regions.length;
  summary.subjects = subjects.length;
  summary.subsubjects = subsubjects.length;

  const appeals = await client.listAppeals(settings.cursor);
  let newest = settings.cursor;
  let isComplete = true;
  for (const appeal of appeals) {
    const fault = findFault(appeal);
    if (fault) {
      summary.rejected.push({ id: String(appeal.id ?? '?'), reason: fault });
      continue;
    }
    try {
      const known = await repository.findPosAppeal(database.pool, tenantId, appeal.id);
      if (known && known.platformUpdatedAt === appeal.updatedAt) {
        summary.unchanged += 1;
      } else {
        const history = await client.getHistory(appeal.id);
        await takeAppeal(database, settings, appeal, history, subjectNames, subsubjectNames, summary);
      }
      if (!newest || Date.parse(appeal.updatedAt) > Date.parse(newest)) newest = appeal.updatedAt;
    } catch (error) {
      if (error instanceof PosPlatformError) throw error;
      isComplete = false;
      summary.rejected.push({ id: appeal.id, reason: describeError(error) });
    }
  }
  return isComplete ? newest : settings.cursor;
}

async function takeAppeal(
  database: Database,
  settings: PosSettingsRow,
  appeal: PosAppeal,
  history: PosHistoryEntry[],
  subjectNames: Map<string, string>,
  subsubjectNames: Map<string, string>,
  summary: SyncSummary,
): Promise<void> {
  const tenant = { id: settings.tenantId, timezone: settings.timezone };
  const sorted = history
    .filter((entry) => isIsoInstant(entry.at) && (POS_STATUSES as readonly string[]).includes(entry.status))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const answerAt = [...sorted].reverse().find((entry) => isIsoInstant(entry.answerAt))?.answerAt ?? null;
  await withTransaction(database.pool, async (transaction) => {
    const known = await repository.findPosAppeal(transaction, tenant.id, appeal.id);
    if (known && known.platformUpdatedAt === appeal.updatedAt) {
      summary.unchanged += 1;
      return;
    }
    let caseId = known?.caseId ?? null;
    if (!caseId && typeof appeal.externalId === 'string') {
      // An appeal we registered (requestPosAppeal), read before its delivery linked it: link it now.
      const ours = await repository.findCaseIdOfTenant(transaction, tenant.id, appeal.externalId);
      if (ours && !(await repository.findPosLinkOfCase(transaction, tenant.id, ours))) caseId = ours;
    }
    if (!caseId) {
      const created = await registerIncomingCase(
        database,
        {
          tenant,
          channel: 'pos',
          kind: appeal.isFz59 ? 'appeal' : 'message',
          externalId: appeal.id,
          text: appeal.text.trim(),
          category: appeal.subjectId ? (subjectNames.get(String(appeal.subjectId)) ?? null) : null,
          subcategory: appeal.subsubjectId ? (subsubjectNames.get(String(appeal.subsubjectId)) ?? null) : null,
          address: shortText(appeal.address, 500),
          district: null,
          latitude: coordinate(appeal.latitude, 90),
          longitude: coordinate(appeal.longitude, 180),
          applicantName: shortText(appeal.author?.name, 300),
          applicantPhone: shortText(appeal.author?.phone, 50),
          applicantEmail: shortText(appeal.author?.email, 300),
          isFastTrack: appeal.isFastTrack === true,
          receivedAt: new Date(appeal.createdAt),
          actor: { userId: null, role: POS_SYNC_ROLE, details: { source: 'pos-sync' } },
          origin: null,
        },
        transaction,
      );
      caseId = created.id;
      if (!caseId) throw new Error(`не удалось создать сообщение для обращения ${appeal.id}`);
      summary.created += 1;
    } else {
      summary.updated += 1;
    }
    // Every status the platform reports that this case has not shown yet becomes a timeline entry (once:
    // the stored history is the memory of what was shown).
    const shown = new Set((known?.history ?? []).map((entry) => `${entry.status}\u0000${entry.at}`));
    for (const entry of sorted) {
      if (shown.has(`${entry.status}\u0000${entry.at}`)) continue;
      await insertCaseEvent(transaction, {
        tenantId: tenant.id,
        caseId,
        action: 'pos-status',
        actorId: null,
        actorRole: POS_SYNC_ROLE,
        fromState: null,
        toState: null,
        payload: {
          posId: appeal.id,
          status: entry.status,
          statusTitle: POS_STATUS_TITLES[entry.status],
          at: entry.at,
          ...(isIsoInstant(entry.answerAt) ? { answerAt: entry.answerAt } : {}),
          ...(typeof entry.comment === 'string' && entry.comment !== ''
            ? { comment: entry.comment.slice(0, 2000) }
            : {}),
        },
        events: ['case.pos_status'],
      });
    }
    const step = INWARD_STEPS[appeal.status as PosStatus];
    const current = await repository.findCaseState(transaction, tenant.id, caseId);
    if (step && current?.workflowId === 'pos' && current.state && step.fromStates.includes(current.state)) {
      const lastComment = [...sorted].reverse().find((entry) => entry.status === appeal.status)?.comment ?? null;
      await performCaseAction(
        database,
        POS_PARTY,
        { tenantIds: [tenant.id] },
        caseId,
        step.action,
        step.input(lastComment),
        null,
        { transaction },
      );
      summary.moved += 1;
    }
    await repository.savePosAppeal(transaction, tenant.id, {
      externalId: appeal.id,
      caseId,
      status: appeal.status,
      statusAt: sorted.at(-1)?.at ?? appeal.updatedAt,
      answerAt,
      history: sorted,
      platformUpdatedAt: appeal.updatedAt,
    });
  });
}

/** Pushes the tenant's due outbox rows in order; temporary faults wait and retry, the 5th failure is final. */
export async function deliverOutbox(
  database: Database,
  settings: PosSettingsRow,
  client: PosPlatformClient,
  summary: Pick<SyncSummary, 'delivered' | 'deliveryRetried' | 'deliveryFailed'>,
  now: () => Date = () => new Date(),
): Promise<void> {
  for (let batch = 0; batch < OUTBOX_BATCHES_MAX; batch += 1) {
    const at = now();
    const rows = await repository.claimDueOutbox(
      database.pool,
      settings.tenantId,
      at,
      new Date(at.getTime() + OUTBOX_LEASE_MS),
      OUTBOX_BATCH,
    );
    if (rows.length === 0) return;
    const blockedCases = new Set<string>();
    for (const row of rows) {
      if (blockedCases.has(row.caseId)) continue; // an earlier step of this case failed: keep the order
      try {
        if (row.operation === CREATE_APPEAL_OPERATION) {
          await deliverCreateAppeal(database, settings, client, row, now());
        } else {
          // A step taken while the case's registration on the platform was still queued learns its id now.
          const externalId =
            row.externalId ||
            (await repository.findPosLinkOfCase(database.pool, settings.tenantId, row.caseId))?.externalId;
          if (!externalId) throw new PosPlatformError('сообщение не зарегистрировано в ПОС', null, false);
          await client.sendAction(externalId, row.payload as unknown as PosAction);
          await repository.markOutboxSent(database.pool, settings.tenantId, row.id, now());
        }
        summary.delivered += 1;
      } catch (error) {
        const isTemporary = !(error instanceof PosPlatformError) || error.isTemporary;
        const waitMinutes = isTemporary ? OUTBOX_RETRY_MINUTES[row.attempts] : undefined;
        await repository.markOutboxFailure(database.pool, settings.tenantId, row.id, {
          error: describeError(error),
          nextAttemptAt: waitMinutes === undefined ? null : new Date(now().getTime() + waitMinutes * 60_000),
        });
        if (waitMinutes === undefined) summary.deliveryFailed += 1;
        else summary.deliveryRetried += 1;
        blockedCases.add(row.caseId);
        if (error instanceof PosPlatformError && error.isTemporary) return; // the platform is unwell: stop this run
      }
    }
  }
}

/**
 * Registers the case on the platform (idempotent there by our case id) and links them in one transaction
 * with the timeline entry and the row marked sent. If a sync already linked the appeal (it lists our
 * reference), the link stays as it is and nothing is doubled.
 */
async function deliverCreateAppeal(
  database: Database,
  settings: PosSettingsRow,
  client: PosPlatformClient,
  row: repository.OutboxRow,
  at: Date,
): Promise<void> {
  const created = await client.createAppeal(row.payload as unknown as PosNewAppeal);
  const status = (POS_STATUSES as readonly string[]).includes(created.status ?? '') ? created.status : 'MODERATION_NEW';
  await withTransaction(database.pool, async (transaction) => {
    const known = await repository.findPosAppeal(transaction, settings.tenantId, created.id);
    const link = await repository.findPosLinkOfCase(transaction, settings.tenantId, row.caseId);
    if (!known && !link) {
      await repository.savePosAppeal(transaction, settings.tenantId, {
        externalId: created.id,
        caseId: row.caseId,
        status: status ?? 'MODERATION_NEW',
        statusAt: null,
        answerAt: null,
        history: [],
        platformUpdatedAt: null,
      });
      await insertCaseEvent(transaction, {
        tenantId: settings.tenantId,
        caseId: row.caseId,
        action: 'pos-appeal-created',
        actorId: null,
        actorRole: POS_SYNC_ROLE,
        fromState: null,
        toState: null,
        payload: { posId: created.id, status },
        events: ['case.pos_registered'],
      });
    }
    await repository.markOutboxSent(transaction, settings.tenantId, row.id, at);
  });
}

/** Every enabled tenant: a full sync (the scheduled job). */
export async function syncAllTenants(database: Database, clientOptions: PosClientOptions = {}): Promise<void> {
  for (const settings of await repository.listEnabledSettings(database.pool)) {
    await syncTenant(database, settings, clientOptions);
  }
}

/** Every enabled tenant: only the outbox (the minute job, so our steps reach the platform soon). */
export async function deliverAllTenants(database: Database, clientOptions: PosClientOptions = {}): Promise<void> {
  for (const settings of await repository.listEnabledSettings(database.pool)) {
    const summary = { delivered: 0, deliveryRetried: 0, deliveryFailed: 0 };
    try {
      await deliverOutbox(database, settings, new PosPlatformClient(settings, clientOptions), summary);
    } catch (error) {
      await repository.recordRun(database.pool, settings.tenantId, {
        at: new Date(),
        error: `Отправка в ПОС: ${describeError(error)}`,
        summary: { ...settings.lastSummary, ...summary },
        cursor: null,
      });
    }
  }
}
