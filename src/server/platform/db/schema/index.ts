export * from './audit.schema.js';
export * from './auth.schema.js';
export * from './case.schema.js';
export * from './notification.schema.js';
export * from './organization.schema.js';
export * from './rubricator.schema.js';
export * from './sla.schema.js';
export * from './template.schema.js';
