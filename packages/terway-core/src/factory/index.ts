// The Factory interface the pool calls, Terway's Aliyun implementation, and its wiring.
export * from './factory.js';
export {
  AliyunFactory, factoryFailure, createTimeoutMs, attachMinimumMs, deleteTimeoutMs, detachSettleMs,
  type AliyunFactoryDeps, type AliyunFactoryOptions,
} from './aliyun-factory.js';
export { metadataPollIntervalMs, metadataWaitTimeoutMs } from './metadata-wait.js';
export {
  buildAliyunStack, buildNodeClientSet, buildNodeFactory, type AliyunStack, type AliyunStackDeps,
  type AliyunStackOptions, type NodeClientSet,
} from './wiring.js';
