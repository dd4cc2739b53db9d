import type pg from 'pg';
import type { CaseKind, CaseStatus, Channel } from '../../../shared/channels.js';
import { RETURN_EVENTS, TAKE_EVENTS } from '../../../shared/inbox/inbox-queues.js';
import { hasPermission } from '../../../shared/permissions.js';
import {
  type ActionName,
  type ActionSuccess,
  applyAction,
  type CaseResult,
  type CaseSnapshot,
  findWorkflow,
  findWorkflowById,
  findWorkflowState,
  listAllowedActions,
  type Workflow,
  type WorkflowActor,
} from '../../../shared/workflow/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { notifyPeople } from '../notifications/index.js';
import {
  describeCaseTimers,
  extendCaseTimer,
  listDueSatisfactionWindows,
  setCaseTimerPaused,
  startCaseTimer,
  stopCaseTimer,
  syncTimersWithStatus,
} from '../sla/index.js';
import { attachCoveringLetter, checkAttachmentReferences } from './attachment-storage.service.js';
import type { LifecycleRow } from './case-actions.repository.js';
import * as repository from './case-actions.repository.js';

export type RequestOrigin = { ipAddress: string; requestId: string };

/** The workflow of a case and its state; a case written before workflows existed takes the first state of its group. */
export function resolveWorkflowState(row: Pick<LifecycleRow, 'workflowId' | 'state' | 'channel' | 'kind' | 'status'>): {
  workflow: Workflow;
  state: string;
} {
  const workflow =
    (row.workflowId && findWorkflowById(row.workflowId)) || findWorkflow(row.channel as Channel, row.kind as CaseKind);
  if (row.state && findWorkflowState(workflow, row.state)) return { workflow, state: row.state };
  const byGroup = workflow.states.find((state) => state.group === (row.status as CaseStatus));
  return { workflow, state: byGroup?.code ?? workflow.initialState };
}

/** Who performs an action: a signed-in person, or the system (a job such as the satisfaction timeout). */
export type ActingParty = { userId: string | null; fullName: string; logRole: string | null; actor: WorkflowActor };

export function partyOf(context: AuthContext, action?: string): ActingParty {
  return {
    userId: context.userId,
    fullName: context.fullName,
    logRole: context.roles[0] ?? null,
    actor: actorOf(context, action),
  };
}

export const SYSTEM_PARTY: ActingParty = {
  userId: null,
  fullName: 'Отклик',
  logRole: 'system',
  actor: { roles: ['system'], userId: null },
};

/** Actions that are the resident's own words or rating, relayed by a channel connector or an operator. */
const RESIDENT_ACTIONS: readonly string[] = ['resident-comment', 'resident-rating'];

function actorOf(context: AuthContext, action?: string): WorkflowActor {
  if (action && RESIDENT_ACTIONS.includes(action) && hasPermission(context.roles, 'cases.relay_resident')) {
    // The operator enters what the resident wrote (from the channel): the workflow sees the resident.
    return { roles: ['resident'], userId: context.userId };
  }
  return {
    roles: context.roles,
    userId: context.userId,
    actingForUserIds: context.actingForUserIds,
    recipientIds: context.recipientIds,
  };
}

async function buildSnapshot(
  client: pg.PoolClient,
  row: LifecycleRow,
  state: string,
  now: number,
): Promise<CaseSnapshot> {
  const timers = await describeCaseTimers(client, [{ id: row.tenantId, timezone: row.timezone }], [row.id], now);
  const satisfaction = (timers.get(row.id) ?? []).find(
    (timer) => timer.kind === 'satisfaction' && timer.state !== 'stopped',
  );
  const lifecycle = row.lifecycle;
  return {
    state,
    channel: row.channel as Channel,
    kind: row.kind as CaseKind,
    executorId: row.executorId,
    recipientId: row.recipientId,
    category: row.category,
    hasDraftAnswer: Boolean(lifecycle.draftAnswer),
    result: (row.result as CaseResult | null) ?? null,
    rating: row.rating,
    isExtensionRequested: lifecycle.isExtensionRequested === true,
    isExtensionUsed: lifecycle.isExtensionUsed === true,
    hasPendingPromise: typeof lifecycle.promisedAt === 'string' && !lifecycle.promiseReport,
    satisfactionDueAt: satisfaction ? Date.parse(satisfaction.dueAt) : null,
    reopenCount: row.reopenCount,
    evaluatedAt: now,
  };
}

