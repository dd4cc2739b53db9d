export { manualEntryRoutes } from './manual-entry.routes.js';
