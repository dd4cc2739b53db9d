export { registerIntakeCommands } from './intake.cli.js';
export { intakeRoutes } from './intake.routes.js';
export { type ImportReport, runImport } from './intake.service.js';
