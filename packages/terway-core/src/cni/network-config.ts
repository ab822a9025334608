// The plugin's stdin: `10-terway.conf` (or the terway entry of the conflist) as the runtime hands
// it over. Decoding reuses the config package's parser (src/config/cni-config.ts) with one
// difference the plugin needs: Terway only validates `host_stack_cidrs` inside ADD (an invalid
// entry fails every ADD with code 11, not the decode with code 6), so the raw entries are kept
// here and checked where Terway checks them (setup-conf.ts).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { parseCniConf, type CniConfig } from '../config/cni-config.js';

export interface PluginConfig {
  readonly conf: CniConfig;
  /** `host_stack_cidrs` exactly as written. */
  readonly hostStackCidrs: readonly string[];
}

export type DecodeFailure =
  | { readonly kind: 'version'; readonly message: string }
  | { readonly kind: 'config'; readonly message: string };

/** A parsed CniConfig passed directly (e.g. from the scenario's node config). */
export function pluginConfigOf(conf: CniConfig): PluginConfig {
  return { conf, hostStackCidrs: conf.hostStackCidrs };
}

/** Decodes stdin text. `version` failures are skel's (bad JSON), `config` ones getCmdArgs'. */
export function decodeNetworkConfig(text: string): Result<PluginConfig, DecodeFailure> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return err({
      kind: 'version', message: `decoding version from network config: ${(error as Error).message}`,
    });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return err({
      kind: 'version', message: 'decoding version from network config: not a JSON object',
    });
  }
  const object = raw as Record<string, unknown>;
  const cidrs = object.host_stack_cidrs;
  const hostStackCidrs = Array.isArray(cidrs) && cidrs.every(
    (c) => typeof c === 'string'
  ) ? cidrs as string[] : undefined;
  const forParser = hostStackCidrs === undefined ? object : { ...object, host_stack_cidrs: [] };
  const parsed = parseCniConf(JSON.stringify(forParser), { key: 'stdin' });
  if (!parsed.ok) return err({
    kind: 'config', message: parsed.error.map((issue) => issue.message).join('; '),
  });
  return ok({
    conf: { ...parsed.value, hostStackCidrs: hostStackCidrs ?? [] },
    hostStackCidrs: hostStackCidrs ?? [],
  });
}
