// kube-controller-manager's node CIDR set (k8s.io/kubernetes pkg/controller/nodeipam/ipam/cidrset):
// the cluster CIDR cut into node podCIDRs of one mask size (`--node-cidr-mask-size`, 24 by
// default), handed out round-robin: `allocateNext` takes the first free block at or after the
// block after the last one handed out, wrapping, so a released block is reused only after the
// search wraps around. `occupy` marks a block a node already has. Pure state, no time.

import { assert, err, formatIpv4Cidr, ok, parseIpv4Cidr, type Ipv4Cidr, type Result
} from '@terway-sim/sim-base';

export const errCidrRangeNoCidrsRemaining =
  'CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range';

export class CidrSet {
  readonly cluster: Ipv4Cidr;
  readonly maskSize: number;
  readonly size: number;
  private readonly used = new Set<number>();
  private nextCandidate = 0;

  constructor(clusterCidr: string, maskSize: number) {
    const cluster = parseIpv4Cidr(clusterCidr);
    assert(cluster !== undefined, () => `cluster CIDR ${clusterCidr} is not an IPv4 CIDR`);
    assert(maskSize >= cluster.prefix && maskSize <= 32,
      () => `node CIDR mask size ${maskSize} must be between /${cluster.prefix} and /32`);
    this.cluster = { network: cluster.network, prefix: cluster.prefix };
    this.maskSize = maskSize;
    this.size = 2 ** (maskSize - cluster.prefix);
  }

  /** Blocks handed out and not released. */
  get allocated(): number {
    return this.used.size;
  }

  private blockAt(index: number): string {
    const step = 2 ** (32 - this.maskSize);
    return formatIpv4Cidr({ network: (this.cluster.network + index * step) >>> 0,
      prefix: this.maskSize });
  }

  private indexOf(cidr: string): number | undefined {
    const parsed = parseIpv4Cidr(cidr);
    if (parsed === undefined || parsed.prefix !== this.maskSize) return undefined;
    const offset = (parsed.network - this.cluster.network) >>> 0;
    const index = offset / 2 ** (32 - this.maskSize);
    return Number.isInteger(index) && index < this.size ? index : undefined;
  }

  allocateNext(): Result<string, string> {
    for (let i = 0; i < this.size; i++) {
      const candidate = (i + this.nextCandidate) % this.size;
      if (this.used.has(candidate)) continue;
      this.used.add(candidate);
      this.nextCandidate = (candidate + 1) % this.size;
      return ok(this.blockAt(candidate));
    }
    return err(errCidrRangeNoCidrsRemaining);
  }

  /** Marks a block as taken; false when it is not a block of this set. */
  occupy(cidr: string): boolean {
    const index = this.indexOf(cidr);
    if (index === undefined) return false;
    this.used.add(index);
    return true;
  }

  release(cidr: string): void {
    const index = this.indexOf(cidr);
    if (index !== undefined) this.used.delete(index);
  }
}
