// What `validate` reports and what it is given. A diagnostic names a stable code (catalogued in
// codes.ts and docs/validate.md), a severity, the key path and a message that says what to do.
// The plan is optional: without it the checks that need an instance type, zones or sizes are
// skipped, never guessed.

import type { CniConfig } from '../config/cni-config.js';
import type { EniConfigFile } from '../config/document.js';
import type { JsonObject } from '../config/merge-patch.js';
import type { TerwayConfig } from '../config/terway-config.js';
import type { DaemonMode } from '../config/daemon-mode.js';
import type { InstanceTypeInfo, Limits } from '../limits/instance-limits.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  /** `eni_conf.<key>…`, `10-terway.conf.<key>`, `data.<key>` or `(document)`. */
  readonly path: string;
  readonly message: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /**
   * Which ConfigMap of a file of several (`document 2 (kube-system/eni-config)`, `items[1] (…)`);
   * absent for a file of one.
   */
  readonly document?: string | undefined;
}

export interface ValidationReport {
  /** No diagnostic has severity error. */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/** A planned instance type: the DescribeInstanceTypes fields plus the catalog's `modelled` list. */
export type PlannedInstanceType = InstanceTypeInfo & {
  readonly modelled?: readonly string[] | undefined };

/** A vSwitch the plan knows the size of. */
export interface PlannedVSwitch {
  readonly cidr?: string | undefined;
  /** Free IPv4 addresses now (AvailableIpAddressCount); defaults to the CIDR size − 4 reserved. */
  readonly availableIpCount?: number | undefined;
}

export interface ValidationPlan {
  /** Instance types the nodes run (checks needing limits run once per type). */
  readonly instanceTypes?: readonly PlannedInstanceType[] | undefined;
  /** Zones that have nodes. */
  readonly zones?: readonly string[] | undefined;
  /** Node count, spread evenly over `zones`. */
  readonly nodes?: number | undefined;
  /** Pods per node that take a Terway IP. */
  readonly podsPerNode?: number | undefined;
  /** Known vSwitch sizes by id. */
  readonly vSwitches?: { readonly [vSwitchId: string]: PlannedVSwitch } | undefined;
  /** Window in which the planned pods come up, for the API rate checks; default 60 s. */
  readonly scaleUpSeconds?: number | undefined;
  /** Node daemon mode; default ENIMultiIP (ENIOnly = exclusive-ENI nodes). */
  readonly daemonMode?: DaemonMode | undefined;
}

export interface PlannedType {
  readonly info: PlannedInstanceType;
  readonly limits: Limits;
}

/** What every check reads. Pure data. */
export interface CheckContext {
  readonly config: TerwayConfig;
  /** The merged eni_conf object as written (keys with type errors removed). */
  readonly raw: JsonObject;
  readonly file: EniConfigFile;
  readonly cni: CniConfig | undefined;
  readonly plan: ValidationPlan;
  readonly types: readonly PlannedType[];
  readonly daemonMode: DaemonMode;
}

/** One check: a pure function from the context to its findings. */
export type Check = (context: CheckContext) => Diagnostic[];
