import type { NotificationChannel } from '../../../shared/contracts/notifications.contract.js';
import type { Database } from '../../platform/db/database.js';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  type DeliveryResult,
  listAttachmentStates,
  loadAttachmentContents,
  recordDeliveryResult,
} from './notification-delivery.repository.js';
import {
  type DeliverySenders,
  describeUnknownError,
  type OutgoingAttachment,
  type SendOutcome,
} from './notification-sender.js';

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final. */
export const RETRY_DELAYS_MINUTES = [1, 5, 15, 60] as const;
export const MAX_DELIVERY_ATTEMPTS = RETRY_DELAYS_MINUTES.length + 1;
/** How long a taken delivery is left to its worker (longer than the SMTP and Telegram timeouts together). */
export const DELIVERY_LEASE_MS = 5 * 60_000;
const BATCH_SIZE = 20;
/** One run sends at most this many batches, then leaves the rest to the next run (every minute). */
const MAX_BATCHES_PER_RUN = 25;
/** The files of one e-mail together: beyond this a mail server would likely refuse it, so it is not sent. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export type DeliveryRunSummary = { sent: number; retried: number; failed: number; skipped: number; lost: number };

/** What the worker logs with: pino's logger, or a test's recorder. */
export type AttemptLogger = {
  info(facts: object, message: string): void;
  warn(facts: object, message: string): void;
  error(facts: object, message: string): void;
};

export type DeliverOptions = {
  logger: AttemptLogger;
  /** The clock (tests move it forward to reach a retry); the database's rows are compared with it. */
  now?: () => Date;
  batchSize?: number;
};

/** The wait before attempt `attempts + 1`, or undefined when `attempts` failed attempts are the last allowed. */
export function retryDelayMs(attempts: number): number | undefined {
  const minutes = RETRY_DELAYS_MINUTES[attempts - 1];
  return minutes === undefined ? undefined : minutes * 60_000;
}

/**
 * Sends every due pending delivery: takes a batch (SKIP LOCKED + a lease, see claimDueDeliveries), sends each,
 * records the result in its row and logs the attempt. Safe to run in several processes at once.
 */
