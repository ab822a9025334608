// Instance limits (DescribeInstanceTypes -> Terway's Limits) and the daemon's startup checks.

export * from './instance-limits.js';
export * from './instance-checks.js';
