// Network namespaces, named the way `ip netns` names them.
//
// Every netlink call names the namespace it runs in (as `ip -n NS ...` does) instead of relying
// on a per-thread "current namespace" as Go code does with `ns.Do`; the CNI's pod netns path
// `/var/run/netns/NAME` maps to the name `NAME` (`netnsNameFromPath`). A node's host namespace is
// a namespace like any other: each simulated node has its own.

/** A namespace name as the caller chose it (the real backend prefixes it on the machine). */
export type NetnsName = string;

export const netnsRunDir = '/var/run/netns';

/** `NAME` for `/var/run/netns/NAME` (or a bare `NAME`); undefined for other paths. */
export function netnsNameFromPath(path: string): NetnsName | undefined {
  const prefix = `${netnsRunDir}/`;
  const name = path.startsWith(prefix) ? path.slice(prefix.length) : path;
  return isValidNetnsName(name) ? name : undefined;
}

export function netnsPath(name: NetnsName): string {
  return `${netnsRunDir}/${name}`;
}

/** Names the real backend can prefix and still pass to `ip netns`: letters, digits, `-_.`. */
export function isValidNetnsName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/.test(name);
}
