export { findPublicCaseById, listEventsOfCases } from './open311.repository.js';
export { handleOpen311FrameworkError, OPEN311_PREFIX, open311Routes } from './open311.routes.js';
export { requireApiKey } from './open311.service.js';
export { open311AdminRoutes } from './open311-admin.routes.js';
export { type CatalogService, loadServiceCatalog } from './open311-services.service.js';
export { DETAILED_STATUS_TITLES, detailedStatusOf } from './open311-status.js';
export { buildPublicTimeline, findPublishedAnswer, type PublicTimelineEntry } from './public-timeline.js';
