// The vSwitch pool, its LRU-with-expiry cache, and DeriveGatewayIP.
export * from './pool.js';
export * from './lru-expire-cache.js';
export * from './derive-gateway.js';
