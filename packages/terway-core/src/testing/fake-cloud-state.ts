// The state behind FakeCloud (a test double, not the cloud emulator): vSwitch address pools, ENIs
// with their status machine, and each instance's metadata view, which trails the API state by a
// fixed lag. Small and exact, so a client-layer test can state a timeline to the millisecond.
//
// Rules kept from ECS (reference aliyun-api.md §5.1): create ⇒ Available; attach ⇒ Attaching ⇒
// InUse after `attachMs`; detach ⇒ Detaching ⇒ Available after `detachMs`; delete (Available only)
// ⇒ Deleting ⇒ gone after `deleteMs`. A vSwitch reserves its first and last three addresses;
// its gateway is the third from last. The metadata view of an instance is what the API state was
// `metadataLagMs` earlier: every change is copied into the view after the lag, in order.

import { assert, formatIpv4, formatIpv6, ipv4At, ipv4CidrSize, ipv6At, parseIpv4Cidr, parseIpv6Cidr,
  type IdGenerator, type Ipv4Cidr, type Ipv6Cidr, type Scheduler } from '@terway-sim/sim-base';

export interface FakeVSwitchSpec {
  readonly id: string;
  readonly zoneId: string;
  readonly cidr: string;
  readonly ipv6Cidr?: string;
}

export interface FakeInstanceSpec {
  readonly id: string;
  readonly zoneId: string;
  readonly vSwitchId: string;
  readonly instanceType?: string;
  /** EniQuantity, primary included (default 4). */
  readonly eniQuantity?: number;
  /** EniPrivateIpAddressQuantity (default 10). */
  readonly ipsPerEni?: number;
}

export interface FakeEni {
  readonly id: string;
  readonly mac: string;
  status: string;
  type: string;
  trafficMode: string;
  readonly vSwitchId: string;
  readonly zoneId: string;
  instanceId: string;
  deviceIndex: number;
  readonly ipv4: Array<{ ip: string; primary: boolean }>;
  readonly ipv6: string[];
  readonly securityGroupIds: string[];
  readonly tags: Array<{ key: string; value: string }>;
  readonly creationTime: string;
}

/** What the metadata server shows for one MAC. */
export interface MetadataEni {
  readonly eniId: string;
  readonly vSwitchId: string;
  readonly primaryIp: string;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}

export class FakeVSwitch {
  readonly cidr: Ipv4Cidr;
  readonly ipv6: Ipv6Cidr | undefined;
  private readonly used = new Set<number>();
  private nextIndex = 1;
  private nextIpv6 = 16n;

  constructor(readonly spec: FakeVSwitchSpec) {
    const cidr = parseIpv4Cidr(spec.cidr, { strict: true });
    assert(cidr !== undefined, () =>
      `fake vSwitch ${spec.id}: cidr ${spec.cidr} is not an IPv4 CIDR`);
    this.cidr = cidr;
    this.ipv6 = spec.ipv6Cidr === undefined ? undefined : parseIpv6Cidr(spec.ipv6Cidr);
  }

  get available(): number {
    return ipv4CidrSize(this.cidr) - 4 - this.used.size;
  }

  get gateway(): string {
    return formatIpv4(ipv4At(this.cidr, -3));
  }

  /** The lowest free address (scanning on from the last one handed out), or undefined when full. */
  allocate(): string | undefined {
    if (this.available <= 0) return undefined;
    const usable = ipv4CidrSize(this.cidr) - 4;
    for (let tries = 0; tries < usable; tries++) {
      const index = this.nextIndex;
      this.nextIndex = index >= usable ? 1 : index + 1;
      if (!this.used.has(index)) {
        this.used.add(index);
        return formatIpv4(ipv4At(this.cidr, index));
      }
    }
    return undefined;
  }

  release(ip: string): void {
    const parsed = parseIpv4Cidr(ip);
    if (parsed !== undefined) this.used.delete(parsed.network - this.cidr.network);
  }

  /** Marks every free address used (a vSwitch drained by other nodes). */
  exhaust(): void {
    for (let index = 1; index <= ipv4CidrSize(this.cidr) - 4; index++) this.used.add(index);
  }

