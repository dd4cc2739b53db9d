import crypto from 'node:crypto';
import type pg from 'pg';
import { canViewApplicantData, maskContact, maskPersonName } from '../../../shared/access.js';
import type {
  CaseDetail,
  CaseListQuery,
  CaseListResponse,
  CaseSummary,
  CreateCaseInput,
  Overview,
} from '../../../shared/contracts/cases.contract.js';
import type { CaseTimer } from '../../../shared/contracts/sla.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import { CASE_TIMER_KIND_TITLES } from '../../../shared/sla/sla-policy.js';
import { ACTION_MEANINGS, type ActionName, findWorkflowState } from '../../../shared/workflow/index.js';
import { type Queryable, recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { listTenants } from '../organization/index.js';
import { describeCaseTimers } from '../sla/index.js';
import { ATTACHMENT_TIMELINE_TITLES, listPresentedAttachments } from './attachment-storage.service.js';
import { listCaseEvents } from './case-actions.repository.js';
import { listCaseActions, partyOf, performCaseAction, resolveWorkflowState } from './case-actions.service.js';
import { findCaseByExternalId } from './case-intake.repository.js';
import { registerIncomingCase, sendingExternalId } from './case-intake.service.js';
import type { CaseRow, RoutedScope } from './cases.repository.js';
import * as repository from './cases.repository.js';

const EXCERPT_LENGTH = 180;

/** Timeline entries written outside the workflow: routing rules and mass-problem grouping. */
const EXTRA_EVENT_TITLES: Record<string, string> = {
  routed: 'Автоправила',
  clustered: 'Массовая проблема',
  classified: 'Классификатор',
  'pos-status': 'Статус в ПОС',
  'pos-appeal-created': 'Зарегистрировано в ПОС',
};

/**
 * What a request may read: the caller's visible tenants (optionally narrowed to one of them), and for
 * people without `cases.read_all` (executors) only what is routed to their recipient or assigned to
 * them or to the people they substitute.
 */
export function scopeOf(
  context: AuthContext,
  tenantId: string | undefined,
): { tenantIds: string[]; routedTo?: RoutedScope } {
  let tenantIds = context.visibleTenantIds;
  if (tenantId) {
    if (!context.visibleTenantIds.includes(tenantId)) {
      throw new AppError('TENANT_NOT_FOUND', 'Муниципалитет не найден или недоступен.', [
        { field: 'tenantId', message: 'Нет доступа к этому муниципалитету' },
      ]);
    }
    tenantIds = [tenantId];
  }
  if (hasPermission(context.roles, 'cases.read_all')) return { tenantIds };
  return { tenantIds, routedTo: { recipientIds: context.recipientIds, executorIds: context.actingForUserIds } };
}

export async function listCases(
  database: Database,
  context: AuthContext,
  query: CaseListQuery,
): Promise<CaseListResponse> {
  const { rows, total } = await repository.listCases(
    database.pool,
    {
      ...scopeOf(context, query.tenantId),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.q ? { search: query.q } : {}),
      ...(query.isOverdue ? { isOverdue: query.isOverdue === 'true' } : {}),
    },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  const timers = await describeTimersOf(
    database,
    context,
    rows.map((row) => row.id),
  );
  return {
    items: rows.map((row) => ({ ...presentSummary(row), sla: governingTimer(timers.get(row.id)) })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function describeTimersOf(database: Database, context: AuthContext, caseIds: string[]) {
  const tenants = await listTenantZones(database, context.visibleTenantIds);
  return describeCaseTimers(database.pool, tenants, caseIds);
}

async function listTenantZones(
  database: Database,
  tenantIds: string[],
): Promise<Array<{ id: string; timezone: string }>> {
  return (await listTenants(database.pool)).filter((tenant) => tenantIds.includes(tenant.id));
}

function governingTimer(timers: CaseTimer[] | undefined): CaseSummary['sla'] {
  if (!timers || timers.length === 0) return null;
  const timer =
    timers.find((item) => item.kind === 'answer') ?? timers.find((item) => item.kind === 'resolution') ?? timers.at(-1);
  if (!timer) return null;
  return { kind: timer.kind, state: timer.state, dueAt: timer.dueAt, workingMinutesLeft: timer.workingMinutesLeft };
}

/** The timers of a case the caller may read (404 otherwise, as for the case itself). */
export async function getCaseTimers(database: Database, context: AuthContext, id: string): Promise<CaseTimer[]> {
  const row = await repository.findCase(database.pool, scopeOf(context, undefined), id);
  if (!row) throw notFound('Сообщение не найдено или недоступно.');
  return (await describeTimersOf(database, context, [id])).get(id) ?? [];
}

/**
 * One case. A foreign tenant's case answers 404 exactly like a missing one. Roles that need the
 * applicant's personal data see it, and that view is written to the audit log (152-ФЗ).
 */
export async function getCase(
  database: Database,
  context: AuthContext,
  id: string,
  origin: { ipAddress: string; requestId: string },
): Promise<CaseDetail> {
  const row = await repository.findCase(database.pool, scopeOf(context, undefined), id);
  if (!row) throw notFound('Сообщение не найдено или недоступно.');
  const isUnmasked = canViewApplicantData(context.roles) && row.applicantName !== null;
  if (isUnmasked) {
    await recordAudit(database.pool, {
      tenantId: row.tenantId,
      actorUserId: context.userId,
      action: 'case.personal_data_viewed',
      objectType: 'case',
      objectId: row.id,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  }
  const contact = row.applicantPhone ?? row.applicantEmail;
  const timers = await describeTimersOf(database, context, [row.id]);
  const { workflow, state } = resolveWorkflowState(row);
  const history = await listCaseEvents(database.pool, row.tenantId, row.id);
  const stateTitle = (code: string | null) => (code ? (findWorkflowState(workflow, code)?.title ?? code) : null);
  return {
    ...presentSummary(row),
    sla: governingTimer(timers.get(row.id)),
    workflowId: workflow.id,
    state,
    stateTitle: stateTitle(state) ?? state,
    version: row.version,
    result: row.result,
    rating: row.rating,
    lifecycle: row.lifecycle,
    allowedActions: await listCaseActions(database, context, row.id, [row.tenantId]),
    history: history.map((entry) => ({
      id: entry.id,
      action: entry.action,
      title:
        ACTION_MEANINGS[entry.action as ActionName]?.title ??
        ATTACHMENT_TIMELINE_TITLES[entry.action] ??
        (entry.action === 'created' ? 'Зарегистрировано' : (EXTRA_EVENT_TITLES[entry.action] ?? entry.action)),
      actorName: entry.actorName,
      fromState: stateTitle(entry.fromState),
      toState: stateTitle(entry.toState),
      payload: entry.payload,
      events: entry.events,
      at: toIso(entry.createdAt),
    })),
    deadlines: (timers.get(row.id) ?? []).map((timer) => ({
      kind: timer.kind,
      title: CASE_TIMER_KIND_TITLES[timer.kind] ?? timer.kind,
      dueAt: timer.dueAt,
      state: timer.state,
      workingMinutesLeft: timer.workingMinutesLeft,
    })),
    attachments: await listPresentedAttachments(database.pool, row.tenantId, row.id),
    externalId: row.externalId,
    priority: (row.priority ?? 'normal') as CaseDetail['priority'],
    tags: row.tags ?? [],
    text: row.text,
    subcategory: row.subcategory,
    district: row.district,
    latitude: row.latitude,
    longitude: row.longitude,
    applicantName: isUnmasked ? row.applicantName : maskPersonName(row.applicantName),
    applicantContact: isUnmasked ? contact : maskContact(contact),
    isApplicantMasked: !isUnmasked,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

export async function getOverview(
  database: Database,
  context: AuthContext,
  tenantId: string | undefined,
): Promise<Overview> {
  const scope = scopeOf(context, tenantId);
  const timezone = context.tenant.timezone;
  const [counts, byChannel, byStatus, perDay] = await Promise.all([
    repository.countOverview(database.pool, scope, endOfLocalDay(new Date(), timezone)),
    repository.countByColumn<Overview['byChannel'][number]['channel']>(database.pool, scope, 'channel'),
    repository.countByColumn<Overview['byStatus'][number]['status']>(database.pool, scope, 'status'),
    repository.countPerDay(database.pool, scope, timezone, 30),
  ]);
  return {
    ...counts,
    byChannel: byChannel.map((entry) => ({ channel: entry.value, count: entry.count })),
    byStatus: byStatus.map((entry) => ({ status: entry.value, count: entry.count })),
    perDay,
  };
}

function presentSummary(row: CaseRow): Omit<CaseSummary, 'sla'> {
  const dueAt = row.dueAt ? new Date(row.dueAt) : null;
  return {
    id: row.id,
    tenantId: row.tenantId,
    tenantName: row.tenantName,
    number: row.number,
    channel: row.channel,
    kind: row.kind,
    status: row.status,
    category: row.category,
    excerpt: row.text.length > EXCERPT_LENGTH ? `${row.text.slice(0, EXCERPT_LENGTH - 1)}…` : row.text,
    address: row.address,
    isFastTrack: row.isFastTrack,
    receivedAt: toIso(row.receivedAt),
    dueAt: dueAt ? dueAt.toISOString() : null,
    closedAt: row.closedAt ? toIso(row.closedAt) : null,
    isOverdue: dueAt !== null && repository.OPEN_STATUSES.includes(row.status) && dueAt.getTime() < Date.now(),
  };
}

function toIso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** The first instant of tomorrow in `timezone`, as a UTC Date. */
export function endOfLocalDay(now: Date, timezone: string): Date {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const localAsUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offsetMs = localAsUtc - Math.floor(now.getTime() / 1000) * 1000;
  const localMidnightNext = Date.UTC(get('year'), get('month') - 1, get('day') + 1);
  return new Date(localMidnightNext - offsetMs);
}

/** The facts of a case the caller may read, for filling an answer template (404 otherwise). */
export async function getCaseFacts(
  database: Database,
  context: AuthContext,
  id: string,
): Promise<repository.CaseFacts> {
  const facts = await repository.findCaseFacts(database.pool, scopeOf(context, undefined), id);
  if (!facts) throw notFound('Сообщение не найдено или недоступно.');
  return facts;
}

/** Runs a workflow action on a case the caller may read (404 otherwise) and answers the updated card. */
export async function performAction(
  database: Database,
  context: AuthContext,
  id: string,
  action: ActionName,
  body: Record<string, unknown>,
  origin: { ipAddress: string; requestId: string },
): Promise<CaseDetail> {
  const row = await repository.findCase(database.pool, scopeOf(context, undefined), id);
  if (!row) throw notFound('Сообщение не найдено или недоступно.');
  await performCaseAction(database, partyOf(context, action), { tenantIds: [row.tenantId] }, id, action, body, origin);
  return getCase(database, context, id, origin);
}

/**
 * Registers a case by hand (phone, reception, letter) or from an API client: numbered, put in its
 * workflow's first state, its SLA timers started, recorded in its timeline and the audit — at once.
 */
export async function createCase(
  database: Database,
  context: AuthContext,
  input: CreateCaseInput,
  origin: { ipAddress: string; requestId: string },
): Promise<CaseDetail> {
  if (!hasPermission(context.roles, 'cases.create'))
    throw new AppError('FORBIDDEN', 'Регистрировать сообщения может сотрудник МЦУ.');
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Сообщение регистрируется в муниципалитете.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
  const { id } = await withTransaction(database.pool, (client) =>
    insertManualCase(database, client, context, input, origin),
  );
  return getCase(database, context, id, origin);
}

/**
 * The external id of a case entered by hand: the one the operator typed (a number from elsewhere), the one of
 * a sending the page named (sendingExternalId of `content`, what the form sent), or else a random one.
 */
function manualExternalId(input: CreateCaseInput, content: unknown): string {
  if (input.externalId) return input.externalId;
  return `manual-${input.submissionId ? sendingExternalId(input.submissionId, content) : crypto.randomUUID()}`;
}

/**
 * The case an earlier sending of the same form registered (a retry), if there is one: only for a sending the
 * page named and without an external number the operator typed (that one's duplicate stays a conflict).
 */
export async function findResentCase(
  database: Queryable,
  context: AuthContext,
  input: CreateCaseInput,
): Promise<string | undefined> {
  if (!input.submissionId || input.externalId) return undefined;
  return (await findCaseByExternalId(database, context.tenant.id, input.channel, manualExternalId(input, input)))?.id;
}

/**
 * The writes of createCase inside the caller's transaction (the 59-ФЗ journal registers the appeal in the
 * same commit); the caller has checked `cases.create` and the municipality. Goes through the one
 * registration path of every channel (registerIncomingCase: routing rules, number, timers, timeline,
 * audit, grouping). Answers the case's id, and whether it is new: a retry of a named sending (`content` —
 * what the form sent, for the digest) answers the case the first one registered and writes nothing.
 */
export async function insertManualCase(
  database: Database,
  client: pg.PoolClient,
  context: AuthContext,
  input: CreateCaseInput,
  origin: { ipAddress: string; requestId: string },
  content: unknown = input,
): Promise<{ id: string; isCreated: boolean }> {
  const externalId = manualExternalId(input, content);
  const created = await registerIncomingCase(
    database,
    {
      tenant: { id: context.tenant.id, timezone: context.tenant.timezone },
      channel: input.channel,
      kind: input.kind,
      externalId,
      text: input.text,
      category: input.category ?? null,
      subcategory: input.subcategory ?? null,
      address: input.territory?.address ?? null,
      district: input.territory?.district ?? null,
      latitude: input.territory?.latitude ?? null,
      longitude: input.territory?.longitude ?? null,
      applicantName: input.applicant?.name ?? null,
      applicantPhone: input.applicant?.phone ?? null,
      applicantEmail: input.applicant?.email ?? null,
      isFastTrack: input.isFastTrack ?? false,
      receivedAt: new Date(),
      priority: input.priority ?? 'normal',
      applicantType: input.applicant?.type ?? null,
      actor: { userId: context.userId, role: context.roles[0] ?? null },
      origin,
    },
    client,
  );
  if (!created.isCreated && input.externalId) {
    throw new AppError('CONFLICT', `Сообщение с внешним номером «${externalId}» этого канала уже есть.`, [
      { field: 'externalId', message: 'Уже зарегистрировано' },
    ]);
  }
  return { id: created.id, isCreated: created.isCreated };
}

/** A case the caller may read, for the parts of a case served apart from the card (its files); 404 otherwise. */
export async function findReadableCase(
  database: Database,
  context: AuthContext,
  id: string,
): Promise<{ id: string; tenantId: string; number: string }> {
  const row = await repository.findCase(database.pool, scopeOf(context, undefined), id);
  if (!row) throw notFound('Сообщение не найдено или недоступно.');
  return { id: row.id, tenantId: row.tenantId, number: row.number };
}
