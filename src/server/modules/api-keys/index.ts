export { apiKeysRoutes } from './api-keys.routes.js';
export { type ApiKeyOwner, authenticateApiKey, hashApiKey, issueApiKeyForTenant } from './api-keys.service.js';
