export * from './audit.schema.js';
export * from './auth.schema.js';
export * from './case.schema.js';
export * from './organization.schema.js';
