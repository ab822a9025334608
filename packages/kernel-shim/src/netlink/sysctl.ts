// Sysctls under /proc/sys/net, per namespace, named the way Terway's pkg/sysctl names them:
// a path relative to /proc/sys with slashes, e.g. `net/ipv4/conf/eth0/rp_filter`.
//
// Per-interface knobs exist for every link under `net/ipv4/conf/<link>/` and
// `net/ipv6/conf/<link>/`, beside `all` and `default`; a new link starts from `default`'s values.
// Values are the text the file holds, trimmed (Terway compares trimmed text before writing).

export const sysctlRoot = '/proc/sys';

/** The per-interface sysctls the model keeps, by family; other paths answer ENOENT. */
export const ipv4ConfKeys = [
  'forwarding', 'rp_filter', 'accept_local', 'proxy_arp', 'arp_ignore', 'arp_announce',
  'send_redirects', 'accept_redirects', 'route_localnet',
] as const;

export const ipv6ConfKeys = [
  'disable_ipv6',
  'accept_ra',
  'forwarding',
  'accept_dad',
  'autoconf',
] as const;

/** Namespace-wide knobs the model keeps. */
export const netGlobalKeys = ['net/ipv4/ip_forward', 'net/ipv6/conf/all/forwarding'] as const;

export type Ipv4ConfKey = (typeof ipv4ConfKeys)[number];
export type Ipv6ConfKey = (typeof ipv6ConfKeys)[number];

/** `net/ipv4/conf/<device>/<key>`. */
export function ipv4ConfPath(device: string, key: Ipv4ConfKey): string {
  return `net/ipv4/conf/${device}/${key}`;
}

export function ipv6ConfPath(device: string, key: Ipv6ConfKey): string {
  return `net/ipv6/conf/${device}/${key}`;
}

/** Strips a leading /proc/sys/ and turns dots into slashes (`net.ipv4.ip_forward` works too). */
export function normalizeSysctlPath(path: string): string {
  const bare = path.startsWith(`${sysctlRoot}/`) ? path.slice(sysctlRoot.length + 1) : path;
  return bare.includes('/') ? bare : bare.replaceAll('.', '/');
}