/** The actions the caller may take on a case now (for the case card's buttons). */
export async function listCaseActions(database: Database, context: AuthContext, caseId: string, tenantIds: string[]) {
  return withTransaction(database.pool, async (client) => {
    const row = await repository.lockCase(client, tenantIds, caseId);
    if (!row) return [];
    const { workflow, state } = resolveWorkflowState(row);
    return listAllowedActions(workflow, await buildSnapshot(client, row, state, Date.now()), actorOf(context));
  });
}

function failureToError(outcome: Exclude<ReturnType<typeof applyAction>, ActionSuccess>): AppError {
  switch (outcome.code) {
    case 'UNKNOWN_ACTION':
      return new AppError('ACTION_NOT_AVAILABLE', outcome.message);
    case 'ACTION_NOT_ALLOWED_IN_STATE':
      return new AppError('ACTION_NOT_ALLOWED_IN_STATE', outcome.message);
    case 'ROLE_NOT_ALLOWED':
      return new AppError('ACTION_FORBIDDEN', outcome.message);
    case 'GUARD_FAILED':
      return new AppError(
        'GUARD_FAILED',
        outcome.message,
        undefined,
        undefined,
        outcome.guard ? { guard: outcome.guard } : undefined,
      );
    case 'INVALID_INPUT':
      return new AppError('VALIDATION_FAILED', outcome.message, outcome.fields ? [...outcome.fields] : undefined);
    default:
      return new AppError('VALIDATION_FAILED', 'Действие не выполнено.');
  }
}

/** What an observer of committed-with-the-action steps sees (e.g. the ПОС outbox). */
export type CaseActionRecord = {
  tenantId: string;
  caseId: string;
  number: string;
  channel: string;
  kind: string;
  externalId: string;
  action: ActionName;
  fromState: string;
  toState: string;
  input: Record<string, unknown>;
  lifecycle: Record<string, unknown>;
  recipientIdBefore: string | null;
  party: ActingParty;
};

/** Called inside the action's transaction, after the case is written: its writes commit or roll back with it. */
export type CaseActionObserver = (client: pg.PoolClient, record: CaseActionRecord) => Promise<void>;
const caseActionObservers = new Set<CaseActionObserver>();

/** Lets another module add writes to every action's transaction (an outbox); adding the same one twice is a no-op. */
export function observeCaseActions(observer: CaseActionObserver): void {
  caseActionObservers.add(observer);
}

/**
 * One action on a case, in one transaction: the row is locked, the version checked (409 with what
 * changed), the workflow decides, then the case, its timeline, its timers, the audit row and the
 * notifications are written together — or nothing is. With `options.transaction` the action joins the
 * caller's transaction (a registration that numbers the appeal in the same commit).
 */
