// The working copy of one region during one API call or one timer: a mutable holder of
// immutable parts. Reads see the call's own writes; `finish()` builds the new RegionState and
// shares every part the call did not touch. A refused call simply drops its draft, so no refusal
// can leave half a change behind.

import { Ipv4PoolWriter } from '../vswitch/ipv4-pool.js';
import type { PersistentMap } from '@terway-sim/sim-base';
import type {
  EipRecord,
  EniRecord,
  NatGatewayRecord,
  InstanceRecord,
  RegionState,
  RouteTableRecord,
  SecurityGroupRecord,
  TokenRecord,
  VpcRecord,
  VSwitchPools,
  VSwitchRecord,
} from './types.js';

/** A plain record copied on its first write. */
export class CopyOnWrite<T> {
  private copy: Record<string, T> | null = null;

  constructor(private readonly base: Readonly<Record<string, T>>) {}

  get(id: string): T | undefined {
    return Object.prototype.hasOwnProperty.call(this.current, id) ? this.current[id] : undefined;
  }

  set(id: string, value: T): void {
    (this.copy ??= { ...this.base })[id] = value;
  }

  delete(id: string): void {
    if (this.get(id) === undefined) return;
    this.copy ??= { ...this.base };
    delete this.copy[id];
  }

  values(): T[] {
    return Object.values(this.current);
  }

  get current(): Readonly<Record<string, T>> {
    return this.copy ?? this.base;
  }
}

export class RegionDraft {
  private vpcsCow: CopyOnWrite<VpcRecord> | null = null;
  private vSwitchesCow: CopyOnWrite<VSwitchRecord> | null = null;
  private securityGroupsCow: CopyOnWrite<SecurityGroupRecord> | null = null;
  private routeTablesCow: CopyOnWrite<RouteTableRecord> | null = null;
  private natGatewaysCow: CopyOnWrite<NatGatewayRecord> | null = null;
  private eipsCow: CopyOnWrite<EipRecord> | null = null;
  private poolsCow: CopyOnWrite<VSwitchPools> | null = null;
  private ipv4Writers: Map<string, Ipv4PoolWriter> | null = null;
  instances: PersistentMap<InstanceRecord>;
  enis: PersistentMap<EniRecord>;
  tokens: PersistentMap<TokenRecord>;
  quotaEniCount: number;
  tokensSweptMs: number;

  constructor(readonly base: RegionState) {
    this.instances = base.instances;
    this.enis = base.enis;
    this.tokens = base.tokens;
    this.quotaEniCount = base.quotaEniCount;
    this.tokensSweptMs = base.tokensSweptMs;
  }

  // The record wrappers are made on first use: most calls touch one or two of them.
  get vpcs(): CopyOnWrite<VpcRecord> {
    return (this.vpcsCow ??= new CopyOnWrite(this.base.vpcs));
  }

  get vSwitches(): CopyOnWrite<VSwitchRecord> {
    return (this.vSwitchesCow ??= new CopyOnWrite(this.base.vSwitches));
  }

  get securityGroups(): CopyOnWrite<SecurityGroupRecord> {
    return (this.securityGroupsCow ??= new CopyOnWrite(this.base.securityGroups));
  }

  get routeTables(): CopyOnWrite<RouteTableRecord> {
    return (this.routeTablesCow ??= new CopyOnWrite(this.base.routeTables));
  }

  get natGateways(): CopyOnWrite<NatGatewayRecord> {
    return (this.natGatewaysCow ??= new CopyOnWrite(this.base.natGateways));
  }

  get eips(): CopyOnWrite<EipRecord> {
    return (this.eipsCow ??= new CopyOnWrite(this.base.eips));
  }

  private get pools(): CopyOnWrite<VSwitchPools> {
    return (this.poolsCow ??= new CopyOnWrite(this.base.pools));
  }

  get regionId(): string {
    return this.base.regionId;
  }

  eni(id: string): EniRecord | undefined {
    return this.enis.get(id);
  }

  putEni(eni: EniRecord): void {
    this.enis = this.enis.set(eni.id, eni);
  }

  instance(id: string): InstanceRecord | undefined {
    return this.instances.get(id);
  }

  putInstance(instance: InstanceRecord): void {
    this.instances = this.instances.set(instance.id, instance);
  }

  /** The IPv4 pool writer of a vSwitch, shared by every change of this call. */
  ipv4(vSwitchId: string): Ipv4PoolWriter {
    this.ipv4Writers ??= new Map();
    let writer = this.ipv4Writers.get(vSwitchId);
    if (writer === undefined) {
      const pools = this.pools.get(vSwitchId);
      if (pools === undefined) throw new Error(`region draft: no pools for vSwitch ${vSwitchId}`);
      writer = new Ipv4PoolWriter(pools.v4);
      this.ipv4Writers.set(vSwitchId, writer);
    }
    return writer;
  }

  poolsOf(vSwitchId: string): VSwitchPools | undefined {
    return this.pools.get(vSwitchId);
  }

  /** Replaces a vSwitch's pools (IPv6 changes, a new vSwitch). Flushes its IPv4 writer first. */
  putPools(vSwitchId: string, pools: VSwitchPools): void {
    const writer = this.ipv4Writers?.get(vSwitchId);
    this.ipv4Writers?.delete(vSwitchId);
    this.pools.set(vSwitchId, writer === undefined ? pools : { ...pools, v4: writer.finish() });
  }

  finish(): RegionState {
    for (const [vSwitchId, writer] of this.ipv4Writers ?? []) {
      const pools = this.pools.get(vSwitchId)!;
      this.pools.set(vSwitchId, { v4: writer.finish(), v6: pools.v6 });
    }
    this.ipv4Writers = null;
    // A literal, not a spread: this runs on every call and V8 builds literals far faster.
    return {
      regionId: this.base.regionId,
      zones: this.base.zones,
      vpcs: this.vpcsCow?.current ?? this.base.vpcs,
      vSwitches: this.vSwitchesCow?.current ?? this.base.vSwitches,
      securityGroups: this.securityGroupsCow?.current ?? this.base.securityGroups,
      routeTables: this.routeTablesCow?.current ?? this.base.routeTables,
      natGateways: this.natGatewaysCow?.current ?? this.base.natGateways,
      eips: this.eipsCow?.current ?? this.base.eips,
      pools: this.poolsCow?.current ?? this.base.pools,
      instances: this.instances,
      enis: this.enis,
      tokens: this.tokens,
      quotaEniCount: this.quotaEniCount,
      tokensSweptMs: this.tokensSweptMs,
    };
  }
}
