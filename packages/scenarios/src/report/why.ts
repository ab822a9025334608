// Why a run ended as it did: a pure decision over the facts a run leaves (run/why-facts.ts
// gathers them), naming the constraint that bound first and the others that showed, each with
// the facts it was derived from. Nothing here guesses: a constraint is named only when the run's
// state or events show it (a cloud error code, a pool at its computed capacity, a node condition,
// a daemon that never started, a key `validate` says Terway ignores).
//
// The order of `constraints` is the order a person should read them in: what stops every pod
// (a daemon that never started) before what stops some (addresses, quotas), before what only
// slows them (throttling), with the config key that explains the rest last. The failure catalog
// (reference: F01 vSwitch out of IPs, F03 ENI limit, F04 maxPods above IP capacity, F05
// throttling, F08 daemon not running, F09 bad eni-config) is where the wording comes from.

import type { FirstError, Why, WhyConstraint, WhyDiagnostic } from './model.js';
import { formatClock } from './svg-chart.js';

/** One node at the end of the main phase. */
export interface WhyNodeFacts {
  readonly node: string;
  readonly instanceType: string;
  /** kubelet's maxPods. */
  readonly maxPods: number;
  /** Pods bound to the node and still running or starting, and those of them not Ready. */
  readonly podsBound: number;
  readonly podsNotReady: number;
  /** Terway's pool capacity (IPs) as its daemon computed it at its last start (ENI modes). */
  readonly ipCapacity?: number | undefined;
  /** IPs in use in Terway's pool on the node. */
  readonly ipsInUse: number;
  /** The last start error, when the daemon was not running at the end. */
  readonly daemonError?: string | undefined;
  /** When the daemon restarted (ms), in order. */
  readonly restartsMs: readonly number[];
}

/** Every call answered with one error code during the main phase. */
export interface WhyErrorFacts {
  readonly code: string;
  readonly count: number;
  /** Calls of this code that flow control refused. */
  readonly throttled: number;
  /** Calls per API with this code. */
  readonly byApi: Readonly<Record<string, number>>;
  readonly first: FirstError;
  /** vSwitches (as declared) of the ENIs the failing calls named. */
  readonly vSwitches: readonly string[];
}

export interface WhyVSwitchFacts {
  /** The id as the scenario declares it (the minted id when it declares none). */
  readonly id: string;
  readonly cidr: string;
  readonly freeMin: number;
  readonly freeAtEnd: number;
  /** Listed in eni_conf.vswitches (else only nodes' primary ENIs use it, or pods by fallback). */
  readonly inEniConf: boolean;
}

export interface InstanceTypeLimits {
  readonly eniQuantity: number;
  readonly ipsPerEni: number;
}

export interface WhyFacts {
  /** The end of the main phase (ms); later errors belong to teardown and are left out. */
  readonly endMs: number;
  readonly mode: string;
  /** Names of the assertions that failed. */
  readonly failedAssertions: readonly string[];
  readonly podsNotReady: number;
  /** Pods not Ready that no node took (Pending, unscheduled). */
  readonly podsUnscheduled: number;
  readonly nodes: readonly WhyNodeFacts[];
  /** Main-phase error codes, in order of first occurrence. */
  readonly errors: readonly WhyErrorFacts[];
  readonly vSwitches: readonly WhyVSwitchFacts[];
  /** ENIs in Attaching at the end of the main phase. */
  readonly enisAttaching: readonly string[];
  readonly instanceTypes: Readonly<Record<string, InstanceTypeLimits>>;
  readonly validate: readonly WhyDiagnostic[];
}

const vSwitchCodes = new Set(['InvalidVSwitchId.IpNotEnough', 'QuotaExceeded.PrivateIpAddress']);
const eniQuotaCodes = new Set(['EniPerInstanceLimitExceeded', 'QuotaExceeded.Eni',
  'InvalidOperation.Ipv4CountExceeded']);

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function nodeList(nodes: readonly string[]): string {
  return nodes.length <= 4 ? nodes.join(', ') : `${nodes.slice(0, 3).join(', ')} and ` +
    `${nodes.length - 3} more`;
}

function errorsOf(facts: WhyFacts, codes: ReadonlySet<string>): WhyErrorFacts[] {
  return facts.errors.filter((error) => codes.has(error.code));
}

function firstLine(error: FirstError): string {
  const where = error.node === undefined ? '' : ` on ${error.node}`;
  return `first at ${formatClock(error.t)}${where}: ` +
    `${error.api} ${error.code}: ${error.message}`;
}

