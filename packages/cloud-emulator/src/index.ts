// cloud-emulator: a fake Alibaba Cloud ECS/VPC with quotas, throttling, latency, async ENI states
// and faults, in-process under the sim-base clock and over HTTP for the official SDKs.

export { instanceTypeCatalog, findInstanceType,
  type InstanceTypeRecord } from './catalog/instance-types.js';
export { CloudEmulator } from './emulator/cloud-emulator.js';
export type { CloudDeps, CallRequest, Caller, CallOutcome, CallRecord } from './emulator/core.js';
export { streamNames } from './emulator/core.js';
export type {
  CloudEvent, CloudEventListener, CallEvent, EniStateEvent, InstanceStateEvent, RouteStateEvent,
  FaultEvent, WorldEvent,
} from './emulator/events.js';
export {
  parseCloudOptions, defaultQuotas, defaultRegions, type CloudEmulatorOptions, type RegionSpec,
} from './emulator/options.js';
export type { CloudQuotas, CloudProduct } from './actions/context.js';
export { apiVersions, actionNames } from './actions/registry.js';
export { decodeFlatParams, type ParamTree, type ParamValue } from './params/flat-params.js';
export { snapshotFormat, type CloudSnapshot } from './emulator/snapshot.js';
export { InProcessCloudClient, type CloudClientOptions } from './client/openapi-client.js';
export { InProcessMetadataClient, type MetadataClientOptions } from './client/metadata-client.js';
export type {
  OpenApiRequest,
  OpenApiReply,
  OpenApiFailure,
  TransportFailure,
  CallFailure,
  OpenApiParamValue,
  MetadataFailure,
} from './client/port-types.js';
export {
  egressOf, isInternetAddress, type EgressSource, type EgressVerdict,
} from './egress/egress.js';
export {
  evaluateSecurityGroups, type SecurityGroupFlow, type SecurityGroupVerdict,
} from './security-group/rules.js';
export { CloudView, type VSwitchUsage, type VSwitchAddressOwners } from './state/view.js';
export { reservedAddressesPerVSwitch } from './vswitch/ipv4-pool.js';
export {
  cloudInvariantViolations, allowedEniTransitions, cloudCheckNames, type CloudCheck,
  type CloudFinding,
} from './checks/cloud-invariants.js';
export type {
  CloudState,
  RegionState,
  EniRecord,
  EniStatus,
  EniType,
  InstanceRecord,
  InstanceStatus,
  VSwitchRecord,
  VpcRecord,
  SecurityGroupRecord,
  SecurityGroupRule,
  NatGatewayRecord,
  SnatEntryRecord,
  EipRecord,
  RouteTableRecord,
  RouteEntryRecord,
  AssignedIp,
  EniAttachment,
  Tag,
} from './state/types.js';
export { WorldBuilder, type VpcSpec, type VSwitchSpec, type SecurityGroupSpec,
  type InstancesSpec } from './world/world-builder.js';
export { errorCatalog, isRetryable, type ApiError } from './errors/catalog.js';
export { faultRuleSchema, parseFaultPlan, type FaultRule,
  type FaultRuleInput } from './physics/faults.js';
export { latencyProfiles, type LatencyProfile, type LatencyProfileName,
  type LatencyOverrides } from './physics/latency.js';
export { defaultRateLimits, defaultRateLimit, type ThrottleCode } from './physics/throttle.js';
export { buildServer, type HttpFaceOptions } from './http/server.js';
export type { AccessKey } from './http/auth.js';
export { instanceHeader, instanceQueryParam } from './http/metadata-routes.js';
export { parseWorldFile, applyWorldFile, worldFileSchema, type WorldFile,
  type WorldSummary } from './world/world-file.js';
