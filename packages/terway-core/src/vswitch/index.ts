// The vSwitch pool, its LRU-with-expiry cache, and DeriveGatewayIP.
export {
  VSwitchPool, daemonVSwitchPool, controlplaneVSwitchPool, errNoAvailableVSwitch, errIpNotEnough,
  aggregateMessage, type VSwitch, type VSwitchDescriber, type VSwitchPoolOptions,
  type VSwitchSelectFailure, type VSwitchPoolDeps,
} from './pool.js';
export { LruExpireCache } from './lru-expire-cache.js';
export { deriveGatewayIp } from './derive-gateway.js';