function daemonNotStarted(facts: WhyFacts): WhyConstraint | undefined {
  const down = facts.nodes.filter((node) => node.daemonError !== undefined);
  if (down.length === 0) return undefined;
  return {
    kind: 'daemonNotStarted',
    summary: `Terway's daemon is not running on ${plural(down.length, 'node')} ` +
      `(${nodeList(down.map((node) => node.node))}): no pod there gets an IP`,
    evidence: down.slice(0, 5).map((node) => `${node.node}: ${node.daemonError!}`),
  };
}

function vSwitchExhausted(facts: WhyFacts): WhyConstraint | undefined {
  const errors = errorsOf(facts, vSwitchCodes);
  if (errors.length === 0) return undefined;
  const named = new Set(errors.flatMap((error) => error.vSwitches));
  // A refusal that named no ENI (a create) still points at the vSwitch that ran lowest.
  const candidates = named.size > 0 ? facts.vSwitches.filter((v) => named.has(v.id))
    : [...facts.vSwitches].sort((a, b) => a.freeMin - b.freeMin).slice(0, 1);
  const ids = candidates.map((v) => v.id);
  const count = errors.reduce((sum, error) => sum + error.count, 0);
  const fallback = candidates.filter((v) => !v.inEniConf);
  return {
    kind: 'vSwitchExhausted',
    summary: `vSwitch ${ids.join(', ') || '(unknown)'} ran out of free IPs: ` +
      `${plural(count, 'call')} refused with ${errors.map((e) => e.code).join(', ')}`,
    evidence: [
      ...candidates.map((v) => `${v.id} (${v.cidr}): ${v.freeMin} free at the lowest, ` +
        `${v.freeAtEnd} at the end`),
      ...fallback.map((v) => `${v.id} is not in eni_conf.vswitches: pods got IPs from it ` +
        'because Terway found no pod vSwitch for their zone'),
      ...errors.map((error) => firstLine(error.first)),
    ],
  };
}

function routeTableQuota(facts: WhyFacts): WhyConstraint | undefined {
  const error = facts.errors.find((e) => e.code === 'QuotaExceeded' &&
    (e.byApi['CreateRouteEntry'] ?? 0) > 0);
  if (error === undefined) return undefined;
  return {
    kind: 'routeTableQuota',
    summary: 'the VPC route table is full: CreateRouteEntry refused with QuotaExceeded ' +
      `${plural(error.byApi['CreateRouteEntry']!, 'time')}, so those nodes' pods have no route`,
    evidence: [firstLine(error.first)],
  };
}

function eniStuckAttaching(facts: WhyFacts): WhyConstraint | undefined {
  if (facts.enisAttaching.length === 0) return undefined;
  const refused = facts.errors.find((e) => e.code === 'InvalidOperation.InvalidEniState');
  return {
    kind: 'eniStuckAttaching',
    summary: `${plural(facts.enisAttaching.length, 'ENI')} stuck in Attaching: Terway can ` +
      'neither use nor delete them, so their slots are lost',
    evidence: [`stuck: ${facts.enisAttaching.slice(0, 8).join(', ')}`,
      ...(refused === undefined ? [] : [`${plural(refused.count, 'call')} refused with ` +
        `${refused.code}; ${firstLine(refused.first)}`])],
  };
}

function limitsText(facts: WhyFacts, type: string): string {
  const limits = facts.instanceTypes[type];
  return limits === undefined ? type : `${type} (${limits.eniQuantity} ENIs, ` +
    `${limits.ipsPerEni} IPv4 per ENI)`;
}

function eniQuota(facts: WhyFacts): WhyConstraint | undefined {
  const errors = errorsOf(facts, eniQuotaCodes);
  if (errors.length === 0) return undefined;
  const first = errors[0]!.first;
  const node = facts.nodes.find((n) => n.node === first.node);
  const restarted = facts.nodes.filter((n) => n.restartsMs.some((ms) => ms <= first.t));
  return {
    kind: 'eniQuota',
    summary: `the instance type's ENI quota: ${errors.map((e) => e.code).join(', ')} ` +
      `(${plural(errors.reduce((sum, e) => sum + e.count, 0), 'call')})`,
    evidence: [
      ...(node === undefined ? [] : [`${node.node} is ${limitsText(facts, node.instanceType)}`]),
      ...errors.map((error) => firstLine(error.first)),
      ...(restarted.length === 0 ? [] : [`the daemon restarted before the first refusal on ` +
        `${nodeList(restarted.map((n) => n.node))} (at ${formatClock(restarted[0]!
          .restartsMs[0]!)}): ENIs attached before a restart may be outside its pool`]),
    ],
  };
}

