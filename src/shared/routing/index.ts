// Routing rules («автоправила»): the rule format and the pure engine (docs/routing-rules.md).
export * from './routing-engine.js';
export * from './routing-rule.schema.js';
