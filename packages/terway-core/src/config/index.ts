// eni-config: the TerwayConfig type and its parser, the node merge, Terway's derivations, the CNI
// config, pool sizing and the node resources the daemon advertises.

export type { TerwayConfig, BackoffOverride, EniTagBlockListItem } from './terway-config.js';
export { populateTerwayConfig } from './terway-config.js';
export { eniConfSchema, eniConfKeys, eniConfGoType, type EniConfInput } from './eni-conf-schema.js';
export {
  parseEniConf, parseEniConfText, parseEniConfigFile, decodeEniConf, mergeEniConf,
  type ParsedEniConf, type ParsedEniConfigFile,
} from './parse.js';
export { readEniConfigFile, filePosition, type EniConfigFile, type EmbeddedText,
  type EmbeddedOrigin } from './document.js';
export { applyMergePatch, isJsonObject, type JsonObject } from './merge-patch.js';
export { parseJsonText, positionAt, type JsonSyntaxError, type TextPosition } from './json-text.js';
export { formatPath, type ConfigIssue, type ConfigIssueKind,
  type PathSegment } from './config-issue.js';
export { parseGoDurationNs, parseGoDurationMs, parseGoFloat } from './go-duration.js';
export { parseCniConf, cniConfKeys, type CniConfig } from './cni-config.js';
export {
  securityGroupIds, vSwitchIds, zoneVSwitchIds, ipStackFamilies, effectiveVSwitchSelectionPolicy,
  effectiveEniSelectionPolicy, defaultEniTagBlockList, eniTagBlockList, ipPoolSyncPeriodMs,
    serviceCidrs,
  idleIpReclaim, validateDaemonConfig,
} from './derive.js';
export { daemonModeForNode, ipamStack, exclusiveEniModeLabel,
  type DaemonMode } from './daemon-mode.js';
export {
  computePoolSizing, getPoolConfig, eniCountAfterConfig, poolBatchSize,
  type PoolConfig, type PoolSizing, type PoolSizingInput, type PoolNodeFacts, type IdleIpReclaim,
  type EniSelectionPolicy, type VSwitchSelectionPolicy, type EniCount, type EniCountLimitedBy,
} from './pool-config.js';
export * from './node-resources.js';
