// A fake of the pool's `Factory` (Terway's pkg/factory) for testing the daemon's pool and IPAM
// alone: whole operations on an in-memory instance — ENIs with addresses drawn from one vSwitch,
// an ENI quota, per-operation latency on the virtual clock — with scripted failures.
//
// Faults it may inject (`failNext`): any operation failing with a code and Terway-style text
// (`Throttling` after the factory's own retries gave up, `InvalidVSwitchId.IpNotEnough`, …); an
// ENI creation that fails after the ENI exists (`withEni`, as an attach failure); and by state:
// `EniPerInstanceLimitExceeded` when the instance's secondary-ENI quota is full (the ENI is
// created and returned with the failure, as Terway's attach failure), the generic "timed out
// waiting for the condition" when the vSwitch cannot fit a new ENI's addresses (quirk Q5), and
// `InvalidVSwitchId.IpNotEnough` when it cannot fit an assign. `hideFromMetadata` / `addOrphan`
// make metadata disagree with the pool for the reconciliation tests.
//
// Effects land when an operation's latency has elapsed even if the caller's context ended
// meanwhile (the cloud finished the call; the caller just stopped listening), which is what a
// daemon crash mid-allocation leaves behind.

import {
  err, formatIpv4, formatIpv6, ipv4At, ipv4CidrSize, ipv6At, ok, parseIpv4Cidr, parseIpv6Cidr,
  type Context, type IdGenerator, type Ipv4Cidr, type Ipv6Cidr, type Result, type Scheduler,
} from '@terway-sim/sim-base';
import type { AttachedEni, EniSlotType } from '../eni/types.js';
import type { CreateFailure, CreatedEni, Factory, FactoryFailure } from '../factory/factory.js';

export type FakeFactoryOp =
  | 'create' | 'assignIpv4' | 'assignIpv6' | 'unassignIpv4' | 'unassignIpv6' | 'delete' | 'load'
  | 'list';

export interface FakeFactoryOptions {
  readonly vSwitchId?: string;
  /** IPv4 CIDR of the vSwitch; the first address and the last four are not handed out. */
  readonly vSwitchCidr?: string;
  readonly vSwitchIpv6Cidr?: string;
  /** Secondary ENIs the instance accepts (EniQuantity − 1). */
  readonly maxEni?: number;
  /** IPv4 per ENI, the primary included (EniPrivateIpAddressQuantity). */
  readonly ipsPerEni?: number;
  readonly latencyMs?: Partial<Record<FakeFactoryOp, number>>;
}

export interface FakeFactoryCall {
  readonly op: FakeFactoryOp;
  readonly atMs: number;
  readonly eniId?: string | undefined;
  readonly count?: number | undefined;
  readonly ok: boolean;
  readonly code?: string | undefined;
}

export interface ScriptedFailure {
  readonly code?: string | undefined;
  readonly message?: string | undefined;
  /** For `create`: the ENI is made (not attached) before the failure, and returned with it. */
  readonly withEni?: boolean | undefined;
  /** How many calls in a row fail (default 1). */
  readonly times?: number | undefined;
}

export interface FakeEniView {
  readonly eni: AttachedEni;
  /** False when the attach step failed: the ENI exists (Available), the instance has not got it. */
  readonly attached: boolean;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}

interface FakeEni {
  readonly eni: AttachedEni;
  attached: boolean;
  readonly ipv4: string[];
  readonly ipv6: string[];
}

type AssignRequest = Parameters<Factory['assignIpv4']>[1];
type AssignResult = Awaited<ReturnType<Factory['assignIpv4']>>;
type UnassignRequest = Parameters<Factory['unassignIpv4']>[1];
type CreateRequest = Parameters<Factory['createNetworkInterface']>[1];
type LoadResult = Result<{ ipv4: readonly string[]; ipv6: readonly string[] }, FactoryFailure>;
type CreateResult = Result<CreatedEni, CreateFailure>;
type Done = Result<void, FactoryFailure>;
type AddressFamilyOp = 'assignIpv4' | 'assignIpv6';

const timedOut = 'timed out waiting for the condition';
const quotaFailure = {
  code: 'EniPerInstanceLimitExceeded',
  message: 'Current instance eni count exceeds the limit.',
};

