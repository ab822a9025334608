// The typed ECS/VPC client over the OpenApiPort: failures, request options, idempotency keys.
export { EcsClient, ecsApi } from './ecs-client.js';
export {
  VpcClient, vpcApi, routeEntryPageSize, type VSwitchInfo, type RouteEntry,
  type CreateRouteEntryOptions, type DeleteRouteEntryOptions, type RouteEntryFilter,
} from './vpc-client.js';
export {
  cloudErrorCodes, codeIs, failureCode, wrapFailure, fromCallFailure, isRetryableOnCreate,
  isRetryableOnAssign, isIpNotEnough, type ClientFailure,
} from './errors.js';
export {
  eniStatus, eniType, eniTrafficMode, fromCreateReply, fromDescribeEntry, fromAttributeReply,
  type NetworkInterface, type EniIpSet, type EniTag,
} from './network-interface.js';
export {
  IdempotentKeyGenerator, requestHash, defaultIdempotentKeyCacheSize,
} from './idempotency.js';
export type { CloudClientDeps, CloudClientOptions } from './invoke.js';
export {
  eniDescription, describePageSize, instanceTypesPageSize, singleAttempt,
  type CreateNetworkInterfaceOptions, type AssignIpv4Options, type AssignIpv6Options,
  type DescribeNetworkInterfacesFilter, type AttachNetworkInterfaceOptions,
} from './request-options.js';
export {
  buildCloudClientSet, type CloudClientSet, type CloudClientSetDeps, type CloudClientSetOptions,
  type CloudClientSetFailure, type CloudClientSetMetadata,
} from './client-set.js';
