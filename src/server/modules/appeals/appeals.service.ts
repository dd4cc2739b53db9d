import type pg from 'pg';
import { canViewApplicantData, maskContact, maskPersonName } from '../../../shared/access.js';
import {
  type AppealControl,
  type AppealSettings,
  CHANNEL_OF_RECEIPT_FORM,
  type ControlState,
  type CreateAppealInput,
  type JournalEntry,
  type JournalExportQuery,
  type JournalQuery,
  type JournalResponse,
  type RegisterAppealInput,
  type RegistrationCard,
  type RepeatCheckInput,
  type RepeatCheckResponse,
} from '../../../shared/contracts/appeals.contract.js';
import { formatLocalDate } from '../../../shared/local-date.js';
import { hasPermission } from '../../../shared/permissions.js';
import { findWorkflowState } from '../../../shared/workflow/index.js';
import { parseInstant } from '../../../shared/working-time/time-zone.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type ActingParty, insertManualCase, performCaseAction, resolveWorkflowState } from '../cases/index.js';
import { startCaseTimer } from '../sla/index.js';
import {
  type ApplicantFacts,
  normalisePersonName,
  sameApplicantReason,
  similarSubjectReason,
  subjectStems,
} from './appeal-similarity.js';
import type { JournalRow, TimerFacts } from './appeals.repository.js';
import * as repository from './appeals.repository.js';

export type RequestOrigin = { ipAddress: string; requestId: string };
const DAY_MS = 86_400_000;
const EXCERPT_LENGTH = 160;

function requireRegistrar(context: AuthContext): void {
  if (!hasPermission(context.roles, 'appeals.register'))
    throw new AppError(
      'FORBIDDEN',
      'Регистрировать обращения может сотрудник МЦУ (руководитель, блок, ответственный за ПОС).',
    );
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Обращение регистрируется в муниципалитете.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
}

function requireReader(context: AuthContext): void {
  if (!hasPermission(context.roles, 'appeals.read'))
    throw new AppError('FORBIDDEN', 'Журнал обращений недоступен для ваших ролей.');
}

export async function getSettings(database: Database, context: AuthContext): Promise<AppealSettings> {
  requireReader(context);
  return repository.findSettings(database.pool, context.tenant.id);
}

