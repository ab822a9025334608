// cloud-emulator: a fake Alibaba Cloud ECS/VPC with quotas, throttling, latency, async ENI states
// and faults, in-process under the sim-base clock and over HTTP for the official SDKs.

export { instanceTypeCatalog, findInstanceType, type InstanceTypeRecord } from './catalog/instance-types.js';
