// link.GetDeviceNumber (Terway's pkg/link/interface_linux.go): the host ifindex of the ENI with a
// MAC, among physical links only (`device`; veth/ipvlan/vlan/dummy/bridge are skipped, a Terway
// quirk, kept). ADD retries a missing ENI every second, 10 attempts in all (retry.OnError with
// Steps 10, Duration 1 s, Factor 1, no jitter), because the cloud may report an ENI attached before
// the guest shows the device (failure catalog F15); DEL and CHECK look once.

import { err, ok, type Result, type Scheduler } from '@terway-sim/sim-base';
import type { Kernel } from '@terway-sim/kernel-shim';

export const eniLookupAttempts = 10;
export const eniLookupIntervalMs = 1_000;

export type EniLookupFailure = { readonly notFound: boolean; readonly message: string };

export async function deviceNumber(
  kernel: Kernel, hostNs: string, mac: string,
): Promise<Result<number, EniLookupFailure>> {
  const links = await kernel.linkList(hostNs);
  if (!links.ok) return err({
    notFound: false, message: `error get link list from netlink, ${links.error.message}`,
  });
  const found = links.value.find(
    (link) => link.kind === 'device' && link.mac === mac.toLowerCase()
  );
  if (found !== undefined) return ok(found.index);
  return err({ notFound: true, message: `can't found dev by mac ${mac}: not found` });
}

/** ADD's lookup: up to 10 attempts 1 s apart on virtual time, retrying only "not found". */
export async function deviceNumberWithRetry(
  kernel: Kernel, scheduler: Scheduler, hostNs: string, mac: string,
): Promise<Result<number, string>> {
  let last: EniLookupFailure = { notFound: true, message: '' };
  for (let attempt = 1; attempt <= eniLookupAttempts; attempt++) {
    const found = await deviceNumber(kernel, hostNs, mac);
    if (found.ok) return found;
    last = found.error;
    if (!last.notFound) break;
    if (attempt < eniLookupAttempts) await scheduler.sleep(eniLookupIntervalMs);
  }
  return err(last.message);
}
