// A datapath's setup or teardown as data: an ordered list of steps, each one call of Terway's
// helpers (EnsureAddr, EnsureRoute, veth.Setup, EnsureVlanTag, SetupTC, ...) with the exact values
// Terway's plugin/datapath and plugin/driver files pass. Plans are built by pure functions
// (policy-route.ts, ipvlan.ts, ...) and applied by one executor (executor.ts), so a test can read
// what a datapath will do before anything touches a kernel.
//
// Some values exist only once earlier steps have run: the MAC the kernel gives a new veth end
// (the pod's 169.254.1.1 neighbour points at it) and the ifindex of a pod interface (its
// multi-network table is 1000 + that index). Steps carry those as references (`macOf`,
// `tableOf`, link selectors by name) that the executor resolves when it reaches the step.

import type { Scope } from '@terway-sim/kernel-shim';

/** A link in the namespace a step runs in: by name (as it is named at that step) or ifindex. */
export type LinkSel = { readonly name: string } | { readonly index: number };

/** A MAC, or the MAC a link has when the step runs. */
export type MacValue = string | { readonly macOf: { readonly ns: string; readonly link: LinkSel } };

/** A table number, or 1000 + the ifindex a link has when the step runs (GetRouteTableID). */
export type TableValue = number | {
  readonly tableOf: { readonly ns: string; readonly link: LinkSel }
};

export interface AddrWant {
  /** Address with prefix length, host bits kept. */
  readonly cidr: string;
  /** What Terway sends: universe (0) unless it says otherwise (host on `ipvl_X`). */
  readonly scope: Scope;
  readonly nodad: boolean;
}

export interface RouteWant {
  /** Canonical prefix; `0.0.0.0/0` / `::/0` for default. */
  readonly dst: string;
  /** The output link. */
  readonly link: LinkSel;
  /** Absent: main. FoundRoutes then searches main only. */
  readonly table?: TableValue;
  readonly gateway?: string;
  readonly scope: Scope;
  readonly onlink: boolean;
}

export interface RuleWant {
  readonly priority: number;
  readonly table: TableValue;
  readonly src?: string;
  readonly dst?: string;
  /** Forces the IPv4 family, as Terway's FindIPRule does. */
  readonly oif?: string;
}

export interface NeighWant {
  readonly link: LinkSel;
  readonly ip: string;
  readonly mac: MacValue;
}

/** Fields every step has. */
interface StepBase {
  /** The namespace the call runs in (Go's current netns at that point). */
  readonly ns: string;
  /** Prefix Terway wraps this step's error with, e.g. `setup container`. */
  readonly context?: string;
  /**
   * Steps that undo this one, pushed once it succeeds and run (newest first) if a later step
   * fails. Only ExclusiveENI's move into the pod has one: it is the only rollback Terway does.
   */
  readonly undo?: readonly Step[];
}

