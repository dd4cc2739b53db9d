import crypto from 'node:crypto';
import type { CaseKind, Channel } from '../../../shared/channels.js';
import { findWorkflow, findWorkflowState } from '../../../shared/workflow/index.js';
import type { Queryable } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { planCaseTimers } from '../sla/index.js';
import { findCaseByExternalId, type IncomingCaseRow, insertIncomingCase } from './case-intake.repository.js';
import { takeCaseNumber } from './case-numbers.js';

/** What an intake channel (Open311, the public form, a webhook) delivers for a new case. */
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
  /** Who delivered it: a user (null for an API key or a resident), a role for the timeline, and the audit trail. */
  actor: { userId: string | null; role: string; details: Record<string, unknown> };
  origin: { ipAddress: string | null; requestId: string | null };
  submission?: IncomingCaseRow['submission'];
};

export type IncomingCaseResult = { id: string; number: string; isCreated: boolean };

/**
 * Registers a case from an intake channel: numbered, in its workflow's first state, its SLA timers
 * started and its due time set, recorded in its timeline and the audit — one statement, so a failure
 * leaves nothing. The same (channel, external id) again answers the existing case (`isCreated` false).
 * Pass a transaction's client to make it part of a larger unit (idempotency keys); the number comes
 * from a block reserved outside it (case-numbers.ts).
 */
export async function registerIncomingCase(
  database: Database,
  input: IncomingCase,
  transaction: Queryable = database.pool,
): Promise<IncomingCaseResult> {
  const workflow = findWorkflow(input.channel, input.kind);
  const initial = findWorkflowState(workflow, workflow.initialState);
  const receivedAt = input.receivedAt ?? new Date();
  const isFastTrack = input.isFastTrack ?? false;
  const plan = await planCaseTimers(transaction, input.tenant, {
    channel: input.channel,
    kind: input.kind,
    category: input.category,
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
  const inserted = await insertIncomingCase(
    transaction,
    {
      id: crypto.randomUUID(),
      number,
      tenantId: input.tenant.id,
      channel: input.channel,
      kind: input.kind,
      externalId: input.externalId,
      status: initial?.group ?? 'new',
      workflowId: workflow.id,
      state: workflow.initialState,
      text: input.text,
      category: input.category,
      subcategory: input.subcategory ?? null,
      address: input.address,
      district: input.district ?? null,
      latitude: input.latitude,
      longitude: input.longitude,
      applicantName: input.applicantName,
      applicantPhone: input.applicantPhone,
      applicantEmail: input.applicantEmail,
      isFastTrack,
      receivedAt,
      dueAt: plan.dueAt,
      timers: plan.timers,
      event: {
        actorId: input.actor.userId,
        actorRole: input.actor.role,
        payload: { channel: input.channel, kind: input.kind },
        events: ['case.created'],
      },
      audit: {
        actorUserId: input.actor.userId,
        details: input.actor.details,
        ipAddress: input.origin.ipAddress,
        requestId: input.origin.requestId,
      },
      submission: input.submission ?? null,
    },
    database.mode === 'server',
  );
  if (inserted) return { ...inserted, isCreated: true };
  const existing = await findCaseByExternalId(transaction, input.tenant.id, input.channel, input.externalId);
  if (!existing) throw new Error('registerIncomingCase: neither inserted nor found');
  return { ...existing, isCreated: false };
}
