// terway-core: Terway itself (config, instance limits, the daemon's pool and IPAM, the CNI plugin
// and its datapaths, the controlplane pieces trunking needs), written against ports so the same
// code runs on the in-process emulator, the HTTP face and the real kernel.

export * from './ports/openapi.js';
export * from './ports/metadata.js';
export * from './ports/kube.js';
export * from './metrics/index.js';
export * from './log/index.js';
export * from './config/index.js';
export * from './limits/index.js';
export * from './capacity/index.js';
export * from './validate/index.js';
export * from './backoff/index.js';
export * from './ratelimit/index.js';
export * from './cloud/index.js';
export * from './metadata/index.js';
export * from './vswitch/index.js';
export * from './factory/index.js';
export * from './pool/index.js';
export * from './daemon/index.js';
export * from './k8s/index.js';
export * from './store/index.js';
export * from './datapath/index.js';
export * from './cni/index.js';
export * from './node/index.js';
export * from './mutations/index.js';
export * from './terway-cli/index.js';
export type {
  IpType, IpSet, BasicInfo, EniInfo, PodBandwidth, NetConf, AllocIpRequest, AllocIpReply,
  ReleaseIpRequest, ReleaseIpReply, GetInfoRequest, GetInfoReply, EventRequest, RpcFailure, RpcResult, TerwayBackend,
} from './rpc/messages.js';
export { ScriptedTerwayBackend } from './rpc/scripted-backend.js';
export * from './ports/crd.js';
export * from './controlplane/index.js';
export * from './vpc-route/index.js';
export * from './remote/index.js';