  allocateIpv6(): string | undefined {
    if (this.ipv6 === undefined) return undefined;
    return formatIpv6(ipv6At(this.ipv6, this.nextIpv6++));
  }
}

export class FakeCloudState {
  readonly vSwitches = new Map<string, FakeVSwitch>();
  readonly instances = new Map<string, Required<FakeInstanceSpec>>();
  readonly enis = new Map<string, FakeEni>();
  /** instance → MAC → what metadata shows (lagging). */
  readonly metadataViews = new Map<string, Map<string, MetadataEni>>();
  readonly primaryMacs = new Map<string, string>();

  constructor(private readonly deps: { readonly scheduler: Scheduler; readonly ids: IdGenerator },
    private readonly lag: { readonly metadataLagMs: number }) {}

  addVSwitch(spec: FakeVSwitchSpec): void {
    this.vSwitches.set(spec.id, new FakeVSwitch(spec));
  }

  addInstance(spec: FakeInstanceSpec): void {
    const full = { instanceType: 'ecs.g7.xlarge', eniQuantity: 4, ipsPerEni: 10, ...spec };
    this.instances.set(spec.id, full);
    this.metadataViews.set(spec.id, new Map());
    const primary = this.newEni(spec.vSwitchId, 'Primary', 1, 0);
    assert(primary !== undefined, () =>
      `fake instance ${spec.id}: vSwitch ${spec.vSwitchId} has no address for the primary ENI`);
    primary.status = 'InUse';
    primary.instanceId = spec.id;
    this.primaryMacs.set(spec.id, primary.mac);
    this.metadataViews.get(spec.id)!.set(primary.mac, this.metadataOf(primary));
  }

  /**
   * A new Available ENI with `ipv4Count` addresses (primary first) and `ipv6Count` IPv6, or
   * undefined if the vSwitch is short.
   */
  newEni(vSwitchId: string, type: string, ipv4Count: number,
    ipv6Count: number): FakeEni | undefined {
    const vSwitch = this.vSwitches.get(vSwitchId)!;
    if (vSwitch.available < ipv4Count) return undefined;
    const ipv4 = Array.from({ length: ipv4Count }, (_, index) => ({ ip: vSwitch.allocate()!,
      primary: index === 0 }));
    const ipv6 = Array.from({ length: ipv6Count }, () =>
      vSwitch.allocateIpv6()).filter((ip): ip is string => ip !== undefined);
    const eni: FakeEni = {
      id: this.deps.ids.next('eni'), mac: this.deps.ids.nextMac(), status: 'Available', type,
        trafficMode: 'Standard',
      vSwitchId, zoneId: vSwitch.spec.zoneId, instanceId: '', deviceIndex: 0, ipv4, ipv6,
        securityGroupIds: [], tags: [],
      creationTime: '2026-01-01T00:00:00Z',
    };
    this.enis.set(eni.id, eni);
    return eni;
  }

  metadataOf(eni: FakeEni): MetadataEni {
    return { eniId: eni.id, vSwitchId: eni.vSwitchId, primaryIp: eni.ipv4.find((entry) =>
      entry.primary)?.ip ?? '',
      ipv4: eni.ipv4.map((entry) => entry.ip), ipv6: [...eni.ipv6] };
  }

  /**
   * Copies the ENI's current addresses (or its absence) into its instance's metadata view after the
   * lag.
   */
  publish(instanceId: string, eni: FakeEni, present: boolean): void {
    const view = this.metadataViews.get(instanceId);
    if (view === undefined) return;
    const snapshot = present ? this.metadataOf(eni) : undefined;
    this.deps.scheduler.after(this.lag.metadataLagMs, () => {
      if (snapshot === undefined) view.delete(eni.mac);
      else view.set(eni.mac, snapshot);
    });
  }

  /** ENIs attached (or attaching) to the instance, primary included. */
  attachedCount(instanceId: string): number {
    return [...this.enis.values()].filter((eni) => eni.instanceId === instanceId).length;
  }
}
