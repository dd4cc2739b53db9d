import type { CaseStatus } from '../../../shared/channels.js';

/**
 * Open311 statuses of a case. The specification has two (`open`, `closed`); the detailed status follows
 * the extension FixMyStreet and Chicago use (`extended_attributes.detailed_status`, and the `status` of
 * `servicerequestupdates`), with upper-case values.
 */
export const DETAILED_STATUSES = [
  'OPEN',
  'IN_PROGRESS',
  'ACTION_SCHEDULED',
  'INVESTIGATING',
  'FIXED',
  'NO_FURTHER_ACTION',
  'CLOSED',
  'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY',
  'INTERNAL_REFERRAL',
] as const;
export type DetailedStatus = (typeof DETAILED_STATUSES)[number];

export const DETAILED_STATUS_TITLES: Record<DetailedStatus, string> = {
  OPEN: 'Принято, ждёт рассмотрения',
  IN_PROGRESS: 'В работе',
  ACTION_SCHEDULED: 'Работы запланированы',
  INVESTIGATING: 'Нужны уточнения от заявителя',
  FIXED: 'Решено',
  NO_FURTHER_ACTION: 'Дан ответ (разъяснено)',
  CLOSED: 'Завершено',
  DUPLICATE: 'Отклонено: повтор уже поданного сообщения',
  NOT_COUNCILS_RESPONSIBILITY: 'Отклонено: вне компетенции муниципалитета',
  INTERNAL_REFERRAL: 'Передано в другую организацию',
};

export type StatusFacts = {
  status: CaseStatus;
  state: string | null;
  result: string | null;
  lifecycle: Record<string, unknown>;
};

export function openOrClosed(status: CaseStatus): 'open' | 'closed' {
  return status === 'closed' || status === 'rejected' ? 'closed' : 'open';
}

export function detailedStatusOf(facts: StatusFacts, now = Date.now()): DetailedStatus {
  const { status, state, result, lifecycle } = facts;
  if (state === 'forwarded') return 'INTERNAL_REFERRAL';
  if (status === 'rejected') {
    if (lifecycle.rejectionReason === 'duplicate') return 'DUPLICATE';
    if (lifecycle.rejectionReason === 'not_competence') return 'NOT_COUNCILS_RESPONSIBILITY';
    return 'CLOSED';
  }
  if (status === 'answered' || status === 'closed') {
    if (result === 'resolved') return 'FIXED';
    if (result === 'explained' || result === 'not_supported') return 'NO_FURTHER_ACTION';
    return 'CLOSED';
  }
  if (state === 'awaiting_info') return 'INVESTIGATING';
  if (status === 'new' || status === 'moderation') return 'OPEN';
  const promisedAt = typeof lifecycle.promisedAt === 'string' ? Date.parse(lifecycle.promisedAt) : Number.NaN;
  if (Number.isFinite(promisedAt) && promisedAt > now) return 'ACTION_SCHEDULED';
  return 'IN_PROGRESS';
}
