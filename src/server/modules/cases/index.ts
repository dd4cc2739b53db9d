export type { NewCase } from './cases.repository.js';
export { countCasesOfTenant, insertCases } from './cases.repository.js';
export { casesRoutes } from './cases.routes.js';
