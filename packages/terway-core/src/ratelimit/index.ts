// Token buckets on virtual time: Terway's per-API client limits and the per-ENI-slot limiters.
export { TokenBucket, perMinute, type RateLimit } from './token-bucket.js';
export {
  ApiRateLimiter, defaultApiRateLimits, longThrottleLatencyMs, rateLimitProblems, eniSlotRateLimit,
  newEniSlotLimiter, type ApiRateLimiterDeps, type ApiRateLimiterOptions,
} from './api-limiter.js';
