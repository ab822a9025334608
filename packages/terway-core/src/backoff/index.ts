// Backoff arithmetic, the wait loops on virtual time, and Terway's named backoff table.
export * from './backoff.js';
export * from './wait.js';
export * from './poll.js';
export * from './named.js';
export { withTimeout } from './deadline.js';
