import crypto from 'node:crypto';
import type { CaseKind, Channel } from '../../../shared/channels.js';
import type { ApplicantType, CasePriority } from '../../../shared/routing/index.js';
import { findWorkflow, findWorkflowById, findWorkflowState } from '../../../shared/workflow/index.js';
import type { Queryable } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { groupNewCase } from '../clusters/index.js';
import { describeRouting, loadTenantRouter } from '../routing/index.js';
import { planCaseTimers } from '../sla/index.js';
import { classifyNewCase } from '../triage/index.js';
import { insertCaseEvent } from './case-actions.repository.js';
import { findCaseByExternalId, type IncomingCaseRow, insertIncomingCases } from './case-intake.repository.js';
import { intakeBatcherOf, type PendingCaseRow } from './case-intake-batcher.js';
import { takeCaseNumber } from './case-numbers.js';

/**
 * What a channel delivers for a new case: Open311, the public form, the ИМ webhook, ПОС sync, manual entry
 * and the 59-ФЗ journal all hand over this shape (bulk importers route the same way in batches).
 */
export type IncomingCase = {
  tenant: { id: string; timezone: string };
  channel: Channel;
  kind: CaseKind;
  externalId: string;
  text: string;
  category: string | null;
  subcategory?: string | null;
  address: string | null;
  district?: string | null;
  latitude: number | null;
  longitude: number | null;
  applicantName: string | null;
  applicantPhone: string | null;
  applicantEmail: string | null;
  isFastTrack?: boolean;
  receivedAt?: Date;
  /** What the registering person chose; routing rules may change it. */
  priority?: CasePriority;
  applicantType?: ApplicantType | null;
  recipientId?: string | null;
  executorId?: string | null;
  /** Who delivered it: a user (null for an API key or a resident), a role for the timeline, and the audit trail. */
  actor: { userId: string | null; role: string | null; details?: Record<string, unknown> };
  origin: { ipAddress: string | null; requestId: string | null } | null;
  submission?: IncomingCaseRow['submission'];
  /**
   * The answer of an `Idempotency-Key` request, stored (24 hours) by the same statement as the case it
   * created — built from the case's number; nothing is stored when the case was already there.
   */
  idempotency?: {
    scope: string;
    key: string;
    requestHash: string;
    answer: (registered: { id: string; number: string }) => { statusCode: number; contentType: string; body: string };
  };
};

export type IncomingCaseResult = { id: string; number: string; isCreated: boolean };

/**
 * The external id of one sending of a form the page named (`submissionId`: the public form, staff
 * registration): that id and a digest of everything sent, files included. The same sending again — a retry
 * after a lost answer — is the same case by the (channel, external id) key; a sending corrected before the
 * retry is a case of its own, so nothing typed is dropped.
 */
export function sendingExternalId(submissionId: string, content: unknown, files: readonly Buffer[] = []): string {
  const hash = crypto.createHash('sha256').update(JSON.stringify(content));
  for (const file of files) hash.update(crypto.createHash('sha256').update(file).digest());
  return `${submissionId.toLowerCase()}.${hash.digest('base64url')}`;
}

/**
 * The one way a new case is registered, for every channel: routing rules («автоправила», compiled once per
 * tenant and cached) decide category, recipient, executor, priority, tags, fast track and workflow; the
 * classifier fills a category (and recipient) still missing when confident enough (docs/classifier.md); then
 * the case is numbered, put in its workflow's first state with its SLA timers and due time, recorded in
 * its timeline («created», «Автоправила») and the audit — one statement, so a failure leaves nothing —
 * and finally grouped with similar cases (mass problems, repeats): in the caller's transaction when it
 * has one, otherwise after the commit off the request (groupInBackground).
 *
 * Idempotent by (channel, external id): the same pair again writes nothing and answers the existing case
 * (`isCreated` false), even under concurrency (the unique key waits for the other writer). Pass a
 * transaction's client to make it part of a larger unit (idempotency keys, the 59-ФЗ journal, ПОС links);
 * on a PostgreSQL server the number comes from a block reserved outside it (case-numbers.ts). Without one,
 * the write joins the group commit of concurrent registrations (case-intake-batcher.ts: the same rows,
 * many cases per statement and commit) and the call returns once its case is committed.
 */
