// The port for the ECS instance metadata service (http://100.100.100.200/latest/meta-data/), as
// seen from one instance. Terway reads its MACs, ENI ids, private IPv4 lists, gateways and
// vSwitch CIDRs here, and polls it after every attach and assign because it lags the API.
//
// Contract: `path` is relative to `latest/meta-data/` (e.g. `network/interfaces/macs/`). A found
// path returns the body text exactly as the server sends it (lists one item per line with a
// trailing `/` for directories; `private-ipv4s` a JSON array; `ipv6s` bracketed and unquoted).
// A refusal returns the HTTP status (404 unknown path or no IPv6; 429/5xx retryable); `status 0`
// means the server could not be reached. Settles after the (virtual) latency; never rejects.

import type { Result } from '@terway-sim/sim-base';

export interface MetadataFailure {
  readonly status: number;
  readonly message: string;
}

export interface MetadataPort {
  get(path: string): Promise<Result<string, MetadataFailure>>;
}
