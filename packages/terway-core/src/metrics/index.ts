// The metrics registry and Terway's metric definitions (see registry.ts, terway-metrics.ts).
export * from './registry.js';
export * from './terway-metrics.js';
export { formatGoFloat } from './go-float.js';
