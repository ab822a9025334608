// Terway's datapaths (plugin/datapath, plugin/driver): plan functions per datapath (pure), the
// executor that applies plans through the `Kernel` port with Terway's Ensure* semantics, CHECK,
// GenericTearDown/CleanIPRules, the host-namespace sysctls and node address, and the daemon's
// policy-route maintenance (ruleSync, gcPolicyRoutes, gcLeakedRules).

export {
  dataPathNumber, type DataPath, type IpNetSet, type IpPair, type ExtraRoute,
  type BandwidthMode,
  type SetupConfig, type TeardownConfig, type CheckConfig, type Namespaces,
} from './types.js';
export * from './constants.js';
export { type DatapathError } from './errors.js';
export { withMaxMask, ipWithPrefixOf, parseGoCidr } from './ip.js';
export * from './plan/step.js';
export { nicSteps, ipv6Sysctls, type NicConf } from './plan/nic.js';
export { applyPlan, applyStep, type PlanOutcome, type PlanResult } from './plan/executor.js';
export { newExecContext, type ExecContext } from './ensure/exec-context.js';
export type { PlanInput, RandomNames } from './plan/input.js';
export { planPolicyRoute, planPolicyRouteTeardown } from './policy-route.js';
export { planIpvlan, planIpvlanTeardown, ipvlanSlaveName } from './ipvlan.js';
export { planExclusiveEni } from './exclusive-eni.js';
export { planVlan } from './vlan.js';
export { planVpcRoute } from './vpc-route.js';
export {
  checkPodLink, checkIpvlan, decideLinkFixes, type RecordPodEvent, type LinkFix,
} from './check.js';
export {
  genericTearDown, planGenericTearDown, type GenericTearDownOptions,
} from './teardown/generic-teardown.js';
export { cleanIpRules, rulesWithMissingLink, rulesOnPrefixes } from './teardown/clean-ip-rules.js';
export { ensureHostNsConfig } from './host/host-ns-config.js';
export { getHostIp, resolveBindAddress } from './host/host-ip.js';
export { ruleSync, gcPolicyRoutes, type SyncedPod } from './maintenance/rule-sync.js';
export {
  gcLeakedRules, isLeakedVlanFilter, type GcLeakedRulesOutcome,
} from './maintenance/gc-leaked-rules.js';
export { vethNameForPod, randomVethName } from './veth-name.js';
export { tbfParameters } from './tc/qdisc.js';
export { vlanTempName } from './driver/vlan.js';
export { srcKeys } from './tc/u32.js';
