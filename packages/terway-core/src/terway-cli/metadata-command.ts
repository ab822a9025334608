// `terway-cli metadata` (Terway's cmd/terway-cli/cmd.go `runMetadata`): the node as the instance
// metadata service describes it, read directly (no daemon involved, so it works while the daemon
// is down) and drawn as one pterm tree:
//   vswitch: <the instance's vSwitch>
//     eni: <mac>                for every MAC the service lists, the primary ENI's first
//       primary: true|false
//       interface: <the host link with that MAC>, or `!!!NOT FOUND`
//       primary_ipv4: <address>
//       secondary_ipv4s          only when the ENI has more than its primary address; the
//         <address>…             others, in string order
//       ipv6s                    only when the service lists IPv6 addresses (404 = none)
//         <address>…             in string order
// Values are read the way Terway's metadata package reads them: the first line with `/` trimmed
// at both ends, lists one entry per line, `private-ipv4s` as a JSON array, `ipv6s` as `[a,b]`.
// A failed read ends the command with Terway's metadata error, except an unreadable IPv6 list:
// Terway prints pterm's ` ERROR ` line for it at once (before the tree) and goes on.

import { err, normalizeIp, ok, type Result } from '@terway-sim/sim-base';
import { metadataBase, metadataHttpError } from '../metadata/client.js';
import { renderTree, treeFromLeveledList, type LeveledItem } from './pterm.js';

/** One metadata read (path relative to `latest/meta-data/`); status 0 = unreachable. */
export type MetadataReader = (path: string) => Result<string, {
  readonly status: number;
  readonly message: string;
}>;

/** A link of the host network namespace, as `net.Interfaces()` lists it (index order). */
export interface HostLink {
  readonly name: string;
  readonly mac: string;
}

export interface MetadataCommandInput {
  readonly metadata: MetadataReader;
  readonly hostLinks: readonly HostLink[];
}

function readBody(input: MetadataCommandInput, path: string): Result<string, string> {
  const read = input.metadata(path);
  if (read.ok) return ok(read.value);
  const { status, message } = read.error;
  return err(metadataHttpError(`${metadataBase}${path}`, status, message).message);
}

/** Terway's getValue: the first line, `/` trimmed at both ends. */
function getValue(input: MetadataCommandInput, path: string): Result<string, string> {
  const body = readBody(input, path);
  return body.ok ? ok(trimSlashes(body.value.split('\n')[0]!)) : body;
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}

function parseIp(text: string): Result<string, string> {
  const ip = normalizeIp(text.trim());
  return ip === undefined ? err(`failed to parse ip ${text.trim()}`) : ok(ip);
}

function privateIpv4s(input: MetadataCommandInput, mac: string): Result<string[], string> {
  const text = getValue(input, `network/interfaces/macs/${mac}/private-ipv4s`);
  if (!text.ok) return text;
  let listed: unknown;
  try {
    listed = JSON.parse(text.value);
  } catch (error) {
    return err(`failed to parse ip, ${text.value}, ${(error as Error).message}`);
  }
  if (!Array.isArray(listed)) return err(`failed to parse ip, ${text.value}, not a list`);
  const ips: string[] = [];
  for (const entry of listed) {
    const ip = parseIp(String(entry));
    if (!ip.ok) return ip;
    ips.push(ip.value);
  }
  return ok(ips);
}

/** Terway's GetENIPrivateIPv6IPs: `[a,b]`; a 404 means the ENI has none. */
function ipv6s(input: MetadataCommandInput, mac: string): Result<string[], string> {
  const path = `network/interfaces/macs/${mac}/ipv6s`;
  const read = input.metadata(path);
  if (!read.ok && read.error.status === 404) return ok([]);
  const text = getValue(input, path);
  if (!text.ok) return text;
  const ips: string[] = [];
  for (const entry of text.value.replace(/[[\]]/g, '').split(',')) {
    const ip = parseIp(entry);
    if (!ip.ok) return ip;
    ips.push(ip.value);
  }
  return ok(ips);
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface EniLines {
  readonly items: LeveledItem[];
  /** pterm.Error lines printed at once, before the tree (an unreadable IPv6 list). */
  readonly errors: string[];
}

function eniItems(input: MetadataCommandInput, mac: string,
  primaryMac: string): Result<EniLines, string> {
  const link = input.hostLinks.find((candidate) => candidate.mac.toLowerCase() === mac);
  const items: LeveledItem[] = [{ level: 1, text: `eni: ${mac}` },
    { level: 2, text: `primary: ${String(mac === primaryMac)}` },
    { level: 2, text: `interface: ${link?.name ?? '!!!NOT FOUND'}` }];
  const primaryText = getValue(input, `network/interfaces/macs/${mac}/primary-ip-address`);
  const primary = primaryText.ok ? parseIp(primaryText.value) : primaryText;
  if (!primary.ok) return primary;
  items.push({ level: 2, text: `primary_ipv4: ${primary.value}` });
  const v4 = privateIpv4s(input, mac);
  if (!v4.ok) return v4;
  // One address means only the primary.
  if (v4.value.length > 1) {
    items.push({ level: 2, text: 'secondary_ipv4s' },
      ...[...v4.value].sort(byText).filter((ip) => ip !== primary.value)
        .map((ip) => ({ level: 3, text: ip })));
  }
  const v6 = ipv6s(input, mac);
  // Terway reports an unreadable IPv6 list and goes on with the next ENI.
  if (!v6.ok) {
    return ok({ items, errors: [` ERROR  can't get ipv6 info for eni ${mac}, skipping. ` +
      `(${v6.error})`] });
  }
  if (v6.value.length > 0) {
    items.push({ level: 2, text: 'ipv6s' },
      ...[...v6.value].sort(byText).map((ip) => ({ level: 3, text: ip })));
  }
  return ok({ items, errors: [] });
}

/** What `terway-cli metadata` prints, or the error it exits with. */
export function metadataCommand(input: MetadataCommandInput): Result<string, string> {
  const vSwitch = getValue(input, 'vswitch-id');
  if (!vSwitch.ok) return vSwitch;
  const listing = readBody(input, 'network/interfaces/macs/');
  if (!listing.ok) return listing;
  const primaryMac = getValue(input, 'mac');
  if (!primaryMac.ok) return primaryMac;
  const macs = listing.value.split('\n').map(trimSlashes);
  // Terway moves the primary ENI to the front and keeps the others in the listed order.
  const ordered = [...macs.filter((mac) => mac === primaryMac.value),
    ...macs.filter((mac) => mac !== primaryMac.value)];
  const items: LeveledItem[] = [{ level: 0, text: `vswitch: ${vSwitch.value}` }];
  const errors: string[] = [];
  for (const mac of ordered) {
    const eni = eniItems(input, mac, primaryMac.value);
    if (!eni.ok) return eni;
    items.push(...eni.value.items);
    errors.push(...eni.value.errors);
  }
  const printed = errors.map((line) => `${line}\n`).join('');
  return ok(`${printed}${renderTree(treeFromLeveledList(items))}`);
}
