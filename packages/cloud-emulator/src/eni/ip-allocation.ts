// Taking and returning an ENI's addresses from its vSwitch's pools, with the cloud's refusals:
// an address outside the vSwitch CIDR or reserved is InvalidVSwitchId.IpInvalid, one already
// owned is InvalidPrivateIpAddress.Duplicated, one repeated in the request is InvalidIp.IpRepeated,
// and too few free addresses is InvalidVSwitchId.IpNotEnough. A refused call drops its draft, so
// addresses taken before a refusal are never really taken.

import { err, formatIpv4, normalizeIp, ok, parseIpv4Cidr, type Result } from '@terway-sim/sim-base';
import { apiError, type ApiError } from '../errors/catalog.js';
import type { RegionDraft } from '../state/region-draft.js';
import { isReservedOffset, offsetOf } from '../vswitch/ipv4-pool.js';
import { ipv6InPool, ipv6PrefixInPool, takeIpv6 as takeIpv6Address, takeNextIpv6,
  takeNextIpv6Prefix } from '../vswitch/ipv6-pool.js';

function repeated(addresses: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const address of addresses) {
    if (seen.has(address)) return address;
    seen.add(address);
  }
  return undefined;
}

/** Takes the listed addresses (checked), then `count` more, lowest first. */
export function takeIpv4(
  draft: RegionDraft, vSwitchId: string, owner: string, explicit: readonly string[], count: number,
): Result<string[], ApiError> {
  const writer = draft.ipv4(vSwitchId);
  if (explicit.length === 0) {
    if (writer.free < count) return err(apiError('InvalidVSwitchId.IpNotEnough',
      `vSwitch ${vSwitchId} has ${writer.free} free addresses`));
    const taken: string[] = [];
    for (let index = 0; index < count; index++) taken.push(writer.takeLowest(owner)!);
    return ok(taken);
  }
  const pool = draft.poolsOf(vSwitchId)!.v4;
  const normalized = explicit.map((address) => normalizeIp(address) ?? address);
  const duplicate = repeated(normalized);
  if (duplicate !== undefined) return err(apiError('InvalidIp.IpRepeated', `address ${duplicate}`));
  const offsets: number[] = [];
  for (const address of normalized) {
    const offset = offsetOf(pool, address);
    if (offset === undefined || isReservedOffset(pool, offset)) {
      return err(apiError('InvalidVSwitchId.IpInvalid',
        `address ${address} in vSwitch ${vSwitchId}`));
    }
    if (writer.owner(offset) !== null) return err(apiError('InvalidPrivateIpAddress.Duplicated',
      `address ${address}`));
    offsets.push(offset);
  }
  if (writer.free < offsets.length + count) {
    return err(apiError('InvalidVSwitchId.IpNotEnough',
      `vSwitch ${vSwitchId} has ${writer.free} free addresses`));
  }
  offsets.forEach((offset) => writer.take(offset, owner));
  const taken = [...normalized];
  for (let index = 0; index < count; index++) taken.push(writer.takeLowest(owner)!);
  return ok(taken);
}

/** Takes the listed /28 prefixes (checked), then `count` more, lowest first. */
export function takeIpv4Prefixes(
  draft: RegionDraft, vSwitchId: string, owner: string, explicit: readonly string[], count: number,
): Result<string[], ApiError> {
  const writer = draft.ipv4(vSwitchId);
  const pool = draft.poolsOf(vSwitchId)!.v4;
  const taken: string[] = [];
  for (const text of explicit) {
    const cidr = parseIpv4Cidr(text, { strict: true });
    const start = cidr === undefined ? undefined : offsetOf(pool, formatIpv4(cidr.network));
    if (cidr === undefined || cidr.prefix !== 28 || start === undefined || start + 16 > pool.size) {
      return err(apiError('InvalidVSwitchId.IpInvalid',
        `prefix ${text} is not a /28 of vSwitch ${vSwitchId}`));
    }
    for (let offset = start; offset < start + 16; offset++) {
      if (isReservedOffset(pool, offset)) return err(apiError('InvalidVSwitchId.IpInvalid',
        `prefix ${text} holds a reserved address`));
      if (writer.owner(offset) !== null) return err(apiError('InvalidPrivateIpAddress.Duplicated',
        `prefix ${text}`));
    }
    for (let offset = start; offset < start + 16; offset++) writer.take(offset, owner);
    taken.push(`${formatIpv4(cidr.network)}/28`);
  }
  for (let index = 0; index < count; index++) {
    const prefix = writer.takePrefix28(owner);
    if (prefix === undefined) return err(apiError('InvalidVSwitchId.IpNotEnough',
      `vSwitch ${vSwitchId} has no free /28`));
    taken.push(prefix);
  }
  return ok(taken);
}

