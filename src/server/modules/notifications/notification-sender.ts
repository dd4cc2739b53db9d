import type { NotificationChannel } from '../../../shared/contracts/notifications.contract.js';
import type { NotificationContent } from './notification-message.js';

/** A file an e-mail carries, loaded from where it is kept for this attempt. */
export type OutgoingAttachment = { fileName: string; contentType: string; content: Buffer };

/** One delivery as a sender sees it: where to and what. */
export type OutgoingDelivery = {
  deliveryId: string;
  channel: NotificationChannel;
  address: string;
  content: NotificationContent;
  /** Files for an e-mail (empty for Telegram: it gets the text only). */
  attachments: OutgoingAttachment[];
};

/**
 * What became of one attempt. `retry`: a passing failure (network, 5xx, rate limit) — try again later;
 * `failed`: the other side refused for good (no such mailbox, bot blocked) — retrying would not help;
 * `skipped`: this channel is not configured on the server.
 */
export type SendOutcome =
  | { status: 'sent' }
  | { status: 'retry'; error: string; retryAfterSeconds?: number }
  | { status: 'failed'; error: string }
  | { status: 'skipped'; reason: string };

export type DeliverySender = {
  send(delivery: OutgoingDelivery): Promise<SendOutcome>;
};

export type DeliverySenders = Record<NotificationChannel, DeliverySender>;

export function describeUnknownError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
