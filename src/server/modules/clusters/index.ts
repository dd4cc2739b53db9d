export { registerClusterCommands } from './clusters.cli.js';
export { clustersRoutes } from './clusters.routes.js';
export { type CaseGrouping, groupNewCase, recomputeClusters } from './clusters.service.js';
