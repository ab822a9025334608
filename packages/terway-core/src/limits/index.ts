// Instance limits (DescribeInstanceTypes or the Node's instance-type-info annotation -> Terway's
// Limits) and the daemon's startup checks.

export * from './instance-limits.js';
export * from './instance-checks.js';
export * from './annotation.js';
