// The daemon's resource manager and local ENI pool (Terway's pkg/eni in ENIIP mode): the manager,
// the Local slots and their workers, the SufficientIP condition, and the pure decisions they use.
export {
  Manager, prewarmTimeoutMs, errNoEniCanHandle, type ManagerDeps, type ManagerPoolOptions,
  type AllocateResult,
} from './manager.js';
export { Local } from './local.js';
export {
  SlotState, inhibitEniQuotaMs, inhibitIpShortageMs, codesIpShortage, codeEniQuota, type LocalDeps,
  type LocalOptions,
} from './local-state.js';
export { batchingWindowMs, metadataSyncPeriodMs } from './local-workers.js';
export { createLocalSlots, planSlots, type SlotPlan } from './build-slots.js';
export {
  SufficientIpCondition, ipExhaustiveConditionPeriodMs, sufficientIpConditionType,
  reasonSufficientIp, reasonInsufficientIp, messageSufficientIp, messageInsufficientIp,
  type ConditionHandler,
} from './node-condition.js';
export { OrphanIpTracker, orphanCacheCapacity, orphanCacheTtlMs } from './orphan-ips.js';
export {
  PoolGauges, type PoolMetrics, type PoolLogger, type NodeEventSink, type IpFamilyKey,
} from './telemetry.js';
export { newSlotLimiter, type SlotLimiter } from './slot-limiter.js';
export { PoolIpSet, PoolIp, compareIps, type IpStatus, type IpView } from './ip-set.js';
export {
  LocalIpRequest, prewarmCni, type CniContext, type RemoteIpRequest, type ResourceRequest,
  type ResourceType, type LocalIpResource, type NetworkResource, type Trace, type TraceCondition,
  type AllocResponse, type AllocOffer, type Usage, type BackendStatus, type NetworkInterfaceBackend,
} from './types.js';
export {
  decideLocalAllocate, type AllocateView, type AllocateDecision,
} from './decide-allocate.js';
export {
  planDispose, applyDispose, canDispose, type DisposePlan, type DisposeView, type CanDisposeInput,
} from './dispose-plan.js';
export {
  calculateToDel, type ToDelInput, type ToDelResult, type ReclaimSettings,
} from './calculate-to-del.js';
export {
  createCounts, assignCounts, splitQueue, popJobs, switchOut, liveRequests, type QueuePair,
} from './batch.js';
export {
  localPriority, sortForAllocation, sortForDisposal, priorityDeleting, priorityRemote,
  type SlotStatus,
} from './priority.js';
export {
  filterEniNotFound, planRecovery, type RecoveryPlan, type RecoveredOwner,
} from './recovery.js';