/** Gives addresses back to the pool (each must be owned by `owner`). */
export function releaseIpv4(draft: RegionDraft, vSwitchId: string, owner: string,
  addresses: readonly string[]): void {
  const writer = draft.ipv4(vSwitchId);
  const pool = draft.poolsOf(vSwitchId)!.v4;
  for (const address of addresses) writer.release(offsetOf(pool, address)!, owner);
}

export function releaseIpv4Prefixes(draft: RegionDraft, vSwitchId: string, owner: string,
  prefixes: readonly string[]): void {
  const writer = draft.ipv4(vSwitchId);
  const pool = draft.poolsOf(vSwitchId)!.v4;
  for (const prefix of prefixes) {
    const start = offsetOf(pool, prefix.split('/')[0]!)!;
    for (let offset = start; offset < start + 16; offset++) writer.release(offset, owner);
  }
}

/** Takes IPv6 addresses: the listed ones (checked), then `count` more; the vSwitch needs IPv6. */
export function takeIpv6(
  draft: RegionDraft, vSwitchId: string, owner: string, explicit: readonly string[], count: number,
): Result<string[], ApiError> {
  const pools = draft.poolsOf(vSwitchId)!;
  if (pools.v6 === null) return err(apiError('InvalidVSwitch.Ipv6NotTurnOn',
    `vSwitch ${vSwitchId}`));
  let v6 = pools.v6;
  const taken: string[] = [];
  for (const text of explicit) {
    const address = ipv6InPool(v6, text);
    if (address === undefined) return err(apiError('InvalidVSwitchId.IpInvalid',
      `address ${text} in vSwitch ${vSwitchId}`));
    if (taken.includes(address)) return err(apiError('InvalidIp.IpRepeated', `address ${address}`));
    if (v6.owners.has(address)) return err(apiError('InvalidPrivateIpAddress.Duplicated',
      `address ${address}`));
    v6 = takeIpv6Address(v6, address, owner);
    taken.push(address);
  }
  for (let index = 0; index < count; index++) {
    const next = takeNextIpv6(v6, owner);
    v6 = next.pool;
    taken.push(next.address);
  }
  draft.putPools(vSwitchId, { ...draft.poolsOf(vSwitchId)!, v6 });
  return ok(taken);
}

/** Takes IPv6 /80 prefixes: the listed ones (checked), then `count` more. */
export function takeIpv6Prefixes(draft: RegionDraft, vSwitchId: string, owner: string,
  explicit: readonly string[], count: number): Result<string[], ApiError> {
  const pools = draft.poolsOf(vSwitchId)!;
  if (pools.v6 === null) return err(apiError('InvalidVSwitch.Ipv6NotTurnOn',
    `vSwitch ${vSwitchId}`));
  let v6 = pools.v6;
  const taken: string[] = [];
  for (const text of explicit) {
    const prefix = ipv6PrefixInPool(v6, text);
    if (prefix === undefined) return err(apiError('InvalidVSwitchId.IpInvalid',
      `prefix ${text} is not a /80 of vSwitch ${vSwitchId}`));
    if (taken.includes(prefix)) return err(apiError('InvalidIp.IpRepeated', `prefix ${prefix}`));
    if (v6.owners.has(prefix)) return err(apiError('InvalidPrivateIpAddress.Duplicated',
      `prefix ${prefix}`));
    v6 = takeIpv6Address(v6, prefix, owner);
    taken.push(prefix);
  }
  for (let index = 0; index < count; index++) {
    const next = takeNextIpv6Prefix(v6, owner);
    v6 = next.pool;
    taken.push(next.prefix);
  }
  draft.putPools(vSwitchId, { ...draft.poolsOf(vSwitchId)!, v6 });
  return ok(taken);
}

export function releaseIpv6(draft: RegionDraft, vSwitchId: string,
  addresses: readonly string[]): void {
  const pools = draft.poolsOf(vSwitchId)!;
  if (pools.v6 === null || addresses.length === 0) return;
  let v6 = pools.v6;
  for (const address of addresses) v6 = { ...v6, owners: v6.owners.delete(address) };
  draft.putPools(vSwitchId, { ...pools, v6 });
}
