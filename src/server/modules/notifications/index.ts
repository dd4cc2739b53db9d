export { DELIVER_NOTIFICATIONS_JOB, registerNotificationJobs } from './notifications.jobs.js';
export { notificationsRoutes } from './notifications.routes.js';
export type {
  NotificationAttachmentReference,
  NotifyEmailAddressesInput,
  NotifyPeopleInput,
  NotifyPeopleOptions,
  NotifyPeopleResult,
} from './notifications.service.js';
export { notifyEmailAddresses, notifyPeople } from './notifications.service.js';