export async function deliverDueNotifications(
  database: Database,
  senders: DeliverySenders,
  options: DeliverOptions,
): Promise<DeliveryRunSummary> {
  const clock = options.now ?? (() => new Date());
  const summary: DeliveryRunSummary = { sent: 0, retried: 0, failed: 0, skipped: 0, lost: 0 };
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch += 1) {
    const now = clock();
    const claimed = await claimDueDeliveries(database.pool, {
      now,
      leaseUntil: new Date(now.getTime() + DELIVERY_LEASE_MS),
      limit: options.batchSize ?? BATCH_SIZE,
    });
    if (claimed.length === 0) break;
    for (const delivery of claimed) {
      const outcome = await sendOne(database, senders, delivery);
      const result = toResult(outcome, delivery.attempts, clock());
      const isRecorded = await recordDeliveryResult(database.pool, delivery, result);
      logAttempt(options.logger, delivery, result, isRecorded);
      if (!isRecorded) summary.lost += 1;
      else if (result.status === 'sent') summary.sent += 1;
      else if (result.status === 'pending') summary.retried += 1;
      else if (result.status === 'failed') summary.failed += 1;
      else summary.skipped += 1;
    }
  }
  return summary;
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('ru-RU', { maximumFractionDigits: 1 })} МБ`;
}

/**
 * The files an e-mail carries, loaded for this attempt from where they are kept — or why the e-mail cannot go:
 * a file gone from the archive, or files too large to mail. Both are final (a retry would find the same).
 */
export async function loadAttachments(
  database: Database,
  delivery: Pick<ClaimedDelivery, 'tenantId' | 'notificationId'>,
): Promise<{ attachments: OutgoingAttachment[] } | { error: string }> {
  const states = await listAttachmentStates(database.pool, delivery.tenantId, delivery.notificationId);
  const gone = states.filter((state) => state.size === null).map((state) => `«${state.fileName}»`);
  if (gone.length > 0) {
    return {
      error: `Вложение не найдено: ${gone.length === 1 ? 'файла' : 'файлов'} ${gone.join(', ')} больше нет в архиве отчётов; письмо не отправлено.`,
    };
  }
  const total = states.reduce((sum, state) => sum + (state.size ?? 0), 0);
  if (total > MAX_ATTACHMENT_BYTES) {
    const sizes = states.map((state) => `${state.fileName} — ${formatMegabytes(state.size ?? 0)}`).join(', ');
    return {
      error: `Вложения занимают ${formatMegabytes(total)} (${total.toLocaleString('ru-RU')} байт) — больше допустимых для письма ${formatMegabytes(MAX_ATTACHMENT_BYTES)} (${sizes}); письмо не отправлено, файлы остаются в архиве «Отчёты».`,
    };
  }
  const contents = new Map(
    (await loadAttachmentContents(database.pool, delivery.tenantId, delivery.notificationId)).map((row) => [
      row.position,
      row.content,
    ]),
  );
  const attachments: OutgoingAttachment[] = [];
  for (const state of states) {
    const content = contents.get(state.position);
    if (!content) {
      return {
        error: `Вложение не найдено: файла «${state.fileName}» больше нет в архиве отчётов; письмо не отправлено.`,
      };
    }
    attachments.push({ fileName: state.fileName, contentType: state.contentType, content });
  }
  return { attachments };
}

async function sendOne(database: Database, senders: DeliverySenders, delivery: ClaimedDelivery): Promise<SendOutcome> {
  const sender = senders[delivery.channel as NotificationChannel];
  if (!sender) return { status: 'failed', error: `Неизвестный канал доставки «${delivery.channel}».` };
  try {
    let attachments: OutgoingAttachment[] = [];
    // Only an e-mail carries files; Telegram gets the text (which says where the files are).
    if (delivery.channel === 'email' && delivery.attachmentCount > 0) {
      const loaded = await loadAttachments(database, delivery);
      if ('error' in loaded) return { status: 'failed', error: loaded.error };
      attachments = loaded.attachments;
    }
    return await sender.send({
      deliveryId: delivery.id,
      channel: delivery.channel as NotificationChannel,
      address: delivery.address,
      content: {
        kind: delivery.kind,
        title: delivery.title,
        body: delivery.body,
        caseId: delivery.caseId,
        isForAddress: delivery.isForAddress,
      },
      attachments,
    });
  } catch (error) {
    // A sender is meant to classify its own failures; anything that escapes is treated as passing.
    return { status: 'retry', error: `Сбой отправки: ${describeUnknownError(error)}` };
  }
}

/** The outcome of one attempt → what the row becomes: sent, final failure, or pending again after a wait. */
export function toResult(outcome: SendOutcome, attempts: number, now: Date): DeliveryResult {
  switch (outcome.status) {
    case 'sent':
      return { status: 'sent', at: now };
    case 'skipped':
      return { status: 'skipped', reason: outcome.reason };
    case 'failed':
      return { status: 'failed', error: `Попытка ${attempts}: ${outcome.error}` };
    case 'retry': {
      const delay = retryDelayMs(attempts);
      if (delay === undefined) {
        return {
          status: 'failed',
          error: `Попытка ${attempts} из ${MAX_DELIVERY_ATTEMPTS}, последняя: ${outcome.error}`,
        };
      }
      const wait = outcome.retryAfterSeconds === undefined ? delay : outcome.retryAfterSeconds * 1000;
      return {
        status: 'pending',
        error: `Попытка ${attempts}: ${outcome.error}`,
        notBefore: new Date(now.getTime() + wait),
      };
    }
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown send outcome ${String(unreachable)}`);
    }
  }
}

function logAttempt(
  logger: AttemptLogger,
  delivery: ClaimedDelivery,
  result: DeliveryResult,
  isRecorded: boolean,
): void {
  const facts = {
    deliveryId: delivery.id,
    notificationId: delivery.notificationId,
    tenantId: delivery.tenantId,
    channel: delivery.channel,
    attempt: delivery.attempts,
    status: result.status,
    ...(delivery.attachmentCount > 0 && delivery.channel === 'email' ? { attachments: delivery.attachmentCount } : {}),
  };
  if (!isRecorded) {
    logger.warn(facts, 'notification delivery: result not recorded, the lease ran out and another worker took it');
    return;
  }
  switch (result.status) {
    case 'sent':
      logger.info(facts, 'notification delivered');
      break;
    case 'skipped':
      logger.info({ ...facts, reason: result.reason }, 'notification delivery skipped');
      break;
    case 'pending':
      logger.warn(
        { ...facts, error: result.error, notBefore: result.notBefore },
        'notification delivery will be retried',
      );
      break;
    case 'failed':
      logger.error({ ...facts, error: result.error }, 'notification delivery failed for good');
      break;
    default:
      break;
  }
}
