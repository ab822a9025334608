// host-local IPAM (containernetworking/plugins plugins/ipam/host-local), the delegate Terway's VPC
// route mode ran for every pod (Terway before commit 0eb1f4a9 removed the mode): leases of the
// node's podCIDR kept on the node under /var/lib/cni/networks/networks/, keyed by container id and
// interface. The range is the subnet without its network and broadcast addresses; the gateway
// (first host address) is never leased; allocation continues after the last reserved address and
// wraps. One instance per node.

import {
  err, formatIpv4, ipv4At, ipv4CidrSize, ok, parseIpv4Cidr, type Result,
} from '@terway-sim/sim-base';

export const hostLocalDataDir = '/var/lib/cni/networks/networks';

export interface HostLocalLease {
  readonly ip: string;
  readonly containerId: string;
  readonly ifName: string;
}

export interface HostLocalAllocation {
  /** The address with the subnet's prefix length, e.g. `172.20.1.2/24`. */
  readonly address: string;
  readonly gateway: string;
}

export class HostLocalIpam {
  /** Lease files: ip → owner. */
  private readonly leases = new Map<string, { containerId: string; ifName: string }>();
  private lastReserved = new Map<string, string>();

  /** Every lease, sorted by address (for invariants and reports). */
  list(): HostLocalLease[] {
    return [...this.leases.entries()].map(([ip, owner]) => ({ ip, ...owner })).sort(
      (a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0)
    );
  }

  allocate(
    subnet: string, containerId: string, ifName: string,
  ): Result<HostLocalAllocation, string> {
    const cidr = parseIpv4Cidr(subnet);
    if (cidr === undefined || !subnet.includes('/')) return err(`invalid CIDR address: ${subnet}`);
    for (const [ip, owner] of this.leases) {
      if (
        owner.containerId === containerId && owner.ifName === ifName && this.inSubnet(ip, subnet)
      ) {
        return err(
          `${ip} has been allocated to ${containerId}, duplicate allocation is not allowed`
        );
      }
    }
    const size = ipv4CidrSize(cidr);
    const first = 1;
    const last = size - 2;
    const gateway = formatIpv4(ipv4At(cidr, 1));
    const previous = this.lastReserved.get(subnet);
    const startOffset = previous === undefined ? first : (
      parseIpv4Cidr(previous)?.network ?? 0
    ) - cidr.network + 1;
    for (let i = 0; i <= last - first; i++) {
      const offset = first + (
        (startOffset - first + i) % (last - first + 1) + (last - first + 1)
      ) % (last - first + 1);
      const ip = formatIpv4(ipv4At(cidr, offset));
      if (ip === gateway || this.leases.has(ip)) continue;
      this.leases.set(ip, { containerId, ifName });
      this.lastReserved.set(subnet, ip);
      return ok({ address: `${ip}/${cidr.prefix}`, gateway });
    }
    return err(
      `no IP addresses available in range set: `
        + `${formatIpv4(ipv4At(cidr, first))}-${formatIpv4(ipv4At(cidr, last))}`
    );
  }

  /** ReleaseByID: frees whatever the container's interface holds; nothing held is not an error. */
  release(containerId: string, ifName: string): void {
    for (const [ip, owner] of [...this.leases]) {
      if (owner.containerId === containerId && owner.ifName === ifName) this.leases.delete(ip);
    }
  }

  private inSubnet(ip: string, subnet: string): boolean {
    const cidr = parseIpv4Cidr(subnet);
    const addr = parseIpv4Cidr(ip);
    if (cidr === undefined || addr === undefined) return false;
    return addr.network >= cidr.network && addr.network < cidr.network + ipv4CidrSize(cidr);
  }
}