export async function performCaseAction(
  database: Database,
  party: ActingParty,
  scope: { tenantIds: string[] },
  caseId: string,
  action: ActionName,
  body: Record<string, unknown>,
  origin: RequestOrigin | null,
  options: { transaction?: pg.PoolClient } = {},
): Promise<void> {
  const { version: expectedVersion, ...input } = body;
  const run = (work: (client: pg.PoolClient) => Promise<void>) =>
    options.transaction ? work(options.transaction) : withTransaction(database.pool, work);
  await run(async (client) => {
    const row = await repository.lockCase(client, scope.tenantIds, caseId);
    if (!row) throw notFound('Сообщение не найдено или недоступно.');
    if (expectedVersion !== undefined && expectedVersion !== row.version) {
      const history = await repository.listCaseEvents(client, row.tenantId, row.id);
      const since = history.slice(-Math.max(0, Math.min(20, row.version - Number(expectedVersion))));
      throw new AppError(
        'VERSION_CONFLICT',
        'Сообщение уже изменили, пока вы с ним работали. Обновите карточку и повторите действие.',
        undefined,
        undefined,
        {
          currentVersion: row.version,
          changes: since.map((event) => ({
            action: event.action,
            actorName: event.actorName,
            toState: event.toState,
            at: event.createdAt,
          })),
        },
      );
    }
    const { workflow, state } = resolveWorkflowState(row);
    const now = Date.now();
    const outcome = applyAction(workflow, await buildSnapshot(client, row, state, now), party.actor, action, input);
    if (!outcome.ok) throw failureToError(outcome);
    await checkReferences(client, row.tenantId, outcome);
    await checkAttachmentReferences(client, row.tenantId, row.id, outcome.input.attachmentIds);
    // Out of the tenant: the covering letter is generated and attached in this same transaction.
    const coveringLetter = outcome.events.includes('case.forwarded_externally')
      ? await attachCoveringLetter(client, {
          tenantId: row.tenantId,
          caseId: row.id,
          addressee: outcome.input.externalOrganisation ?? '',
          letterText: outcome.input.coveringLetter ?? '',
          signerId: party.userId,
          signerName: party.fullName,
          at: new Date(now),
          ipAddress: origin?.ipAddress ?? null,
          requestId: origin?.requestId ?? null,
        })
      : null;
    const letterFacts = coveringLetter
      ? { coveringLetterAttachmentId: coveringLetter.id, coveringLetterFileName: coveringLetter.fileName }
      : {};
    const changes = outcome.changes;
    const { executorId, recipientId, category, subcategory, result, rating, reopenCount, ...rest } = changes;
    let nextRecipientId = recipientId === undefined ? row.recipientId : recipientId;
    if (executorId && recipientId === undefined && !row.recipientId)
      nextRecipientId = await repository.findRecipientOf(client, executorId);
    await repository.writeTransition(client, row, {
      workflowId: workflow.id,
      state: outcome.nextState,
      status: outcome.group,
      isFinal: outcome.isFinal,
      executorId: executorId === undefined ? row.executorId : executorId,
      recipientId: nextRecipientId,
      category: category ?? row.category,
      subcategory,
      result: result === undefined ? row.result : result,
      rating: rating === undefined ? row.rating : rating,
      reopenCount: reopenCount ?? row.reopenCount,
      lifecycle: { ...row.lifecycle, ...rest, ...letterFacts },
      ...inboxMarksOf(outcome, party),
    });
    await repository.insertCaseEvent(client, {
      tenantId: row.tenantId,
      caseId: row.id,
      action,
      actorId: party.userId,
      actorRole: party.logRole,
      fromState: outcome.fromState,
      toState: outcome.nextState,
      payload: {
        ...outcome.input,
        ...letterFacts,
        ...(outcome.isActingAsSubstitute ? { isActingAsSubstitute: true } : {}),
      },
      events: [...outcome.events],
    });
    await applyTimerEffects(client, row, outcome, new Date(now));
    await syncTimersWithStatus(
      client,
      { id: row.tenantId, timezone: row.timezone },
      row.id,
      outcome.group,
      new Date(now),
      row.status as CaseStatus,
    );
    await recordAudit(client, {
      tenantId: row.tenantId,
      actorUserId: party.userId,
      action: `case.${action}`,
      objectType: 'case',
      objectId: row.id,
      before: { state: outcome.fromState, version: row.version },
      after: { state: outcome.nextState, changes },
      details: { events: outcome.events, isActingAsSubstitute: outcome.isActingAsSubstitute },
      ipAddress: origin?.ipAddress ?? null,
      requestId: origin?.requestId ?? null,
    });
    await notifyAboutEvents(database, client, row, outcome, party);
    for (const observer of caseActionObservers) {
      await observer(client, {
        tenantId: row.tenantId,
        caseId: row.id,
        number: row.number,
        channel: row.channel,
        kind: row.kind,
        externalId: row.externalId,
        action,
        fromState: outcome.fromState,
        toState: outcome.nextState,
        input: outcome.input as Record<string, unknown>,
        lifecycle: { ...row.lifecycle, ...rest },
        recipientIdBefore: row.recipientId,
        party,
      });
    }
  });
}

/** What the inbox queues read from a transition: who took the case in, and whether it came back to work. */
function inboxMarksOf(
  outcome: ActionSuccess,
  party: ActingParty,
): { takenById: string | undefined; returnedMark: 'set' | 'clear' | 'keep' } {
  const isTaken = outcome.events.some((event) => TAKE_EVENTS.includes(event));
  const isStateChanged = outcome.fromState !== outcome.nextState;
  const isReturned = outcome.events.some((event) => RETURN_EVENTS.includes(event));
  return {
    takenById: isTaken && party.userId ? party.userId : undefined,
    returnedMark: !isStateChanged ? 'keep' : isReturned ? 'set' : 'clear',
  };
}

