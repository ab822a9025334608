// Token buckets on virtual time: Terway's per-API client limits and the per-ENI-slot limiters.
export * from './token-bucket.js';
export * from './api-limiter.js';
