export { mapRoutes } from './map.routes.js';
