export { authRoutes } from './auth.routes.js';
export { purgeExpiredAuthData, resolveSession } from './auth.service.js';
