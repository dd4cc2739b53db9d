export { INBOX_CHANGED_EVENT, inboxRoutes } from './inbox.routes.js';
export { InboxChangeHub, type InboxHubOptions } from './inbox-stream.js';