const defaultLatencyMs: Record<FakeFactoryOp, number> = {
  create: 3_000, assignIpv4: 1_000, assignIpv6: 1_000, unassignIpv4: 1_000, unassignIpv6: 1_000,
  delete: 6_000, load: 10, list: 10,
};

export class FakeFactory implements Factory {
  readonly calls: FakeFactoryCall[] = [];
  readonly vSwitchId: string;
  readonly maxEni: number;
  readonly ipsPerEni: number;
  private readonly cidr: Ipv4Cidr;
  private readonly cidr6: Ipv6Cidr | undefined;
  private readonly enis = new Map<string, FakeEni>();
  private readonly used = new Set<string>();
  private readonly hidden = new Set<string>();
  private readonly orphans = new Map<string, string[]>();
  private readonly script = new Map<FakeFactoryOp, ScriptedFailure[]>();
  private next6 = 1n;
  private freeLimit: number | undefined;

  constructor(private readonly deps: { scheduler: Scheduler; ids: IdGenerator },
    private readonly options: FakeFactoryOptions = {}) {
    this.vSwitchId = options.vSwitchId ?? 'vsw-fake0001';
    this.cidr = parseIpv4Cidr(options.vSwitchCidr ?? '10.0.0.0/24')!;
    const cidr6 = options.vSwitchIpv6Cidr;
    this.cidr6 = cidr6 === undefined ? undefined : parseIpv6Cidr(cidr6);
    this.maxEni = options.maxEni ?? 3;
    this.ipsPerEni = options.ipsPerEni ?? 10;
  }

  /** The next `times` calls of `op` fail with this failure. */
  failNext(op: FakeFactoryOp, failure: ScriptedFailure): void {
    const queue = this.script.get(op) ?? [];
    for (let index = 0; index < (failure.times ?? 1); index++) queue.push(failure);
    this.script.set(op, queue);
  }

  /** Caps the vSwitch's free IPv4 addresses (undefined: the CIDR's own size). */
  limitFreeIps(count: number | undefined): void {
    this.freeLimit = count;
  }

  freeIpv4(): number {
    const size = ipv4CidrSize(this.cidr) - 5 - this.used.size;
    return this.freeLimit === undefined ? size : Math.min(size, this.freeLimit);
  }

  /** Every ENI this fake made and has not deleted, attached or not, in creation order. */
  instanceEnis(): readonly FakeEniView[] {
    return [...this.enis.values()];
  }

  attachedCount(): number {
    return [...this.enis.values()].filter((entry) => entry.attached).length;
  }

  /** Metadata stops listing `ip` (the cloud still has it). */
  hideFromMetadata(ip: string): void {
    this.hidden.add(ip);
  }

  /** Metadata lists `ip` on the ENI although nobody assigned it through this factory. */
  addOrphan(eniId: string, ip: string): void {
    this.orphans.set(eniId, [...(this.orphans.get(eniId) ?? []), ip]);
  }

  async createNetworkInterface(ctx: Context, request: CreateRequest): Promise<CreateResult> {
    await this.delay('create');
    const scripted = this.takeScripted('create');
    const outcome = this.create(request, scripted);
    const eniId = outcome.ok ? outcome.value.eni.id : outcome.error.eni?.id;
    this.record('create', eniId, request.ipv4Count, outcome);
    return this.answer(ctx, outcome);
  }

  private create(request: CreateRequest, scripted: ScriptedFailure | undefined): CreateResult {
    if (scripted !== undefined && scripted.withEni !== true) return err(this.failure(scripted));
    if (this.freeIpv4() < request.ipv4Count) return err({ message: timedOut });
    const quotaFull = this.attachedCount() >= this.maxEni;
    const made = this.makeEni(request.ipv4Count, request.ipv6Count, request.type);
    made.attached = scripted === undefined && !quotaFull;
    if (scripted !== undefined) return err({ ...this.failure(scripted), eni: made.eni });
    if (quotaFull) return err({ ...this.failure(quotaFailure), eni: made.eni });
    return ok({ eni: made.eni, ipv4: [...made.ipv4], ipv6: [...made.ipv6] });
  }