export async function registerIncomingCase(
  database: Database,
  input: IncomingCase,
  transaction: Queryable = database.pool,
): Promise<IncomingCaseResult> {
  const receivedAt = input.receivedAt ?? new Date();
  const router = await loadTenantRouter(transaction, input.tenant);
  const routing = router.route({
    channel: input.channel,
    kind: input.kind,
    text: input.text,
    category: input.category,
    subcategory: input.subcategory ?? null,
    district: input.district ?? null,
    address: input.address,
    latitude: input.latitude,
    longitude: input.longitude,
    receivedAt: receivedAt.getTime(),
    priority: input.priority ?? 'normal',
    applicantType: input.applicantType ?? 'unknown',
  });
  const routed = routing.outcome;
  const workflow =
    (routed.workflowId ? findWorkflowById(routed.workflowId) : undefined) ?? findWorkflow(input.channel, input.kind);
  const initial = findWorkflowState(workflow, workflow.initialState);
  const explicitRecipientId = routed.recipientId ?? input.recipientId ?? routing.defaultRecipientId ?? null;
  // The classifier comes after the rules: a case still without a category gets the active model's prediction
  // when its confidence reaches the tenant's threshold (and its recipient when nothing named one).
  const classification =
    (routed.category ?? input.category)
      ? null
      : await classifyNewCase(
          transaction,
          input.tenant.id,
          { text: input.text, channel: input.channel, district: input.district ?? null, address: input.address },
          { needsCategory: true, needsRecipient: explicitRecipientId === null },
        );
  const category = routed.category ?? input.category ?? classification?.category?.value ?? null;
  const isFastTrack = routed.isFastTrack ?? input.isFastTrack ?? false;
  const plan = await planCaseTimers(transaction, input.tenant, {
    channel: input.channel,
    kind: input.kind,
    category,
    isFastTrack,
    receivedAt,
  });
  const isOwnTransaction = transaction !== database.pool && database.mode !== 'server';
  const number = await takeCaseNumber(
    database.pool,
    input.tenant.id,
    receivedAt,
    isOwnTransaction ? transaction : undefined,
  );
  const isRouted = routing.fired.length > 0 || routing.defaultRecipientId !== null;
  const id = crypto.randomUUID();
  const answer = input.idempotency?.answer({ id, number });
  const row: PendingCaseRow = {
    id,
    number,
    tenantId: input.tenant.id,
    channel: input.channel,
    kind: input.kind,
    externalId: input.externalId,
    status: initial?.group ?? 'new',
    workflowId: workflow.id,
    state: workflow.initialState,
    text: input.text,
    category,
    subcategory: routed.subcategory ?? input.subcategory ?? classification?.subcategory?.value ?? null,
    address: input.address,
    district: input.district ?? null,
    latitude: input.latitude,
    longitude: input.longitude,
    applicantName: input.applicantName,
    applicantPhone: input.applicantPhone,
    applicantEmail: input.applicantEmail,
    isFastTrack,
    recipientId: explicitRecipientId ?? classification?.recipient?.value ?? null,
    executorId: routed.executorId ?? input.executorId ?? null,
    priority: routed.priority ?? input.priority ?? 'normal',
    tags: routed.tags,
    applicantType: input.applicantType ?? null,
    receivedAt,
    dueAt: plan.dueAt,
    timers: plan.timers,
    event: {
      actorId: input.actor.userId,
      actorRole: input.actor.role,
      payload: { channel: input.channel, kind: input.kind },
      events: ['case.created'],
    },
    routing: isRouted ? describeRouting(routing) : null,
    // The «Классификатор» timeline entry and audit record: what was applied, by which model, at what threshold.
    classification: classification ? { by: 'classifier', ...classification } : null,
    audit: {
      actorUserId: input.actor.userId,
      details: input.actor.details ?? {},
      ipAddress: input.origin?.ipAddress ?? null,
      requestId: input.origin?.requestId ?? null,
    },
    submission: input.submission ?? null,
    idempotency:
      input.idempotency && answer
        ? {
            scope: input.idempotency.scope,
            key: input.idempotency.key,
            requestHash: input.idempotency.requestHash,
            statusCode: answer.statusCode,
            contentType: answer.contentType,
            responseBody: answer.body,
          }
        : null,
  };
  // Without a transaction of the caller the case joins the group commit of concurrent registrations (one
  // statement and one commit per batch, case-intake-batcher.ts); it is answered once its batch committed.
  const inserted =
    transaction === database.pool
      ? await intakeBatcherOf(database.pool, database.mode === 'server').write(row)
      : (await insertIncomingCases(transaction, [row], database.mode === 'server'))[0];
  if (!inserted) {
    const existing = await findCaseByExternalId(transaction, input.tenant.id, input.channel, input.externalId);
    if (!existing) throw new Error('registerIncomingCase: neither inserted nor found');
    return { ...existing, isCreated: false };
  }
  if (transaction === database.pool) {
    // The group-committed hot path (Open311, the ИМ webhook): the case is committed; grouping follows off the
    // request, one case at a time per tenant in this process (docs/clusters.md).
    groupInBackground(database, input.tenant, inserted.id);
  } else {
    await groupAndRecord(transaction, input.tenant, inserted.id);
  }
  return { ...inserted, isCreated: true };
}

