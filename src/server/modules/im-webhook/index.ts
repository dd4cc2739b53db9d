export { imWebhookRoutes } from './im-webhook.routes.js';
