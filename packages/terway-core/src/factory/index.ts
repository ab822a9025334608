// The Factory interface the pool calls, Terway's Aliyun implementation, and its wiring.
export * from './factory.js';
export * from './aliyun-factory.js';
export * from './metadata-wait.js';
export * from './wiring.js';
