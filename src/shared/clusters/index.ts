// Grouping of mass problems (docs/clusters.md).
export * from './case-grouping.js';
