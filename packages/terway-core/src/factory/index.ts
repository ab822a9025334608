// The Factory interface the pool calls, Terway's Aliyun implementation, and its wiring.
export * from './factory.js';
export {
  AliyunFactory, factoryFailure, createTimeoutMs, attachMinimumMs, deleteTimeoutMs, detachSettleMs,
  type AliyunFactoryDeps, type AliyunFactoryOptions,
} from './aliyun-factory.js';
export { metadataPollIntervalMs, metadataWaitTimeoutMs } from './metadata-wait.js';
export {
  buildAliyunStack, type AliyunStack, type AliyunStackDeps, type AliyunStackOptions,
} from './wiring.js';
