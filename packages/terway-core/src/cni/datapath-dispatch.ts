// Which datapath code runs for a NetConf (the switch statements of doCmdAdd/doCmdDel/doCmdCheck in
// Terway's plugin/terway/cni_linux.go): the IPVlan datapath only when the config says ipvlan and
// the kernel is ≥ 4.19 (CheckIPVLanAvailable), else PolicyRoute; ExclusiveENI and Vlan as
// computed; VPCRoute only through the historical host-local flow in ADD/DEL.

import { err, ok, type Result } from '@terway-sim/sim-base';
import { ipvlanKernelMin } from '../datapath/constants.js';

/** CheckIPVLanAvailable over a `uname -r` release string. */
export function ipvlanAvailable(release: string): Result<boolean, string> {
  const match = /^(\d+)\.(\d+)/.exec(release);
  if (match === null) return err("can't determine linux kernel version");
  const major = Number(match[1]);
  const minor = Number(match[2]);
  return ok(
    (
      major === ipvlanKernelMin.major && minor >= ipvlanKernelMin.minor
    ) || major > ipvlanKernelMin.major
  );
}

export type MultiIpDriver = 'ipvlan' | 'policyRoute' | 'fallback';

/**
 * For DP IPVlan: `ipvlan` when configured and available, `fallback` when configured but the
 * kernel is too old (ADD records VirtualModeChanged), `policyRoute` when not configured.
 */
export function multiIpDriver(
  configured: 'ipvlan' | 'policyRoute', release: string,
): Result<MultiIpDriver, string> {
  if (configured !== 'ipvlan') return ok('policyRoute');
  const available = ipvlanAvailable(release);
  if (!available.ok) return available;
  return ok(available.value ? 'ipvlan' : 'fallback');
}
