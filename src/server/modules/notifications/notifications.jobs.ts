import { type Logger, pino } from 'pino';
import type { AppConfig } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { deliverDueNotifications } from './notification-delivery.service.js';
import { createEmailSender } from './notification-email.sender.js';
import type { DeliverySenders } from './notification-sender.js';
import { createTelegramSender } from './notification-telegram.sender.js';
import { DELIVER_NOTIFICATIONS_JOB, setDeliveryQueue } from './notification-wake-up.js';

export { DELIVER_NOTIFICATIONS_JOB };

/** Every minute: deliveries whose quiet hours or retry wait have ended, and any a wake-up missed. */
export const DELIVER_NOTIFICATIONS_CRON = '* * * * *';

export function createDeliverySenders(config: AppConfig): DeliverySenders {
  return { email: createEmailSender(config), telegram: createTelegramSender(config) };
}

/**
 * Registers the delivery worker (`notifications.deliver`: runs on its schedule every minute and right after
 * notifyPeople commits) and lets notifyPeople wake it. Called once at startup where the other jobs are.
 */
export async function registerNotificationJobs(
  jobs: JobQueue,
  database: Database,
  config: AppConfig,
  options: { logger?: Logger; senders?: DeliverySenders } = {},
): Promise<void> {
  const logger = options.logger ?? pino({ level: config.logLevel, name: 'notifications' });
  const senders = options.senders ?? createDeliverySenders(config);
  await jobs.work(DELIVER_NOTIFICATIONS_JOB, async () => {
    const summary = await deliverDueNotifications(database, senders, { logger });
    if (summary.sent + summary.retried + summary.failed + summary.skipped + summary.lost > 0) {
      logger.info(summary, 'notification delivery run');
    }
  });
  await jobs.schedule(DELIVER_NOTIFICATIONS_JOB, DELIVER_NOTIFICATIONS_CRON, 'UTC');
  setDeliveryQueue(database, jobs);
}
