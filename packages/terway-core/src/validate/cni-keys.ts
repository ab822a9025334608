// Where a key that the CNI plugin does not read belongs. Old Terway guides show a CNI config with
// `eni_max_pool_size`, `eni_min_pool_size`, `eni_vswitches` and even an `eni_conf` object inside
// it; none of them is read there. The pool and vSwitch settings live in the daemon's eni_conf
// (data.eni_conf of the ConfigMap), so a user who copied such an example needs to hear which key
// is meant and where it goes, not only "unknown key".
//
// The reverse mistake is handled here too: a CNI config or conflist pasted as eni_conf (it has
// `cniVersion` and `type`, or `plugins`), which the daemon reads as a config with no known key.

import { cniConfKeys } from '../config/cni-config.js';
import { eniConfKeys } from '../config/eni-conf-schema.js';
import { editDistance } from './suggest.js';

/** Keys of old guides' CNI examples and what they mean today. */
const legacyCniKeys: Readonly<Record<string, string>> = {
  eni_max_pool_size: 'max_pool_size',
  eni_min_pool_size: 'min_pool_size',
  eni_vswitches: 'vswitches',
  eni_vswitch: 'vswitches',
  eni_security_group: 'security_group',
  eni_security_groups: 'security_groups',
  eni_service_cidr: 'service_cidr',
};

/**
 * "did you mean …" for a CNI config key neither the plugin nor terway-cli reads, saying where
 * the intended key belongs; undefined when nothing is close.
 */
export function cniKeyHint(name: string): string | undefined {
  if (name === 'eni_conf') {
    return 'eni_conf is a ConfigMap data key of its own (data.eni_conf, the daemon\'s JSON as a ' +
      'string), not a key of the CNI config: move its keys there';
  }
  const legacy = Object.hasOwn(legacyCniKeys, name) ? legacyCniKeys[name] : undefined;
  const daemonKey = legacy ?? (eniConfKeys.includes(name) ? name : undefined);
  if (daemonKey !== undefined) {
    return `did you mean ${daemonKey} (in eni_conf)? The daemon reads it from data.eni_conf; ` +
      'the CNI plugin ignores it here';
  }
  const close = closest(name, cniConfKeys);
  if (close !== undefined) return `did you mean ${close} (in this CNI config)?`;
  const daemonClose = closest(name.replace(/^eni_/, ''), eniConfKeys);
  return daemonClose === undefined ? undefined : `did you mean ${daemonClose} (in eni_conf)?`;
}

function closest(name: string, keys: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const key of keys) {
    const distance = editDistance(name, key);
    if (best === undefined || distance < best.distance) best = { key, distance };
  }
  const allowed = name.length <= 6 ? 1 : name.length <= 12 ? 2 : 3;
  return best !== undefined && best.distance <= allowed ? best.key : undefined;
}

/** The message of `cni-unknown-key` for `name`. */
export function cniUnknownKeyMessage(name: string): string {
  return `neither the terway plugin nor terway-cli reads "${name}"; ` +
    (cniKeyHint(name) ?? 'check the spelling against the CNI keys (mtu, eniip_virtual_type, ' +
      'host_stack_cidrs, …)');
}

/** Top-level keys that mark a CNI network config or conflist. */
export const cniDocumentKeys: readonly string[] = ['cniVersion', 'name', 'type', 'plugins',
  'capabilities'];

/** Whether an eni_conf object is really a CNI config (`cniVersion` + `type`) or conflist. */
export function looksLikeCniConfig(raw: { readonly [key: string]: unknown }): boolean {
  return Array.isArray(raw.plugins) || (typeof raw.cniVersion === 'string' &&
    typeof raw.type === 'string');
}
