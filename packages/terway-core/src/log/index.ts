// The structured logger writing `log` events, and their console rendering.
export * from './logger.js';
export { formatLogLine, type FormatLogOptions } from './format.js';