/** Groups a new case with similar ones (mass problems, repeats) and records it in the timeline. */
async function groupAndRecord(database: Queryable, tenant: { id: string; timezone: string }, caseId: string) {
  const clustering = await groupNewCase(database, tenant, caseId);
  if (clustering.grouping || clustering.repeats > 0) {
    await insertCaseEvent(database, {
      tenantId: tenant.id,
      caseId,
      action: 'clustered',
      actorId: null,
      actorRole: null,
      fromState: null,
      toState: null,
      payload: { ...(clustering.grouping ?? {}), repeatOf: clustering.repeats },
      events: clustering.grouping ? ['case.clustered'] : ['case.repeat_detected'],
    });
  }
}

/** Cases waiting for background grouping, per tenant; beyond the cap a case is left to `clusters recompute`. */
const GROUPING_BACKLOG_MAX = 2_000;
const groupingBacklog = new Map<string, { tail: Promise<void>; size: number }>();

/**
 * Grouping of a case registered outside a transaction, after its commit and off the request: one case at
 * a time per tenant (no two groupings of the same tenant race for the same cluster in this process). A
 * failure or a full backlog only leaves the case ungrouped — `otklik clusters recompute` groups it later.
 */
function groupInBackground(database: Database, tenant: { id: string; timezone: string }, caseId: string): void {
  const backlog = groupingBacklog.get(tenant.id) ?? { tail: Promise.resolve(), size: 0 };
  if (backlog.size >= GROUPING_BACKLOG_MAX) return;
  backlog.size += 1;
  backlog.tail = backlog.tail
    .then(() => groupAndRecord(database.pool, tenant, caseId))
    .catch((error: unknown) => {
      process.emitWarning(
        `Группировка сообщения ${caseId} не выполнена: ${error instanceof Error ? error.message : String(error)}`,
        'OtklikGroupingWarning',
      );
    })
    .finally(() => {
      backlog.size -= 1;
      if (backlog.size === 0 && groupingBacklog.get(tenant.id) === backlog) groupingBacklog.delete(tenant.id);
    });
  groupingBacklog.set(tenant.id, backlog);
}

/** Waits until the background grouping of every tenant is done (tests, orderly shutdown). */
export async function settleBackgroundGrouping(): Promise<void> {
  while (groupingBacklog.size > 0) await Promise.all([...groupingBacklog.values()].map((backlog) => backlog.tail));
}