  async assignIpv4(ctx: Context, request: AssignRequest): Promise<AssignResult> {
    return this.assign(ctx, 'assignIpv4', request);
  }

  async assignIpv6(ctx: Context, request: AssignRequest): Promise<AssignResult> {
    return this.assign(ctx, 'assignIpv6', request);
  }

  async unassignIpv4(ctx: Context, request: UnassignRequest): Promise<Done> {
    return this.unassign(ctx, 'unassignIpv4', request);
  }

  async unassignIpv6(ctx: Context, request: UnassignRequest): Promise<Done> {
    return this.unassign(ctx, 'unassignIpv6', request);
  }

  async deleteNetworkInterface(ctx: Context, eniId: string): Promise<Done> {
    await this.delay('delete');
    const outcome = this.scriptedOrDone('delete');
    if (outcome.ok) {
      this.enis.get(eniId)?.ipv4.forEach((ip) => this.used.delete(ip));
      this.enis.delete(eniId);
    }
    this.record('delete', eniId, undefined, outcome);
    return this.answer(ctx, outcome);
  }

  async loadNetworkInterface(ctx: Context, mac: string): Promise<LoadResult> {
    await this.delay('load');
    const scripted = this.takeScripted('load');
    const found = [...this.enis.values()].find((entry) => entry.attached && entry.eni.mac === mac);
    let outcome: LoadResult;
    if (scripted !== undefined) outcome = err(this.failure(scripted));
    else if (found === undefined) {
      outcome = err({ message: `metadata: no interface with mac ${mac}` });
    } else {
      const visible = (ips: readonly string[]): string[] =>
        ips.filter((ip) => !this.hidden.has(ip));
      const orphans = this.orphans.get(found.eni.id) ?? [];
      outcome = ok({ ipv4: [...visible(found.ipv4), ...orphans], ipv6: visible(found.ipv6) });
    }
    this.record('load', found?.eni.id, undefined, outcome);
    return this.answer(ctx, outcome);
  }

  async listAttachedNetworkInterfaces(
    ctx: Context): Promise<Result<readonly AttachedEni[], FactoryFailure>> {
    await this.delay('list');
    const scripted = this.takeScripted('list');
    const attached = [...this.enis.values()].filter((entry) => entry.attached)
      .map((entry) => entry.eni);
    const outcome: Result<readonly AttachedEni[], FactoryFailure> =
      scripted === undefined ? ok(attached) : err(this.failure(scripted));
    this.record('list', undefined, undefined, outcome);
    return this.answer(ctx, outcome);
  }

  private async assign(ctx: Context, op: AddressFamilyOp,
    request: AssignRequest): Promise<AssignResult> {
    await this.delay(op);
    const scripted = this.takeScripted(op);
    const outcome = scripted === undefined
      ? this.assignNow(op, request)
      : err(this.failure(scripted));
    this.record(op, request.eniId, request.count, outcome);
    return this.answer(ctx, outcome);
  }

  private assignNow(op: AddressFamilyOp,
    request: AssignRequest): Result<readonly string[], FactoryFailure> {
    const v4 = op === 'assignIpv4';
    const target = this.enis.get(request.eniId);
    if (target === undefined) {
      const message = `The specified ENI ${request.eniId} does not exist.`;
      return err(this.failure({ code: 'InvalidEniId.NotFound', message }));
    }
    if (v4 && this.freeIpv4() < request.count) {
      const message = `The specified VSwitch "${this.vSwitchId}" has not enough IpAddress.`;
      return err(this.failure({ code: 'InvalidVSwitchId.IpNotEnough', message }));
    }
    const list = v4 ? target.ipv4 : target.ipv6;
    if (list.length + request.count > this.ipsPerEni) {
      const code = `InvalidOperation.${v4 ? 'Ipv4' : 'Ipv6'}CountExceeded`;
      return err(this.failure({ code, message: 'ip count exceeds the limit of the eni' }));
    }
    const take = (): string => (v4 ? this.takeIpv4() : this.takeIpv6());
    const ips = Array.from({ length: request.count }, take);
    list.push(...ips);
    return ok(ips);
  }

