// The shapes of terway-core's OpenApiPort and MetadataPort, declared again here because the
// emulator must not import terway-core (dependencies point one way). scenarios/src/wiring/
// cloud-port.ts proves with `satisfies` that the in-process clients implement the real ports.

import type { Result } from '@terway-sim/sim-base';
import type { CloudProduct } from '../actions/context.js';

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
  readonly code: string;
  readonly message: string;
  readonly httpStatus: number;
  readonly requestId: string;
}

export interface TransportFailure {
  readonly kind: 'transport';
  readonly code: 'Timeout' | 'ConnectionReset' | 'ConnectionRefused';
  readonly message: string;
}

export type CallFailure = OpenApiFailure | TransportFailure;

export type ResponseBody = { readonly [key: string]: unknown };

export type OpenApiReply = Result<ResponseBody, CallFailure>;

export interface MetadataFailure {
  readonly status: number;
  readonly message: string;
}
