import type { CaseKind, Channel } from '../../../shared/channels.js';
import type { Queryable } from '../../platform/audit.js';

// SQL of the demo seed: reading back the generated cases and backdating their history.

export type DemoCaseRow = {
  id: string;
  channel: Channel;
  kind: CaseKind;
  category: string | null;
  isFastTrack: boolean;
  receivedAt: Date;
  status: string;
  closedAt: Date | null;
};

export async function listDemoCases(database: Queryable, tenantId: string): Promise<DemoCaseRow[]> {
  const result = await database.query<DemoCaseRow>(
    `select id, channel, kind, category, is_fast_track as "isFastTrack", received_at as "receivedAt", status,
            closed_at as "closedAt"
       from cases where tenant_id = $1`,
    [tenantId],
  );
  return result.rows;
}

/** Timers of finished cases stopped when the generated history closed them. */
export async function stopTimersAt(
  database: Queryable,
  tenantId: string,
  stops: Array<{ caseId: string; at: Date }>,
): Promise<void> {
  await database.query(
    `update case_timers t set stopped_at = greatest(t.started_at, x.closed_at)
       from unnest($2::uuid[], $3::timestamptz[]) as x(case_id, closed_at)
      where t.tenant_id = $1 and t.case_id = x.case_id`,
    [tenantId, stops.map((stop) => stop.caseId), stops.map((stop) => stop.at)],
  );
}

/** Taken cases had their first reaction, acceptance and registration done within the first hour. */
export async function stopEarlyTimersOfTakenCases(database: Queryable, tenantId: string): Promise<void> {
  await database.query(
    `update case_timers t set stopped_at = least(t.due_at, t.started_at + interval '1 hour')
       from cases c
      where t.tenant_id = $1 and c.tenant_id = $1 and c.id = t.case_id and t.stopped_at is null
        and c.status in ('in_work', 'answer_review') and t.kind in ('first_reaction', 'acceptance', 'registration', 'unreadable_notice')`,
    [tenantId],
  );
}

export async function setWorkflowStates(
  database: Queryable,
  tenantId: string,
  placed: Array<{ id: string; workflowId: string; state: string }>,
): Promise<void> {
  await database.query(
    `update cases c set workflow_id = x.workflow_id, state = x.state
       from unnest($2::uuid[], $3::text[], $4::text[]) as x(id, workflow_id, state)
      where c.tenant_id = $1 and c.id = x.id`,
    [tenantId, placed.map((item) => item.id), placed.map((item) => item.workflowId), placed.map((item) => item.state)],
  );
}
