// `terway-sim validate`: lint an eni-config before rollout. Reads the file the way Terway would
// (document, eni_conf JSON, Go types), reports what stops the daemon as errors, then runs every
// semantic check over the decoded config and the optional plan. Keys with type errors are dropped
// before the semantic checks, so one bad value does not hide the rest of the findings.

import { assert } from '@terway-sim/sim-base';
import { formatPath, type ConfigIssue } from '../config/config-issue.js';
import { eniConfSchema } from '../config/eni-conf-schema.js';
import { parseCniConf, type CniConfig } from '../config/cni-config.js';
import { readEniConfigDocuments, type EniConfigFile } from '../config/document.js';
import type { JsonObject } from '../config/merge-patch.js';
import { decodeEniConf, mergeEniConf, parseEniConfText,
  type ParsedEniConf } from '../config/parse.js';
import { limitsFromInstanceType } from '../limits/instance-limits.js';
import { diagnostic } from './codes.js';
import type { Check, CheckContext, Diagnostic, ValidationPlan,
  ValidationReport } from './diagnostic.js';
import { keyPosition } from './locate.js';
import { backoffCheck } from './checks/backoff.js';
import { cniCheck } from './checks/cni.js';
import { cniInEniConfCheck } from './checks/cni-in-eni-conf.js';
import { credentialsCheck } from './checks/credentials.js';
import { crdCheck } from './checks/crd.js';
import { durationsCheck } from './checks/durations.js';
import { instanceFeaturesCheck } from './checks/instance-features.js';
import { erdmaCheck } from './checks/erdma.js';
import { ipStackCheck } from './checks/ip-stack.js';
import { planCapacityCheck, planVSwitchesCheck } from './checks/plan-inputs.js';
import { policiesCheck } from './checks/policies.js';
import { poolBoundsCheck } from './checks/pool-bounds.js';
import { poolCapacityCheck } from './checks/pool-capacity.js';
import { prefixCheck } from './checks/prefix.js';
import { rateLimitCheck } from './checks/rate-limit.js';
import { reclaimCheck } from './checks/reclaim.js';
import { scaleUpRateCheck } from './checks/scale-up-rate.js';
import { securityGroupsCheck } from './checks/security-groups.js';
import { serviceCidrCheck } from './checks/service-cidr.js';
import { tagsCheck } from './checks/tags.js';
import { unknownKeysCheck } from './checks/unknown-keys.js';
import { vSwitchIdsCheck } from './checks/vswitch-ids.js';
import { vSwitchSizeCheck } from './checks/vswitch-size.js';
import { zonesCheck } from './checks/zones.js';

/** Every semantic check, in report order within a severity. */
export const semanticChecks: readonly Check[] = [
  unknownKeysCheck, cniInEniConfCheck, ipStackCheck, securityGroupsCheck, vSwitchIdsCheck,
  zonesCheck, planVSwitchesCheck, vSwitchSizeCheck, planCapacityCheck,
  policiesCheck, durationsCheck, reclaimCheck, poolBoundsCheck, poolCapacityCheck, crdCheck,
  instanceFeaturesCheck, erdmaCheck, prefixCheck, serviceCidrCheck, backoffCheck, rateLimitCheck,
    scaleUpRateCheck,
  tagsCheck, credentialsCheck, cniCheck,
];

function fromIssue(issue: ConfigIssue, syntaxCode: string): Diagnostic {
  const code = issue.kind === 'syntax' ? syntaxCode : issue.kind === 'shape' ?
    'document-shape' : 'wrong-type';
  return diagnostic(code, issue.path, issue.message, issue);
}

function fromCniIssue(issue: ConfigIssue): Diagnostic {
  const code = issue.kind === 'syntax' ? 'cni-syntax' : issue.kind === 'value' ?
    'cni-host-stack-cidr' : 'cni-wrong-type';
  return diagnostic(code, issue.path, issue.message);
}