async function checkReferences(client: pg.PoolClient, tenantId: string, outcome: ActionSuccess): Promise<void> {
  const { executorId, recipientId } = outcome.changes;
  if (executorId && !(await repository.isActivePersonOfTenant(client, tenantId, executorId))) {
    throw new AppError('VALIDATION_FAILED', 'Исполнитель не найден среди сотрудников муниципалитета.', [
      { field: 'executorId', message: 'Нет такого сотрудника' },
    ]);
  }
  if (recipientId && !(await repository.isRecipientOfTenant(client, tenantId, recipientId))) {
    throw new AppError('VALIDATION_FAILED', 'Ответственный получатель не найден в муниципалитете.', [
      { field: 'recipientId', message: 'Нет такого получателя' },
    ]);
  }
}

async function applyTimerEffects(
  client: pg.PoolClient,
  row: LifecycleRow,
  outcome: ActionSuccess,
  at: Date,
): Promise<void> {
  const tenant = { id: row.tenantId, timezone: row.timezone };
  const facts = {
    id: row.id,
    channel: row.channel as Channel,
    kind: row.kind as CaseKind,
    category: outcome.changes.category ?? row.category,
    isFastTrack: row.isFastTrack,
    receivedAt: new Date(row.receivedAt),
  };
  for (const effect of outcome.timerEffects) {
    switch (effect.operation) {
      case 'start': {
        const promised =
          effect.timer === 'promise' && outcome.input.promisedAt ? new Date(outcome.input.promisedAt) : undefined;
        await startCaseTimer(client, tenant, facts, effect.timer, { at, ...(promised ? { dueAt: promised } : {}) });
        break;
      }
      case 'stop':
        await stopCaseTimer(client, row.tenantId, row.id, effect.timer as never, at);
        break;
      case 'pause':
        await setCaseTimerPaused(client, tenant, row.id, effect.timer, true, at);
        break;
      case 'resume':
        await setCaseTimerPaused(client, tenant, row.id, effect.timer, false, at);
        break;
      case 'extend':
        await extendCaseTimer(client, tenant, row.id, effect.timer as never).catch((error: unknown) => {
          if (!(error instanceof AppError)) throw error; // no extension rule or already extended: the workflow guards it
        });
        break;
    }
  }
}

/** Events that must reach people at once: an urgent request to the executor, @mentions in a comment. */
async function notifyAboutEvents(
  database: Database,
  client: pg.PoolClient,
  row: LifecycleRow,
  outcome: ActionSuccess,
  context: ActingParty,
): Promise<void> {
  const executorId = outcome.changes.executorId ?? row.executorId;
  if (outcome.events.includes('case.urgent_requested') && executorId) {
    await notifyPeople(
      database,
      {
        tenantId: row.tenantId,
        userIds: [executorId],
        kind: 'case.urgent',
        title: `Срочно: сообщение № ${row.number}`,
        body: `${context.fullName} просит срочно заняться сообщением.${outcome.input.reason ? ` ${outcome.input.reason}` : ''}`,
        caseId: row.id,
        urgency: 'urgent',
      },
      { transaction: client },
    );
  }
  const mentions = (outcome.input.mentions ?? []).filter((id) => id !== context.userId);
  if (outcome.events.includes('case.commented') && mentions.length > 0) {
    await notifyPeople(
      database,
      {
        tenantId: row.tenantId,
        userIds: mentions,
        kind: 'case.mention',
        title: `Вас упомянули в сообщении № ${row.number}`,
        body: `${context.fullName}: ${(outcome.input.text ?? '').slice(0, 300)}`,
        caseId: row.id,
      },
      { transaction: client },
    );
  }
}

/**
 * The resident's window ran out with no reaction: the system closes each such case by its workflow's
 * `satisfaction-timeout` action (one transaction per case; a case someone else just moved is skipped).
 */
export async function closeExpiredSatisfactionWindows(database: Database, now = new Date()): Promise<number> {
  const due = await listDueSatisfactionWindows(database.pool, now, 200);
  let closed = 0;
  for (const row of due) {
    try {
      await performCaseAction(
        database,
        SYSTEM_PARTY,
        { tenantIds: [row.tenantId] },
        row.caseId,
        'satisfaction-timeout',
        {},
        null,
      );
      closed += 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error; // not in that state any more: nothing to do
    }
  }
  return closed;
}