export type Step = StepBase & (
  /** LinkByIndex / LinkByName that must succeed; `message` prefixes "Link not found". */
  | { readonly op: 'linkRequire'; readonly link: LinkSel; readonly message?: string }
  /** EnsureLinkName. */
  | { readonly op: 'linkName'; readonly link: LinkSel; readonly name: string }
  /** EnsureLinkMTU. */
  | { readonly op: 'linkMtu'; readonly link: LinkSel; readonly mtu: number }
  /** EnsureLinkUp. */
  | { readonly op: 'linkUp'; readonly link: LinkSel }
  /** LinkSetDown. */
  | { readonly op: 'linkDown'; readonly link: LinkSel }
  /** LinkSetNsFd: the link moves to `target`. */
  | { readonly op: 'linkNetns'; readonly link: LinkSel; readonly target: string }
  /** sysctl.EnsureConf: write when the trimmed value differs. */
  | { readonly op: 'sysctl'; readonly path: string; readonly value: string }
  /** EnsureAddr. */
  | { readonly op: 'addr'; readonly link: LinkSel; readonly addr: AddrWant }
  /** EnsureNeigh. */
  | { readonly op: 'neigh'; readonly neigh: NeighWant }
  /** EnsureRoute. */
  | { readonly op: 'route'; readonly route: RouteWant }
  /** EnsureIPRule. */
  | { readonly op: 'rule'; readonly rule: RuleWant }
  /** EnsureVlanUntagger: clsact + ingress `vlan pop` filter. */
  | { readonly op: 'vlanUntag'; readonly link: LinkSel }
  /** EnsureVlanTag: clsact + egress `vlan push id` filter per pod address. */
  | {
    readonly op: 'vlanTag'; readonly link: LinkSel; readonly ips: readonly string[];
    readonly vid: number
  }
  /** SetupTC: root tbf at `rateBytes` bytes/s. */
  | { readonly op: 'tbf'; readonly link: LinkSel; readonly rateBytes: number }
  /** ensureMQFQ (PolicyRoute EDT). */
  | { readonly op: 'mqFq'; readonly link: LinkSel }
  /** ensureFQ (IPVlan EDT). */
  | { readonly op: 'fq'; readonly link: LinkSel }
  /** SetEgressPriority: mq + prio and a classifier per pod address. */
  | {
    readonly op: 'egressPriority'; readonly link: LinkSel; readonly classid: string;
    readonly ips: readonly string[]
  }
  /** EnsureClsActQdsic. */
  | { readonly op: 'clsact'; readonly link: LinkSel }
  /** veth.Setup: `tempName` is created in `target`, `peerName` here, then renamed to `ifName`. */
  | {
    readonly op: 'veth'; readonly target: string; readonly ifName: string;
    readonly peerName: string;
    readonly tempName: string; readonly mtu: number; readonly hwAddr?: MacValue;
  }
  /** ipvlan.Setup: an l2 slave of `parent` named `preName`, created in `target`, renamed. */
  | {
    readonly op: 'ipvlan'; readonly target: string; readonly parent: string;
    readonly preName: string; readonly ifName: string; readonly mtu: number
  }
  /**
   * vlan.Setup: an 802.1Q link on `master`, created in `target` under a temporary name, renamed.
   */
  | {
    readonly op: 'vlan'; readonly target: string; readonly master: string; readonly vid: number;
    readonly ifName: string; readonly mtu: number
  }
  /** IPVlan's host slave `ipvl_X`: create if missing (else fix MTU), then NOARP. */
  | {
    readonly op: 'ipvlanSlave'; readonly parent: LinkSel; readonly name: string;
    readonly mtu: number
  }
  /** IPVlan's setupFilters: egress redirect of `cidrs` into the host slave. */
  | {
    readonly op: 'ipvlanRedirect'; readonly parent: LinkSel; readonly slave: string;
    readonly cidrs: readonly string[]
  }
  /** ExclusiveENI rollback: return the ENI (now `ifName`, else `tempName`) to `host`. */
  | {
    readonly op: 'exclusiveEniReturn'; readonly host: string; readonly ifName: string;
    readonly tempName: string; readonly newName: string
  }
  /** DelLinkByName: "" and a missing link are no-ops. */
  | { readonly op: 'linkDelByName'; readonly name: string }
  /** FindIPRule + RuleDel of every match (teardown). */
  | {
    readonly op: 'ruleDelAll'; readonly priority: number; readonly src?: string;
    readonly dst?: string
  }
  /** FoundRoutes({dst}) in main + RouteDel of every match (IPVlan teardown). */
  | { readonly op: 'routeDelAll'; readonly dst: string }
  /** DelFilter on `parent` (skipped when the link is gone). */
  | {
    readonly op: 'filterDelBySrc'; readonly link: LinkSel; readonly parent: string;
    readonly ips: readonly string[]
  }
  /** DelEgressPriority (skipped when the link is gone). */
  | { readonly op: 'egressPriorityDel'; readonly link: LinkSel; readonly ips: readonly string[] }
);

export type StepOp = Step['op'];

export interface Plan {
  readonly steps: readonly Step[];
}

export function byName(name: string): LinkSel {
  return { name };
}

export function byIndex(index: number): LinkSel {
  return { index };
}

export function linkSelText(link: LinkSel): string {
  return 'name' in link ? link.name : `#${link.index}`;
}

/** Wraps every step's error in `context` (outermost first, as nested `fmt.Errorf` reads). */
export function withContext(context: string, steps: readonly Step[]): Step[] {
  return steps.map(
    (step) => ({
      ...step, context: step.context === undefined ? context : `${context}, ${step.context}`,
    })
  );
}