export async function updateSettings(
  database: Database,
  context: AuthContext,
  settings: AppealSettings,
  origin: RequestOrigin,
): Promise<AppealSettings> {
  if (!hasPermission(context.roles, 'appeals.register') || context.tenant.kind !== 'municipality')
    throw new AppError('FORBIDDEN', 'Настройки журнала меняет сотрудник МЦУ, регистрирующий обращения.');
  await withTransaction(database.pool, async (client) => {
    const before = await repository.findSettings(client, context.tenant.id);
    await repository.saveSettings(client, context.tenant.id, settings);
    await recordAudit(client, {
      tenantId: context.tenant.id,
      actorUserId: context.userId,
      action: 'appeal.settings_changed',
      objectType: 'appeal_settings',
      objectId: context.tenant.id,
      before,
      after: settings,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return settings;
}

/** A code of the typical classifier must be in the tenant's `fz59` rubricator when it has one. */
async function checkClassifierCode(database: pg.Pool | pg.PoolClient, tenantId: string, code: string | null) {
  if (!code) return;
  const rubricatorId = await repository.findClassifierRubricatorId(database, tenantId);
  if (rubricatorId && !(await repository.isActiveClassifierCode(database, tenantId, rubricatorId, code))) {
    throw new AppError('VALIDATION_FAILED', `Кода ${code} нет в типовом классификаторе муниципалитета.`, [
      { field: 'classifierCode', message: 'Нет такого кода в классификаторе 59-ФЗ' },
    ]);
  }
}

type EarlierAppeal = RepeatCheckResponse['earlier'][number];

async function findEarlierAppeals(
  database: pg.Pool | pg.PoolClient,
  tenantId: string,
  applicant: ApplicantFacts,
  subject: { classifierCode: string | null; stems: string[] },
  now: Date,
  excludeCaseId: string | null,
): Promise<{ earlier: EarlierAppeal[]; periodDays: number }> {
  const { repeatPeriodDays } = await repository.findSettings(database, tenantId);
  const since = new Date(now.getTime() - repeatPeriodDays * DAY_MS);
  const candidates = await repository.listRepeatCandidates(
    database,
    tenantId,
    normalisePersonName(applicant.name),
    since,
    excludeCaseId,
  );
  const earlier: EarlierAppeal[] = [];
  for (const candidate of candidates) {
    const who = sameApplicantReason(applicant, {
      name: candidate.applicantName,
      address: candidate.applicantAddress,
      email: candidate.applicantEmail,
      phone: candidate.applicantPhone,
    });
    if (!who) continue;
    const what = similarSubjectReason(subject, {
      classifierCode: candidate.classifierCode,
      stems: candidate.subjectStems,
    });
    if (!what) continue;
    earlier.push({
      caseId: candidate.caseId,
      number: candidate.number,
      registeredAt: new Date(candidate.registeredAt).toISOString(),
      reason: `${who}; ${what}`,
    });
  }
  return { earlier: earlier.reverse(), periodDays: repeatPeriodDays };
}

/** «Is this a repeat appeal?» before registering: the earlier appeals of the same applicant on a similar subject. */
export async function checkRepeat(
  database: Database,
  context: AuthContext,
  input: RepeatCheckInput,
): Promise<RepeatCheckResponse> {
  requireRegistrar(context);
  const { earlier, periodDays } = await findEarlierAppeals(
    database.pool,
    context.tenant.id,
    input.applicant,
    { classifierCode: input.classifierCode, stems: subjectStems(input.text) },
    new Date(),
    input.caseId ?? null,
  );
  return { isRepeat: earlier.length > 0, periodDays, earlier };
}

function partyOf(context: AuthContext): ActingParty {
  return {
    userId: context.userId,
    fullName: context.fullName,
    logRole: context.roles[0] ?? null,
    actor: {
      roles: context.roles,
      userId: context.userId,
      actingForUserIds: context.actingForUserIds,
      recipientIds: context.recipientIds,
    },
  };
}

type RegistrationFields = Omit<RegisterAppealInput, 'caseId'>;

/**
 * Numbers and registers an appeal in the caller's transaction: the case is locked, the number taken from
 * the tenant's counter for the local year, repeats looked up, the journal row and the workflow's
 * `register` step written, the 7-day notice and 30-day answer controls restarted from the registration
 * (ст. 11 ч. 4, ст. 12 ч. 1 59-ФЗ), and the audit row added.
 */
async function registerInTransaction(
  database: Database,
  client: pg.PoolClient,
  context: AuthContext,
  caseId: string,
  fields: RegistrationFields,
  origin: RequestOrigin,
): Promise<void> {
  const tenant = context.tenant;
  const row = await repository.lockAppealCase(client, tenant.id, caseId);
  if (!row) throw notFound('Обращение не найдено или недоступно.');
  if (row.kind !== 'appeal') {
    throw new AppError('VALIDATION_FAILED', 'Зарегистрировать в журнале можно только обращение по 59-ФЗ.', [
      { field: 'caseId', message: 'Это сообщение, а не обращение' },
    ]);
  }
  if (row.isRegistered) throw new AppError('APPEAL_ALREADY_REGISTERED', 'Обращение уже зарегистрировано в журнале.');
  const registeredAt = new Date();
  const year = Number(formatLocalDate(registeredAt, tenant.timezone).slice(0, 4));
  const stems = subjectStems(row.text);
  const { earlier } = await findEarlierAppeals(
    client,
    tenant.id,
    fields.applicant,
    { classifierCode: fields.classifierCode, stems },
    registeredAt,
    row.id,
  );
  const settings = await repository.findSettings(client, tenant.id);
  const sequence = await repository.takeNextSequence(client, tenant.id, year);
  const number = `${settings.numberPrefix}-${year}-${String(sequence).padStart(6, '0')}`;
  await repository.insertRegistration(client, {
    tenantId: tenant.id,
    caseId: row.id,
    number,
    year,
    sequence,
    registeredAt,
    registeredBy: context.userId,
    receiptForm: fields.receiptForm,
    appealType: fields.appealType,
    isCollective: fields.isCollective,
    signatoryCount: fields.signatoryCount,
    classifierCode: fields.classifierCode,
    applicantName: fields.applicant.name,
    applicantAddress: fields.applicant.address,
    applicantEmail: fields.applicant.email,
    applicantPhone: fields.applicant.phone,
    applicantKey: normalisePersonName(fields.applicant.name),
    subjectStems: stems,
    isRepeat: earlier.length > 0,
    repeatOf: earlier.map((item) => item.caseId),
  });
  // An appeal still waiting for registration takes the workflow's step (and its 7/30-day controls restart
  // from now); one registered by the bare workflow action earlier only gets its journal row.
  if (row.state === null || row.state === 'received') {
    await performCaseAction(
      database,
      partyOf(context),
      { tenantIds: [tenant.id] },
      row.id,
      'register',
      {
        registrationNumber: number,
        registeredAt: registeredAt.toISOString(),
        appealType: fields.appealType,
        isCollective: fields.isCollective,
        isRepeat: earlier.length > 0,
        ...(fields.classifierCode ? { classifierCode: fields.classifierCode } : {}),
      },
      origin,
      { transaction: client },
    );
    const facts = {
      id: row.id,
      channel: row.channel as never,
      kind: 'appeal' as const,
      category: null,
      isFastTrack: false,
      receivedAt: new Date(row.receivedAt),
    };
    for (const kind of ['unreadable_notice', 'answer']) {
      await startCaseTimer(client, { id: tenant.id, timezone: tenant.timezone }, facts, kind, { at: registeredAt });
    }
  }
  await recordAudit(client, {
    tenantId: tenant.id,
    actorUserId: context.userId,
    action: 'appeal.registered',
    objectType: 'case',
    objectId: row.id,
    after: {
      number,
      receiptForm: fields.receiptForm,
      appealType: fields.appealType,
      isCollective: fields.isCollective,
      signatoryCount: fields.signatoryCount,
      classifierCode: fields.classifierCode,
      isRepeat: earlier.length > 0,
      repeatOf: earlier.map((item) => item.number),
    },
    ipAddress: origin.ipAddress,
    requestId: origin.requestId,
  });
}

/** Registers an appeal that is already a case («Поступило»). */
export async function registerAppeal(
  database: Database,
  context: AuthContext,
  input: RegisterAppealInput,
  origin: RequestOrigin,
): Promise<RegistrationCard> {
  requireRegistrar(context);
  await checkClassifierCode(database.pool, context.tenant.id, input.classifierCode);
  const { caseId, ...fields } = input;
  await withTransaction(database.pool, (client) =>
    registerInTransaction(database, client, context, caseId, fields, origin),
  );
  return getCard(database, context, caseId, origin);
}

/** Enters an appeal by hand and registers it in one transaction: a half-done appeal is never left. */
export async function createAppeal(
  database: Database,
  context: AuthContext,
  input: CreateAppealInput,
  origin: RequestOrigin,
): Promise<RegistrationCard> {
  requireRegistrar(context);
  if (!hasPermission(context.roles, 'cases.create'))
    throw new AppError('FORBIDDEN', 'Вводить обращения может сотрудник МЦУ.');
  await checkClassifierCode(database.pool, context.tenant.id, input.classifierCode);
  const { text, category, address, isFastTrack, submissionId, ...fields } = input;
  const caseId = await withTransaction(database.pool, async (client) => {
    const { id, isCreated } = await insertManualCase(
      database,
      client,
      context,
      {
        channel: CHANNEL_OF_RECEIPT_FORM[fields.receiptForm],
        kind: 'appeal',
        text,
        category,
        isFastTrack,
        territory: { address },
        applicant: { name: fields.applicant.name, phone: fields.applicant.phone, email: fields.applicant.email },
        submissionId,
      },
      origin,
      // The digest covers the whole appeal, its journal fields too: a corrected вид or form is a new sending.
      { ...input, submissionId: undefined },
    );
    // A retry of the same sending: the first one registered the appeal in the same transaction as its case.
    if (isCreated) await registerInTransaction(database, client, context, id, fields, origin);
    return id;
  });
  return getCard(database, context, caseId, origin);
}

function controlOf(timer: TimerFacts, now: number): AppealControl {
  if (!timer?.dueAt) return { state: 'none', dueAt: null, doneAt: null };
  const due = Date.parse(timer.dueAt);
  const done = timer.stoppedAt ? Date.parse(timer.stoppedAt) : null;
  let state: ControlState;
  if (done !== null) state = done <= due ? 'met' : 'late';
  else state = now <= due ? 'running' : 'overdue';
  return {
    state,
    dueAt: new Date(due).toISOString(),
    doneAt: done === null ? null : new Date(done).toISOString(),
  };
}

function presentEntry(row: JournalRow, isUnmasked: boolean, now: number): JournalEntry {
  const { workflow, state } = resolveWorkflowState(row);
  const registeredAt = new Date(row.registeredAt);
  // The registration control is met by the registration itself.
  const registrationTimer = row.registration ?? null;
  const registration = controlOf(
    registrationTimer
      ? { dueAt: registrationTimer.dueAt, stoppedAt: registrationTimer.stoppedAt ?? registeredAt.toISOString() }
      : null,
    now,
  );
  return {
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    number: row.number,
    registeredAt: registeredAt.toISOString(),
    receivedAt: new Date(row.receivedAt).toISOString(),
    receiptForm: row.receiptForm,
    appealType: row.appealType,
    isCollective: row.isCollective,
    signatoryCount: row.signatoryCount,
    classifierCode: row.classifierCode,
    classifierName: row.classifierName,
    applicantName: isUnmasked ? row.applicantName : (maskPersonName(row.applicantName) ?? ''),
    applicantAddress: isUnmasked ? row.applicantAddress : row.applicantAddress ? '***' : null,
    isApplicantMasked: !isUnmasked,
    isRepeat: row.isRepeat,
    repeatOf: row.repeatOf.map((item) => ({ ...item, registeredAt: new Date(item.registeredAt).toISOString() })),
    state,
    stateTitle: findWorkflowState(workflow, state)?.title ?? state,
    excerpt: row.text.length > EXCERPT_LENGTH ? `${row.text.slice(0, EXCERPT_LENGTH - 1)}…` : row.text,
    controls: {
      registration,
      notice: controlOf(row.notice, now),
      answer: controlOf(row.answer, now),
    },
  };
}

function filterOf(context: AuthContext, query: Omit<JournalQuery, 'page' | 'pageSize'>): repository.JournalFilter {
  const zone = context.tenant.timezone;
  return {
    tenantIds: context.visibleTenantIds,
    ...(query.from ? { from: new Date(parseInstant(query.from, zone)) } : {}),
    ...(query.to ? { to: new Date(parseInstant(query.to, zone) + DAY_MS) } : {}),
    ...(query.appealType ? { appealType: query.appealType } : {}),
    ...(query.receiptForm ? { receiptForm: query.receiptForm } : {}),
    ...(query.classifierCode ? { classifierPrefix: query.classifierCode } : {}),
    ...(query.isRepeat ? { isRepeat: query.isRepeat === 'true' } : {}),
    ...(query.isCollective ? { isCollective: query.isCollective === 'true' } : {}),
    ...(query.q ? { search: query.q } : {}),
  };
}

function checkPeriod(query: { from?: string | undefined; to?: string | undefined }): void {
  if (query.from && query.to && query.from > query.to) {
    throw new AppError('VALIDATION_FAILED', 'Начало периода позже его конца.', [
      { field: 'from', message: 'Позже даты «по»' },
    ]);
  }
}

/** Personal data shown unmasked is a view to audit (152-ФЗ): one row per request with the cases shown. */
async function auditUnmaskedView(
  database: Database,
  context: AuthContext,
  action: string,
  caseIds: string[],
  origin: RequestOrigin,
  details: Record<string, unknown> = {},
): Promise<void> {
  if (caseIds.length === 0) return;
  await recordAudit(database.pool, {
    tenantId: context.tenant.id,
    actorUserId: context.userId,
    action,
    objectType: 'appeal_journal',
    ...(caseIds.length === 1 && caseIds[0] ? { objectId: caseIds[0] } : {}),
    details: { caseIds, ...details },
    ipAddress: origin.ipAddress,
    requestId: origin.requestId,
  });
}

export async function listJournal(
  database: Database,
  context: AuthContext,
  query: JournalQuery,
  origin: RequestOrigin,
): Promise<JournalResponse> {
  requireReader(context);
  checkPeriod(query);
  const { rows, total } = await repository.listJournal(database.pool, filterOf(context, query), {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const isUnmasked = canViewApplicantData(context.roles);
  if (isUnmasked) {
    await auditUnmaskedView(
      database,
      context,
      'appeal.journal_personal_data_viewed',
      rows.map((row) => row.caseId),
      origin,
    );
  }
  const now = Date.now();
  return {
    items: rows.map((row) => presentEntry(row, isUnmasked, now)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Every journal row matching the filters (for the export), presented and audited like the list. */
export async function listJournalForExport(
  database: Database,
  context: AuthContext,
  query: JournalExportQuery,
  origin: RequestOrigin,
): Promise<JournalEntry[]> {
  requireReader(context);
  checkPeriod(query);
  const { rows } = await repository.listJournal(database.pool, filterOf(context, query), null);
  const isUnmasked = canViewApplicantData(context.roles);
  await recordAudit(database.pool, {
    tenantId: context.tenant.id,
    actorUserId: context.userId,
    action: 'appeal.journal_exported',
    objectType: 'appeal_journal',
    details: { format: query.format, rows: rows.length, isUnmasked, filters: { ...query, format: undefined } },
    ipAddress: origin.ipAddress,
    requestId: origin.requestId,
  });
  const now = Date.now();
  return rows.map((row) => presentEntry(row, isUnmasked, now));
}

/** The registration card of one appeal (404 for a foreign tenant's or an unregistered one). */
export async function getCard(
  database: Database,
  context: AuthContext,
  caseId: string,
  origin: RequestOrigin,
): Promise<RegistrationCard> {
  requireReader(context);
  const { rows } = await repository.listJournal(
    database.pool,
    { tenantIds: context.visibleTenantIds, caseId },
    { limit: 1, offset: 0 },
  );
  const row = rows[0];
  if (!row) throw notFound('Регистрационная карточка не найдена: обращение не зарегистрировано или недоступно.');
  const isUnmasked = canViewApplicantData(context.roles);
  if (isUnmasked) await auditUnmaskedView(database, context, 'appeal.card_personal_data_viewed', [row.caseId], origin);
  return {
    ...presentEntry(row, isUnmasked, Date.now()),
    tenantName: row.tenantName,
    text: row.text,
    category: row.category,
    address: row.address,
    applicantEmail: isUnmasked ? row.applicantEmail : maskContact(row.applicantEmail),
    applicantPhone: isUnmasked ? row.applicantPhone : maskContact(row.applicantPhone),
    registeredByName: row.registeredByName,
    channel: row.channel as RegistrationCard['channel'],
  };
}