function ipCapacity(facts: WhyFacts): WhyConstraint | undefined {
  const full = facts.nodes.filter((node) => node.podsNotReady > 0 &&
    node.ipCapacity !== undefined && node.ipsInUse >= node.ipCapacity);
  if (full.length === 0) return undefined;
  const sample = full[0]!;
  const above = full.filter((node) => node.maxPods > node.ipCapacity!);
  return {
    kind: 'ipCapacity',
    summary: `Terway's IP capacity per node (${sample.ipCapacity!} IPs): pods wait for an IP ` +
      `on ${plural(full.length, 'node')} whose pool holds all it can`,
    evidence: [
      `${sample.node} is ${limitsText(facts, sample.instanceType)}; its daemon computed a ` +
        `capacity of ${sample.ipCapacity!} IPs: ${sample.ipsInUse} in use, ` +
        `${sample.podsBound} pods bound, ` +
        `${sample.podsNotReady} not Ready`,
      ...(above.length === 0 ? [] : [`kubelet maxPods (${above[0]!.maxPods}) is above the IP ` +
        `capacity (${above[0]!.ipCapacity!}) on ${plural(above.length, 'node')}: the ` +
        'scheduler keeps placing pods that cannot get an IP; align maxPods with ' +
        '`terway-sim capacity`']),
    ],
  };
}

function maxPods(facts: WhyFacts): WhyConstraint | undefined {
  if (facts.podsUnscheduled === 0) return undefined;
  const full = facts.nodes.filter((node) => node.podsBound >= node.maxPods);
  if (full.length === 0 || full.length < facts.nodes.length) return undefined;
  return {
    kind: 'maxPods',
    summary: `kubelet maxPods: every node holds its ${full[0]!.maxPods} pods, ` +
      `${plural(facts.podsUnscheduled, 'pod')} cannot be scheduled`,
    evidence: full.slice(0, 3).map((node) => `${node.node}: ${node.podsBound} pods bound, ` +
      `maxPods ${node.maxPods}`),
  };
}

function throttling(facts: WhyFacts): WhyConstraint | undefined {
  const errors = facts.errors.filter((error) => error.throttled > 0);
  if (errors.length === 0) return undefined;
  const byApi: Record<string, number> = {};
  for (const error of errors) {
    for (const [api, count] of Object.entries(error.byApi)) byApi[api] = (byApi[api] ?? 0) + count;
  }
  const total = errors.reduce((sum, error) => sum + error.throttled, 0);
  return {
    kind: 'throttling',
    summary: `OpenAPI flow control: ${plural(total, 'call')} throttled ` +
      `(${errors.map((e) => e.code).join(', ')}), retried with backoff`,
    evidence: [
      Object.entries(byApi).sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([api, count]) => `${api} ${count}`).join(', '),
      ...errors.map((error) => firstLine(error.first)),
    ],
  };
}

function ignoredConfigKey(facts: WhyFacts): WhyConstraint | undefined {
  const ignored = facts.validate.filter((d) => d.code === 'unknown-key' ||
    d.code === 'eni-conf-is-cni-config');
  if (ignored.length === 0) return undefined;
  return {
    kind: 'ignoredConfigKey',
    summary: `eni-config: Terway ignores ${ignored.map((d) => d.path).join(', ')}; ` +
      'the setting meant stays at its default',
    evidence: ignored.map((d) => `${d.path}: ${d.message}`),
  };
}

/** In reading order: what stops every pod, what stops some, what slows them, what explains. */
const deciders = [daemonNotStarted, vSwitchExhausted, routeTableQuota, eniStuckAttaching,
  eniQuota, ipCapacity, maxPods, throttling, ignoredConfigKey];

/** The run's explanation: constraints in reading order, first errors, validate's findings. */
export function explainRun(facts: WhyFacts): Why {
  const constraints = deciders.flatMap((decide) => decide(facts) ?? []);
  const firstErrors = facts.errors.map((error) => ({ ...error.first, count: error.count }));
  const validate = facts.validate.filter((d) => d.severity !== 'info');
  const troubled = facts.podsNotReady > 0 || facts.failedAssertions.length > 0;
  if (constraints.length > 0) {
    return { status: 'explained', headline: constraints[0]!.summary, constraints, firstErrors,
      validate };
  }
  const headline = troubled
    ? 'no binding constraint found in the run\'s state or events (no cloud error code, no pool ' +
      'at capacity, no daemon down, no ignored config key); see the first errors and the ' +
      'timeline'
    : 'nothing to explain: every check held and the cloud refused nothing';
  return { status: troubled ? 'unexplained' : 'clean', headline, constraints, firstErrors,
    validate };
}
