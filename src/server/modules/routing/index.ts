export { routingRoutes } from './routing.routes.js';
export {
  type CaseRouting,
  describeRouting,
  foldTopicName,
  invalidateTenantRouter,
  loadTenantRouter,
  routeNewCase,
  type TenantRouter,
} from './routing.service.js';
