// The instance metadata service of FakeCloud, as one instance sees it: the paths Terway reads
// (reference aliyun-api.md §5.3), served from the instance's lagging metadata view, in the body
// formats of the real server (lists one per line with a trailing `/`, `private-ipv4s` a JSON
// array, `ipv6s` bracketed and unquoted, 404 for unknown paths and for an ENI without IPv6).
// Faults: `fail(match, status, times)` answers matching paths with that status (0 = unreachable).

import { err, ok, type Result, type Scheduler } from '@terway-sim/sim-base';
import type { MetadataFailure, MetadataPort } from '../ports/metadata.js';
import type { FakeCloudState, MetadataEni } from './fake-cloud-state.js';

export interface FakeMetadataRead {
  readonly atMs: number;
  readonly path: string;
  readonly status: number;
}

interface Fault {
  readonly match: (path: string) => boolean;
  readonly status: number;
  remaining: number;
}

export class FakeMetadata implements MetadataPort {
  readonly reads: FakeMetadataRead[] = [];
  private readonly faults: Fault[] = [];

  constructor(private readonly deps: {
    readonly scheduler: Scheduler; readonly state: FakeCloudState },
    private readonly options: {
      readonly instanceId: string; readonly regionId: string; readonly latencyMs: number }) {}

  /** Answers the next `times` reads of matching paths with `status` instead of the view. */
  fail(match: string | ((path: string) => boolean), status: number, times = 1): this {
    this.faults.push({ match: typeof match === 'string' ? (path) => path === match : match, status,
      remaining: times });
    return this;
  }

  async get(path: string): Promise<Result<string, MetadataFailure>> {
    await this.deps.scheduler.sleep(this.options.latencyMs);
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && candidate.match(path));
    let reply: Result<string, MetadataFailure>;
    if (fault !== undefined) {
      fault.remaining--;
      reply = err({ status: fault.status, message: fault.status === 0 ? 'connection refused'
        : `HTTP ${fault.status}` });
    } else {
      const body = this.body(path);
      reply = body === undefined ? err({ status: 404, message: 'Not Found' }) : ok(body);
    }
    this.reads.push({ atMs: this.deps.scheduler.nowMs(), path, status: reply.ok ? 200
      : reply.error.status });
    return reply;
  }

  private body(path: string): string | undefined {
    const state = this.deps.state;
    const instance = state.instances.get(this.options.instanceId);
    if (instance === undefined) return undefined;
    const view = state.metadataViews.get(instance.id)!;
    const vSwitch = state.vSwitches.get(instance.vSwitchId)!;
    const top: Record<string, string> = {
      'instance-id': instance.id, 'instance/instance-type': instance.instanceType,
        'region-id': this.options.regionId,
      'zone-id': instance.zoneId, 'vpc-id': 'vpc-fake', 'vswitch-id': instance.vSwitchId,
      'vswitch-cidr-block': vSwitch.spec.cidr, mac: state.primaryMacs.get(instance.id)!,
      'network/interfaces/macs/': [...view.keys()].map((mac) => `${mac}/`).join('\n'),
    };
    if (path in top) return top[path];
    const match = /^network\/interfaces\/macs\/([0-9a-f:]+)\/([a-z0-9-]+)$/.exec(path);
    const eni = match === null ? undefined : view.get(match[1]!);
    return eni === undefined ? undefined : this.eniBody(eni, match![2]!);
  }

  private eniBody(eni: MetadataEni, leaf: string): string | undefined {
    const vSwitch = this.deps.state.vSwitches.get(eni.vSwitchId)!;
    switch (leaf) {
      case 'network-interface-id': return eni.eniId;
      case 'primary-ip-address': return eni.primaryIp;
      case 'private-ipv4s': return JSON.stringify(eni.ipv4);
      case 'ipv6s': return eni.ipv6.length === 0 ? undefined : `[${eni.ipv6.join(',')}]`;
      case 'gateway': return vSwitch.gateway;
      case 'ipv6-gateway': return vSwitch.spec.ipv6Cidr === undefined ? undefined
        : vSwitch.spec.ipv6Cidr.replace(/::\/\d+$/, '::1');
      case 'vswitch-id': return eni.vSwitchId;
      case 'vswitch-cidr-block': return vSwitch.spec.cidr;
      case 'vswitch-ipv6-cidr-block': return vSwitch.spec.ipv6Cidr;
      default: return undefined;
    }
  }
}
