// A fake of the pool's `Factory` port (Terway's pkg/factory) for the pool's unit and model tests:
// whole operations on a record of the ENIs it made, each taking a fixed latency on the virtual
// clock, with scripted failures. It models no cloud: addresses come from counters (10.0.0.1,
// 10.0.0.2, …, never reused), the vSwitch CIDR and gateway are labels it passes on, and nothing
// runs out and no quota is reached unless the test says so. The one model of Alibaba Cloud is the
// cloud emulator; Terway's own factory is tested on it (test/factory, test/daemon), and
// test/conformance/factory.test.ts holds this fake and AliyunFactory to the port's contract.
//
// What a test can script: the next calls of an operation fail with a code and Terway-style text
// (`failNext`; `Throttling` as left after the factory's own retries, `InternalError`, …), with
// `withEni` a creation that fails after the ENI exists and returns it unattached (as Terway's
// attach failure, e.g. EniPerInstanceLimitExceeded), and `passNext` lets calls through first; an
// exhausted vSwitch (`exhaust`): a creation ends in the generic wait timeout (quirk Q5) and an
// IPv4 assign is refused with InvalidVSwitchId.IpNotEnough.
//
// Effects land when an operation's latency has elapsed even if the caller's context ended
// meanwhile (the cloud finished the call; the caller just stopped listening), which is what a
// daemon crash mid-allocation leaves behind.

import {
  err, formatIpv4, formatIpv6, ipv4At, ipv6At, ok, parseIpv4Cidr, parseIpv6Cidr,
  type Context, type IdGenerator, type Ipv4Cidr, type Ipv6Cidr, type Result, type Scheduler,
} from '@terway-sim/sim-base';
import type { AttachedEni } from '../../src/eni/types.js';
import type {
  CreateFailure, CreatedEni, Factory, FactoryFailure,
} from '../../src/factory/factory.js';

export type FakeFactoryOp =
  | 'create' | 'assignIpv4' | 'assignIpv6' | 'unassignIpv4' | 'unassignIpv6' | 'delete' | 'load'
  | 'list';

export interface FakeFactoryOptions {
  readonly vSwitchId?: string;
  /** The vSwitch CIDR label (default 10.0.0.0/16); addresses count up from its first one. */
  readonly vSwitchCidr?: string;
  /** The gateway label (default 10.0.255.253). */
  readonly gateway?: string;
  /** Needed for IPv6 addresses; they count up from its second one (the first is the gateway). */
  readonly vSwitchIpv6Cidr?: string;
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
  readonly attached: boolean;
  readonly ipv4: string[];
  readonly ipv6: string[];
}

type Step = ScriptedFailure | 'pass';
type AssignRequest = Parameters<Factory['assignIpv4']>[1];
type AssignResult = Awaited<ReturnType<Factory['assignIpv4']>>;
type UnassignRequest = Parameters<Factory['unassignIpv4']>[1];
type CreateRequest = Parameters<Factory['createNetworkInterface']>[1];
type LoadResult = Result<{ ipv4: readonly string[]; ipv6: readonly string[] }, FactoryFailure>;
type CreateResult = Result<CreatedEni, CreateFailure>;
type Done = Result<void, FactoryFailure>;

const timedOut = 'timed out waiting for the condition';

const defaultLatencyMs: Record<FakeFactoryOp, number> = {
  create: 3_000, assignIpv4: 1_000, assignIpv6: 1_000, unassignIpv4: 1_000, unassignIpv6: 1_000,
  delete: 6_000, load: 10, list: 10,
};

export class FakeFactory implements Factory {
  readonly calls: FakeFactoryCall[] = [];
  readonly vSwitchId: string;
  private readonly cidr: Ipv4Cidr;
  private readonly cidr6: Ipv6Cidr | undefined;
  private readonly enis = new Map<string, FakeEni>();
  private readonly script = new Map<FakeFactoryOp, Step[]>();
  private nextIpv4 = 1;
  private nextIpv6 = 2n;
  private exhausted = false;

  constructor(private readonly deps: { scheduler: Scheduler; ids: IdGenerator },
    private readonly options: FakeFactoryOptions = {}) {
    this.vSwitchId = options.vSwitchId ?? 'vsw-fake0001';
    this.cidr = parseIpv4Cidr(options.vSwitchCidr ?? '10.0.0.0/16')!;
    const cidr6 = options.vSwitchIpv6Cidr;
    this.cidr6 = cidr6 === undefined ? undefined : parseIpv6Cidr(cidr6);
  }

  /** The next `times` calls of `op` (after any already scripted) fail with this failure. */
  failNext(op: FakeFactoryOp, failure: ScriptedFailure): void {
    this.queue(op, Array.from({ length: failure.times ?? 1 }, () => failure));
  }

  /** The next `times` calls of `op` (after any already scripted) behave normally. */
  passNext(op: FakeFactoryOp, times = 1): void {
    this.queue(op, Array.from({ length: times }, (): Step => 'pass'));
  }

  /** While on, the vSwitch has no address left for a new ENI or an IPv4 assign. */
  exhaust(on: boolean): void {
    this.exhausted = on;
  }

  /** Every ENI this fake made and has not deleted, attached or not, in creation order. */
  instanceEnis(): readonly FakeEniView[] {
    return [...this.enis.values()];
  }