/** Decodes; keys with type errors are reported, then dropped so the rest can be checked. */
function decodeTolerant(file: EniConfigFile, raw: JsonObject): {
  parsed: ParsedEniConf; typeErrors: Diagnostic[] } {
  const decoded = decodeEniConf(raw);
  if (decoded.ok) return { parsed: decoded.value, typeErrors: [] };
  const shape = eniConfSchema.shape as Record<string, { safeParse(value: unknown): {
    success: boolean } }>;
  // Own keys only: an eni_conf key such as "constructor" must not reach Object.prototype.
  const badKeys = Object.keys(raw).filter((key) => Object.hasOwn(shape, key) &&
    !shape[key]!.safeParse(raw[key]).success);
  const typeErrors = decoded.error.map((issue) => {
    const key = badKeys.find((candidate) => issue.path.startsWith(formatPath('eni_conf', [
      candidate])));
    return diagnostic('wrong-type', issue.path, issue.message, key === undefined ?
      undefined : keyPosition({ file }, key));
  });
  const again = decodeEniConf(Object.fromEntries(Object.entries(raw).filter(([
    key]) => !badKeys.includes(key))));
  assert(again.ok, 'eni_conf still fails to decode after dropping the keys with type errors');
  return { parsed: again.value, typeErrors };
}

function severityRank(d: Diagnostic): number {
  return d.severity === 'error' ? 0 : d.severity === 'warning' ? 1 : 2;
}

function report(diagnostics: Diagnostic[]): ValidationReport {
  const sorted = diagnostics
    .map((d, index) => ({ d, index }))
    .sort((a, b) => severityRank(a.d) - severityRank(b.d) || a.index - b.index)
    .map(({ d }) => d);
  return { ok: !sorted.some((d) => d.severity === 'error'), diagnostics: sorted };
}

export interface ValidateOptions {
  /** A node's dynamic eni_conf (ConfigMap named by the node label terway-config), merged over. */
  readonly nodeEniConf?: string | undefined;
}

/**
 * Lints an eni-config file (ConfigMap YAML/JSON or bare eni_conf JSON) against an optional plan.
 * A file of several ConfigMaps (YAML documents or a `kind: List`) has each linted; their
 * diagnostics carry `document`, which says which ConfigMap they are about.
 */
export function validateEniConfig(text: string, plan: ValidationPlan = {},
  options: ValidateOptions = {}): ValidationReport {
  const syntaxCode = text.trimStart().startsWith('{') ? 'json-syntax' : 'yaml-syntax';
  const documents = readEniConfigDocuments(text);
  if (!documents.ok) return report(documents.error.map((issue) => fromIssue(issue, syntaxCode)));
  return report(documents.value.flatMap((document) => {
    const found = document.file.ok ? validateFile(document.file.value, plan, options)
      : document.file.error.map((issue) => fromIssue(issue, syntaxCode));
    return document.label === undefined ? found
      : found.map((d) => ({ ...d, document: document.label }));
  }));
}

function validateFile(file: EniConfigFile, plan: ValidationPlan,
  options: ValidateOptions): Diagnostic[] {
  const base = parseEniConfText(file.eniConf.text, file.eniConf);
  if (!base.ok) return base.error.map((issue) => fromIssue(issue, 'json-syntax'));
  let raw = base.value;
  if (options.nodeEniConf !== undefined && options.nodeEniConf.trim() !== '') {
    const node = parseEniConfText(options.nodeEniConf);
    if (!node.ok) return node.error.map((issue) => fromIssue({ ...issue,
      path: `node ${issue.path}`, line: undefined, column: undefined }, 'json-syntax'));
    raw = mergeEniConf(raw, node.value);
  }
  const { parsed, typeErrors } = decodeTolerant(file, raw);
  const diagnostics: Diagnostic[] = [...typeErrors];
  let cni: CniConfig | undefined;
  if (file.cniConf !== undefined) {
    const result = parseCniConf(file.cniConf.text, { key: file.cniConf.key });
    if (result.ok) cni = result.value;
    else diagnostics.push(...result.error.map(fromCniIssue));
  }
  const context: CheckContext = {
    config: parsed.config, raw: parsed.raw, file, cni, plan,
    types: (plan.instanceTypes ?? []).map((info) => ({ info, limits: limitsFromInstanceType(
      info) })),
    daemonMode: plan.daemonMode ?? 'ENIMultiIP',
  };
  for (const check of semanticChecks) diagnostics.push(...check(context));
  return diagnostics;
}