  private async unassign(ctx: Context, op: 'unassignIpv4' | 'unassignIpv6',
    request: UnassignRequest): Promise<Done> {
    await this.delay(op);
    const outcome = this.scriptedOrDone(op);
    const target = this.enis.get(request.eniId);
    if (outcome.ok && target !== undefined) {
      const list = op === 'unassignIpv4' ? target.ipv4 : target.ipv6;
      const primary = target.eni.primaryIp.ipv4;
      const gone = request.ips.filter((ip) => ip !== primary);
      gone.forEach((ip) => this.used.delete(ip));
      const keep = list.filter((ip) => !gone.includes(ip));
      list.splice(0, list.length, ...keep);
    }
    this.record(op, request.eniId, request.ips.length, outcome);
    return this.answer(ctx, outcome);
  }

  private makeEni(ipv4Count: number, ipv6Count: number, type: EniSlotType): FakeEni {
    const ipv4 = Array.from({ length: ipv4Count }, () => this.takeIpv4());
    const ipv6 = Array.from({ length: ipv6Count }, () => this.takeIpv6());
    const gateway6 = this.cidr6 === undefined ? undefined : formatIpv6(ipv6At(this.cidr6, 1n));
    const eni: AttachedEni = {
      id: this.deps.ids.next('eni'), mac: this.deps.ids.nextMac(),
      securityGroupIds: ['sg-fake0001'], vSwitchId: this.vSwitchId,
      primaryIp: { ipv4: ipv4[0], ipv6: undefined },
      gatewayIp: { ipv4: formatIpv4(ipv4At(this.cidr, -3)), ipv6: gateway6 },
      vSwitchCidr: {
        ipv4: `${formatIpv4(this.cidr.network)}/${this.cidr.prefix}`,
        ipv6: this.options.vSwitchIpv6Cidr,
      },
      trunk: type === 'trunk', erdma: false,
    };
    const made: FakeEni = { eni, attached: true, ipv4, ipv6 };
    this.enis.set(eni.id, made);
    return made;
  }

  private takeIpv4(): string {
    const size = ipv4CidrSize(this.cidr);
    for (let index = 1; index < size - 4; index++) {
      const ip = formatIpv4(ipv4At(this.cidr, index));
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    throw new RangeError(`vSwitch ${this.vSwitchId} has no address left`);
  }

  private takeIpv6(): string {
    if (this.cidr6 === undefined) throw new RangeError('fake factory: no IPv6 CIDR configured');
    this.next6 += 1n;
    return formatIpv6(ipv6At(this.cidr6, this.next6));
  }

  private takeScripted(op: FakeFactoryOp): ScriptedFailure | undefined {
    return this.script.get(op)?.shift();
  }

  private scriptedOrDone(op: FakeFactoryOp): Done {
    const scripted = this.takeScripted(op);
    return scripted === undefined ? ok(undefined) : err(this.failure(scripted));
  }

  private failure(scripted: ScriptedFailure): FactoryFailure {
    const code = scripted.code;
    const text = scripted.message ?? 'scripted failure';
    if (code === undefined) return { code, message: text };
    const requestId = this.deps.ids.nextRequestId();
    return { code, message: `errCode: ${code}, msg: ${text}, requestID: ${requestId}` };
  }

  private async delay(op: FakeFactoryOp): Promise<void> {
    const ms = this.options.latencyMs?.[op] ?? defaultLatencyMs[op];
    if (ms > 0) await this.deps.scheduler.sleep(ms);
  }

  private answer<T, E extends FactoryFailure>(ctx: Context,
    outcome: Result<T, E>): Result<T, E | FactoryFailure> {
    const ended = ctx.err();
    return ended === undefined ? outcome : err({ message: ended.message });
  }

  private record(op: FakeFactoryOp, eniId: string | undefined, count: number | undefined,
    outcome: Result<unknown, FactoryFailure>): void {
    const code = outcome.ok ? undefined : outcome.error.code;
    this.calls.push({ op, atMs: this.deps.scheduler.nowMs(), eniId, count, ok: outcome.ok, code });
  }
}