  async createNetworkInterface(ctx: Context, request: CreateRequest): Promise<CreateResult> {
    await this.delay('create');
    const outcome = this.create(request, this.takeScripted('create'));
    const eniId = outcome.ok ? outcome.value.eni.id : outcome.error.eni?.id;
    this.record('create', eniId, request.ipv4Count, outcome);
    return this.answer(ctx, outcome);
  }

  private create(request: CreateRequest, scripted: ScriptedFailure | undefined): CreateResult {
    if (scripted !== undefined && scripted.withEni !== true) return err(this.failure(scripted));
    if (this.exhausted) return err({ message: timedOut });
    const made = this.makeEni(request, scripted === undefined);
    if (scripted !== undefined) return err({ ...this.failure(scripted), eni: made.eni });
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
    if (outcome.ok) this.enis.delete(eniId);
    this.record('delete', eniId, undefined, outcome);
    return this.answer(ctx, outcome);
  }

  async loadNetworkInterface(ctx: Context, mac: string): Promise<LoadResult> {
    await this.delay('load');
    const scripted = this.takeScripted('load');
    const found = [...this.enis.values()].find((entry) => entry.attached && entry.eni.mac === mac);
    const missing = { message: `metadata: no interface with mac ${mac}` };
    let outcome: LoadResult;
    if (scripted !== undefined) outcome = err(this.failure(scripted));
    else if (found === undefined) outcome = err(missing);
    else outcome = ok({ ipv4: [...found.ipv4], ipv6: [...found.ipv6] });
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

  private async assign(ctx: Context, op: 'assignIpv4' | 'assignIpv6',
    request: AssignRequest): Promise<AssignResult> {
    await this.delay(op);
    const scripted = this.takeScripted(op);
    const outcome = scripted === undefined ? this.assignNow(op, request)
      : err(this.failure(scripted));
    this.record(op, request.eniId, request.count, outcome);
    return this.answer(ctx, outcome);
  }

  private assignNow(op: 'assignIpv4' | 'assignIpv6',
    request: AssignRequest): Result<readonly string[], FactoryFailure> {
    const v4 = op === 'assignIpv4';
    const target = this.enis.get(request.eniId);
    if (target === undefined) {
      const message = `The specified ENI ${request.eniId} does not exist.`;
      return err(this.failure({ code: 'InvalidEniId.NotFound', message }));
    }
    if (v4 && this.exhausted) {
      const message = `The specified VSwitch "${this.vSwitchId}" has not enough IpAddress.`;
      return err(this.failure({ code: 'InvalidVSwitchId.IpNotEnough', message }));
    }
    const ips = Array.from({ length: request.count }, () => (v4 ? this.takeIpv4()
      : this.takeIpv6()));
    (v4 ? target.ipv4 : target.ipv6).push(...ips);
    return ok(ips);
  }

  private async unassign(ctx: Context, op: 'unassignIpv4' | 'unassignIpv6',
    request: UnassignRequest): Promise<Done> {
    await this.delay(op);
    const outcome = this.scriptedOrDone(op);
    const target = this.enis.get(request.eniId);
    if (outcome.ok && target !== undefined) {
      const list = op === 'unassignIpv4' ? target.ipv4 : target.ipv6;
      // The primary address stays with its ENI, as in the cloud.
      const gone = new Set(request.ips.filter((ip) => ip !== target.eni.primaryIp.ipv4));
      list.splice(0, list.length, ...list.filter((ip) => !gone.has(ip)));
    }
    this.record(op, request.eniId, request.ips.length, outcome);
    return this.answer(ctx, outcome);
  }

  private makeEni(request: CreateRequest, attached: boolean): FakeEni {
    const ipv4 = Array.from({ length: request.ipv4Count }, () => this.takeIpv4());
    const ipv6 = Array.from({ length: request.ipv6Count }, () => this.takeIpv6());
    const eni: AttachedEni = {
      id: this.deps.ids.next('eni'), mac: this.deps.ids.nextMac(),
      securityGroupIds: ['sg-fake0001'], vSwitchId: this.vSwitchId,
      primaryIp: { ipv4: ipv4[0], ipv6: undefined },
      gatewayIp: { ipv4: this.options.gateway ?? '10.0.255.253',
        ipv6: this.cidr6 === undefined ? undefined : formatIpv6(ipv6At(this.cidr6, 1n)) },
      vSwitchCidr: {
        ipv4: `${formatIpv4(this.cidr.network)}/${this.cidr.prefix}`,
        ipv6: this.options.vSwitchIpv6Cidr,
      },
      trunk: request.type === 'trunk', erdma: false,
    };
    const made: FakeEni = { eni, attached, ipv4, ipv6 };
    this.enis.set(eni.id, made);
    return made;
  }

  private takeIpv4(): string {
    return formatIpv4(ipv4At(this.cidr, this.nextIpv4++));
  }

  private takeIpv6(): string {
    if (this.cidr6 === undefined) throw new RangeError('fake factory: no IPv6 CIDR configured');
    return formatIpv6(ipv6At(this.cidr6, this.nextIpv6++));
  }

  private queue(op: FakeFactoryOp, steps: readonly Step[]): void {
    this.script.set(op, [...(this.script.get(op) ?? []), ...steps]);
  }

  private takeScripted(op: FakeFactoryOp): ScriptedFailure | undefined {
    const step = this.script.get(op)?.shift();
    return step === 'pass' ? undefined : step;
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
