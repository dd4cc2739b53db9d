import { detectOtpiska } from '../../../shared/analytics/otpiska.js';
import { computeElapsedWorkingMinutes, findBuiltInSchedule, MCU_SCHEDULE } from '../../../shared/working-time/index.js';
import type { Queryable } from '../../platform/audit.js';
import { listTenants } from '../organization/index.js';
import { loadTimeContext, type TenantTimeContext } from '../sla/index.js';
import * as repository from './analytics.repository.js';

/**
 * Keeps `analytics_case_measures` up to date incrementally: the cases whose `updated_at` passed the
 * watermark (with a 5-minute overlap for transactions that committed late) and whose measures are
 * missing or older than the change are measured again — nothing is recomputed from scratch. Called by a
 * job every minute and before every analytics read (cheap when nothing changed: an index range scan).
 */
const OVERLAP_MS = 5 * 60_000;
const BATCH = 2000;

const ANSWER_TIMER_KINDS = ['answer', 'resolution'];
const REACTION_TIMER_KINDS = ['first_reaction', 'acceptance', 'registration'];
const ANSWERED_STATUSES = ['answered', 'closed'];

export async function refreshCaseMeasures(database: Queryable): Promise<{ measured: number }> {
  const watermark = await repository.readWatermark(database);
  const since = new Date(Math.max(0, watermark.getTime() - OVERLAP_MS));
  const tenants = new Map((await listTenants(database)).map((tenant) => [tenant.id, tenant]));
  const contexts = new Map<string, TenantTimeContext>();
  let after: { updatedAt: Date; tenantId: string; id: string } | null = null;
  let measured = 0;
  let newest = watermark;
  for (;;) {
    const rows = await repository.listCasesToMeasure(database, since, after, BATCH);
    if (rows.length === 0) break;
    const byTenant = new Map<string, repository.MeasureSourceRow[]>();
    for (const row of rows) byTenant.set(row.tenantId, [...(byTenant.get(row.tenantId) ?? []), row]);
    const measures: repository.MeasureRow[] = [];
    for (const [tenantId, tenantRows] of byTenant) {
      let context = contexts.get(tenantId);
      if (!context) {
        const tenant = tenants.get(tenantId);
        context = await loadTimeContext(database, { id: tenantId, timezone: tenant?.timezone ?? 'Europe/Moscow' });
        contexts.set(tenantId, context);
      }
      const ids = tenantRows.map((row) => row.id);
      const [timers, events] = await Promise.all([
        repository.listTimerFacts(database, tenantId, ids),
        repository.listEventFacts(database, tenantId, ids),
      ]);
      const timersOf = new Map<string, repository.TimerFactRow[]>();
      for (const timer of timers) timersOf.set(timer.caseId, [...(timersOf.get(timer.caseId) ?? []), timer]);
      const eventsOf = new Map(events.map((event) => [event.caseId, event]));
      for (const row of tenantRows) {
        measures.push(measureCase(row, timersOf.get(row.id) ?? [], eventsOf.get(row.id), context));
      }
    }
    await repository.upsertMeasures(database, measures);
    measured += measures.length;
    const last = rows.at(-1);
    if (!last) break;
    after = { updatedAt: last.updatedAt, tenantId: last.tenantId, id: last.id };
    if (last.updatedAt > newest) newest = last.updatedAt;
    if (rows.length < BATCH) break;
  }
  if (newest > watermark) await repository.writeWatermark(database, newest);
  return { measured };
}

function workingMinutes(context: TenantTimeContext, scheduleId: string, from: Date, to: Date, paused: number): number {
  const schedule = context.findSchedule(scheduleId) ?? findBuiltInSchedule(scheduleId) ?? MCU_SCHEDULE;
  if (to.getTime() <= from.getTime()) return 0;
  const elapsed = computeElapsedWorkingMinutes(schedule, context.calendar, from, to, context.timeZone);
  return Math.max(0, Math.round(elapsed - paused));
}

/** The measures of one case (definitions in docs/analytics.md «Меры сообщения»). */
export function measureCase(
  row: repository.MeasureSourceRow,
  timers: repository.TimerFactRow[],
  events: { returns: number; publishedAt: Date | null } | undefined,
  context: TenantTimeContext,
): repository.MeasureRow {
  const answerTimer = ANSWER_TIMER_KINDS.map((kind) => timers.find((timer) => timer.kind === kind)).find(Boolean);
  const isAnswered = ANSWERED_STATUSES.includes(row.status);
  let answeredAt: Date | null = null;
  if (isAnswered) {
    answeredAt = answerTimer?.stoppedAt ?? events?.publishedAt ?? row.closedAt ?? null;
  }
  const answerDueAt = answerTimer?.dueAt ?? row.dueAt;
  const answerMinutes =
    answeredAt === null
      ? null
      : answerTimer
        ? workingMinutes(context, answerTimer.scheduleId, answerTimer.startedAt, answeredAt, answerTimer.pausedMinutes)
        : workingMinutes(context, 'mcu', row.receivedAt, answeredAt, 0);
  const reactions = timers
    .filter((timer) => REACTION_TIMER_KINDS.includes(timer.kind) && timer.stoppedAt !== null)
    .sort((left, right) => (left.stoppedAt?.getTime() ?? 0) - (right.stoppedAt?.getTime() ?? 0));
  const reaction = reactions[0];
  const firstReactionMinutes = reaction?.stoppedAt
    ? workingMinutes(context, reaction.scheduleId, reaction.startedAt, reaction.stoppedAt, reaction.pausedMinutes)
    : null;
  const draft = row.draftAnswer;
  const answerText = typeof draft?.text === 'string' ? draft.text : null;
  const attachments = Array.isArray(draft?.attachmentIds) ? draft.attachmentIds.length : 0;
  const verdict = answeredAt !== null && answerText !== null ? detectOtpiska(answerText, attachments) : null;
  return {
    tenantId: row.tenantId,
    caseId: row.id,
    caseVersion: row.version,
    receivedAt: row.receivedAt,
    channel: row.channel,
    category: row.category,
    district: row.district,
    recipientId: row.recipientId,
    status: row.status,
    isFastTrack: row.isFastTrack,
    result: row.result,
    rating: row.rating,
    reopenCount: row.reopenCount,
    answeredAt,
    answerDueAt,
    firstReactionMinutes,
    answerMinutes,
    returnCount: events?.returns ?? 0,
    isOtpiskaDetected: verdict ? verdict.isOtpiska : null,
    otpiskaReasons: verdict?.reasons ?? [],
  };
}
