// The port Terway's cloud client layer calls: one Alibaba Cloud OpenAPI request, RPC style, as
// the official SDKs put it on the wire, minus the wire. Terway's own client package
// (pkg/aliyun/client) wraps an SDK the same way; here the in-process cloud emulator implements
// this port under virtual time, and an SDK-backed adapter could implement it against a real
// endpoint or the emulator's HTTP face.
//
// Contract:
// - `params` use the API's own names (PascalCase). Lists are arrays (`SecurityGroupIds: ['sg-1']`,
//   `Tag: [{ Key, Value }]`), nested objects are objects, scalars are string | number | boolean.
//   `RegionId` is passed explicitly, as Terway's Go SDK does.
// - A success body is the JSON the real API returns: PascalCase keys, wrapper objects and arrays
//   always present (`NetworkInterfaceSets: { NetworkInterfaceSet: [...] }`), plus `RequestId`.
// - An API refusal is `{ kind: 'api', code, message, httpStatus, requestId }` with the real error
//   code and HTTP status. A lost or timed-out exchange is `{ kind: 'transport', ... }`; the request
//   may or may not have taken effect (that is what ClientToken is for).
// - The promise settles after the call's (virtual) latency; it never rejects for cloud reasons.

import type { Result } from '@terway-sim/sim-base';

export type CloudProduct = 'ecs' | 'vpc';

/** API version strings, as the SDKs send them in `x-acs-version`. */
export const apiVersions: Readonly<Record<CloudProduct, string>> = {
  ecs: '2014-05-26',
  vpc: '2016-04-28',
};

export type OpenApiParamValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly OpenApiParamValue[]
  | { readonly [key: string]: OpenApiParamValue };

export interface OpenApiRequest {
  readonly product: CloudProduct;
  readonly action: string;
  readonly params: { readonly [name: string]: OpenApiParamValue };
}

export interface OpenApiFailure {
  readonly kind: 'api';
  /** The cloud's error code, e.g. `InvalidVSwitchId.IpNotEnough`. */
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
  readonly requestId: string;
}

export interface TransportFailure {
  readonly kind: 'transport';
  /** `Timeout`: no answer within the client's timeout. `ConnectionReset`: the exchange broke. */
  readonly code: 'Timeout' | 'ConnectionReset' | 'ConnectionRefused';
  readonly message: string;
}

export type CallFailure = OpenApiFailure | TransportFailure;

export type ResponseBody = { readonly [key: string]: unknown };

export type OpenApiReply = Result<ResponseBody, CallFailure>;

export interface OpenApiPort {
  call(request: OpenApiRequest): Promise<OpenApiReply>;
}
