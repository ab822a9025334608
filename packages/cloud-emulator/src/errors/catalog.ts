// The one catalog of cloud errors the emulator can return: code, HTTP status,
// message template and whether clients are expected to retry. Codes and statuses follow the ECS
// and VPC per-API error tables of the API documentation and the POP gateway's common errors;
// where no source confirms a status the choice is listed in docs/differences.md.
//
// Refusals are values (`ApiError`), never exceptions: actions return them in a Result and the
// in-process client and the HTTP face turn them into the SDK-visible shape. Retired codes are
// never reused; add new ones at the end of their group.

export interface ApiError {
  readonly code: string;
  readonly httpStatus: number;
  readonly message: string;
}

interface CatalogEntry {
  readonly status: number;
  readonly message: string;
  /** True when well-behaved clients retry (Terway retries these: pkg/aliyun/client/ecs.go). */
  readonly retryable: boolean;
}

const entry = (status: number, message: string,
  retryable = false): CatalogEntry => ({ status, message, retryable });

/** Every fixed code, by name. `Missing<Param>` codes are built by `missingParameter`. */
export const errorCatalog = {
  // Gateway and common errors, any action may return them.
  'InvalidAction.NotFound': entry(404,
    'Specified api is not found, please check your url and method.'),
  InvalidVersion: entry(400, 'Specified parameter Version is not valid.'),
  InvalidParameter: entry(400, 'The specified parameter is not valid.'),
  'InvalidRegionId.NotFound': entry(404, 'The specified RegionId does not exist.'),
  'InvalidAccessKeyId.NotFound': entry(404, 'Specified access key is not found.'),
  SignatureDoesNotMatch: entry(400, 'Specified signature is not matched with our calculation.'),
  IncompleteSignature: entry(400, 'The request signature does not conform to Aliyun standards.'),
  'InvalidTimeStamp.Format': entry(400,
    'Specified time stamp or date value is not well formatted.'),
  'InvalidTimeStamp.Expired': entry(400, 'Specified time stamp or date value is expired.'),
  SignatureNonceUsed: entry(400, 'Specified signature nonce was used already.'),
  'InvalidSignatureMethod': entry(400, 'Specified signature method is not supported.'),
  Throttling: entry(400, 'Request was denied due to flow control.', true),
  'Throttling.User': entry(400, 'Request was denied due to user flow control.', true),
  'Throttling.Api': entry(400, 'Request was denied due to api flow control.', true),
  'Forbidden.RAM': entry(403,
    "User not authorized to operate on the specified resource, or this API doesn't support RAM."),
  IdempotentParameterMismatch: entry(400,
    'The request uses the same client token as a previous, but non-identical request.'),
  InternalError: entry(500,
    'The request processing has failed due to some unknown error, exception or failure.', true),
  ServiceUnavailable: entry(503, 'The request has failed due to a temporary failure of the server.',
    true),
  // What the gateway answers when the bytes are not an HTTP request it can read at all.
  MalformedRequest: entry(400, 'The request is not well-formed HTTP.'),
  RequestHeaderFieldsTooLarge: entry(431, 'The request header fields are too large.'),
  RequestTimeout: entry(408, 'The request was not received completely in time.', true),

  // ECS ENI errors, from the per-API error tables.
  'InvalidEniId.NotFound': entry(404, 'The specified ENI does not exist.'),
  'InvalidEcsId.NotFound': entry(404, 'The specified ECS instance does not exist.'),
  'InvalidInstanceId.NotFound': entry(404, 'The specified InstanceId does not exist.'),
  'InvalidVSwitchId.NotFound': entry(404, 'The specified VSwitchId does not exist.'),
  'InvalidSecurityGroupId.NotFound': entry(404, 'The specified SecurityGroupId does not exist.'),
  'InvalidVpcId.NotFound': entry(404, 'The specified VpcId does not exist.'),
  MaxEniCountExceeded: entry(403, 'The maximum number of ENIs in this region is exceeded.'),
  EniPerInstanceLimitExceeded: entry(403,
    'The maximum number of ENIs on the instance is exceeded.'),
  'InvalidOperation.AvailabilityZoneMismatch': entry(403,
    'The ENI and the instance are not in the same zone.'),
  'InvalidOperation.VpcMismatch': entry(403,
    'The ENI, the instance or the security group are not in the same VPC.'),
  SecurityGroupInstanceLimitExceed: entry(403,
    'The maximum number of instances or IP addresses in the security group is exceeded.'),
  'InvalidOperation.InvalidEniType': entry(403,
    'The operation is not supported for this ENI type.'),
  'InvalidOperation.InvalidEniState': entry(400,
    'The current status of the ENI does not support this operation.'),
  'InvalidOperation.DetachPrimaryEniNotAllowed': entry(400,
    'The primary ENI of an instance cannot be detached.'),
  'InvalidOperation.EniLinked': entry(403, 'The trunk ENI still has member ENIs attached.'),
  'InvalidOperation.InvalidEcsState': entry(400,
    'The current status of the instance does not support this operation.'),
  IncorrectInstanceStatus: entry(403,
    'The current status of the resource does not support this operation.'),
  'InvalidOperation.Ipv4CountExceeded': entry(403,
    'The number of private IPv4 addresses exceeds the limit of the instance type.'),
  'InvalidOperation.Ipv6CountExceeded': entry(403,
    'The number of IPv6 addresses exceeds the limit of the instance type.'),
  'InvalidOperation.Ipv6NotSupport': entry(403, 'The instance type does not support IPv6.'),
  'InvalidVSwitch.Ipv6NotTurnOn': entry(403, 'IPv6 is not enabled for the vSwitch.'),
  'InvalidVSwitchId.IpNotEnough': entry(403,
    'The specified vSwitch does not have enough IP addresses.'),
  'InvalidVSwitchId.IpInvalid': entry(403,
    'The specified IP address is not in the CIDR block of the vSwitch or is reserved.'),
  'InvalidPrivateIpAddress.Duplicated': entry(400,
    'The specified private IP address is already in use.'),
  'InvalidIp.IpRepeated': entry(403, 'The specified IP addresses are repeated.'),
  'InvalidIp.IpUnassigned': entry(403, 'The specified IP address is not assigned to the ENI.'),
  MaxEniPrivateIpsCountExceeded: entry(403,
    'The number of private IP addresses of the ENI exceeds the limit.'),
  MaxEniIpv6IpsCountExceeded: entry(403,
    'The number of IPv6 addresses of the ENI exceeds the limit.'),
  'Operation.Conflict': entry(403,
    'The operation conflicts with another operation in progress on the same resource.', true),
  'InvalidParameter.Conflict': entry(400, 'The specified parameters conflict with each other.'),
  'Duplicate.TagKey': entry(400, 'The Tag.N.Key contains duplicate keys.'),
  'InvalidInstanceType.ValueNotSupported': entry(400,
    'The specified InstanceType does not exist or is not supported.'),
  DryRunOperation: entry(400, 'Request validation has been passed with DryRun flag set.'),
  'InvalidZoneId.NotFound': entry(404, 'The specified ZoneId does not exist.'),
  'InvalidParameter.Mismatch': entry(400,
    'The specified zone does not match the zone of the vSwitch.'),

  // VPC route and vSwitch errors, from the per-API error tables.
  'InvalidCidrBlock.Malformed': entry(400, 'The specified CIDR block is not valid.'),
  'InvalidCidrBlock.Overlapped': entry(400,
    'The specified CIDR block overlaps with another vSwitch in the VPC.'),
  'InvalidCidrBlock.Mismatch': entry(400,
    'The specified CIDR block is not within the CIDR block of the VPC.'),
  InvalidCidrBlock: entry(400,
    'The destination CIDR block is the same as or within a vSwitch or system CIDR block.'),
  'InvalidCIDRBlock.Duplicate': entry(400,
    'The specified destination CIDR block already exists in the route table.'),
  'QuotaExceeded.VSwitch': entry(400, 'The maximum number of vSwitches in the VPC is exceeded.'),
  QuotaExceeded: entry(400, 'Route entry quota exceeded in this route table.'),
  TaskConflict: entry(400,
    'The operation is too frequent. Another route operation is in progress in this VPC.', true),
  IncorrectRouteEntryStatus: entry(400,
    'The current status of the route entry does not support this operation.'),
  'InvalidRouteTableId.NotFound': entry(404, 'The specified RouteTableId does not exist.'),
  'InvalidRouteEntryId.NotFound': entry(404, 'The specified route entry does not exist.'),
  'InvalidNextHop.NotFound': entry(400, 'The specified next hop does not exist in the VPC.'),
  'InvalidNexthopTypeAndList.BothNotNull': entry(400,
    'NextHopType/NextHopId and NextHopList cannot be set together.'),
  'InvalidNexthopTypeAndList.BothNull': entry(400, 'Either NextHopId or NextHopList must be set.'),
  'QuotaExceeded.Vpc': entry(400, 'VPC quota exceeded.'),

  // ECS security-group rule errors (statuses unconfirmed: docs/differences.md).
  AuthorizationLimitExceed: entry(403,
    'The limit of authorization records in the security group reaches the upper limit.'),
  'InvalidIpProtocol.Malformed': entry(400, 'The specified parameter "IpProtocol" is not valid.'),
  'InvalidIpPortRange.Malformed': entry(400, 'The specified parameter "PortRange" is not valid.'),
  'InvalidPolicy.Malformed': entry(400, 'The specified parameter "Policy" is not valid.'),
  'InvalidSecurityGroupRule.RuleNotExist': entry(404,
    'The specified security group rule does not exist.'),

  // VPC NAT gateway and EIP errors (statuses unconfirmed: docs/differences.md).
  'InvalidAllocationId.NotFound': entry(404, 'The specified EIP does not exist.'),
  IncorrectEipStatus: entry(400, 'The current status of the EIP does not support this operation.'),
  'InvalidNatGatewayId.NotFound': entry(404, 'The specified NAT gateway does not exist.'),
  'InvalidSnatTableId.NotFound': entry(404, 'The specified SNAT table does not exist.'),
  'InvalidSnatEntryId.NotFound': entry(404, 'The specified SNAT entry does not exist.'),
  'InvalidSnatIp.NotBoundToNat': entry(400,
    'The SNAT IP is not an EIP associated with the NAT gateway.'),
  'Forbidden.SourceDuplicated': entry(400,
    'The SNAT table already has an entry for this source.'),
} as const satisfies Record<string, CatalogEntry>;

export type CatalogCode = keyof typeof errorCatalog;

/** An error from the catalog, with an optional detail appended to the standard message. */
export function apiError(code: CatalogCode, detail?: string): ApiError {
  const known = errorCatalog[code];
  return { code, httpStatus: known.status,
    message: detail === undefined ? known.message : `${known.message} ${detail}` };
}

/** `Missing<Param>` as the POP gateway names it ("RegionId is mandatory for this action."). */
export function missingParameter(name: string): ApiError {
  const compact = name.replace(/\.\d+/g, '.N').replace(/\./g, '');
  return { code: `Missing${compact}`, httpStatus: 400,
    message: `${name} is mandatory for this action.` };
}

/** `InvalidParameter` naming the parameter and what is expected. */
export function invalidParameter(name: string, expected: string): ApiError {
  return { code: 'InvalidParameter', httpStatus: 400,
    message: `The specified parameter "${name}" is not valid: ${expected}.` };
}

export function isCatalogCode(code: string): code is CatalogCode {
  return Object.prototype.hasOwnProperty.call(errorCatalog, code);
}

/** True for codes well-behaved clients retry (throttling and server errors). */
export function isRetryable(code: string): boolean {
  return isCatalogCode(code) && errorCatalog[code].retryable;
}
