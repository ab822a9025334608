// The Terway daemon in ENIIP mode: the restartable daemon process, its RPC service, GC, and the
// NetConf/record conversions between the pool and the CNI plugin.
export { TerwayDaemon, type DaemonDeps, type DaemonOptions, type DaemonProcess } from './daemon.js';
export {
  stoppedDuringStartup, startupFailed, alreadyRunning, type StartFailure,
} from './start-failure.js';
export {
  NetworkService, daemonRpcTimeoutMs, type ServiceSettings, type ServiceDeps,
} from './service.js';
export {
  gcPods, gcLoop, gcPeriodMs, ruleSyncGraceMs, type GcDeps, type HostRouteHooks,
  type SyncedPodRoutes, type DeletedPodRoutes,
} from './gc.js';
export { kernelHostRoutes } from './host-routes.js';
export {
  toNetConfs, toStoreItems, parseNetworkResource, defaultForNetConf, getPodIps, netConfsToGoJson,
  netConfsFromGoJson,
} from './netconf.js';
export { PendingPods, RwLock } from './rpc-locks.js';
