export { routingRoutes } from './routing.routes.js';
export { type CaseRouting, describeRouting, routeNewCase } from './routing.service.js';
