// kernel-shim: the Linux networking the CNI datapaths program, behind one netlink-style port.
//
// terway-core imports the types here (`import type`) and programs namespaces, links, addresses,
// routes, rules, neighbours, sysctls and tc through `Kernel`. Scenarios and tests create a backend:
// the in-memory model (fast, deterministic) or the real one over iproute2 in network namespaces,
// and compare the two with the conformance suite. `trace` follows a packet through the model.

export * from './netlink/errors.js';
export * from './netlink/netns.js';
export * from './netlink/link.js';
export * from './netlink/address.js';
export * from './netlink/route.js';
export * from './netlink/rule.js';
export * from './netlink/neighbour.js';
export * from './netlink/tc.js';
export * from './netlink/sysctl.js';
export * from './netlink/kernel.js';
export * from './fabric/fabric-view.js';
export { staticFabric, type StaticEni, type StaticFabricSpec } from './fabric/static-fabric.js';
export * from './trace/trace-types.js';
export {
  renderView, viewArgs, viewCommand, namespaceViews, filterParents, type Iproute2View,
} from './render/views.js';
export { routesInDumpOrder } from './render/ip-route.js';
export {
  parseIpCommand, parseTcCommand, checkDevices, selectLink, type Iproute2Command,
  type CommandLineResult,
} from './render/command-line.js';

// Implementations and tools (scenarios and the CLI wire these; terway-core does not import them).
export {
  ModelKernel, modelCapabilities, modelOptionsFor, type ModelKernelDeps, type ModelKernelOptions,
} from './model/model-kernel.js';
export type { KernelCheckpoint, NamespaceCheckpoint } from './model/checkpoint.js';
export { LinuxKernel, type LinuxKernelOptions } from './linux/linux-kernel.js';
export { probeLinux, type Availability } from './linux/probe.js';
export { cleanupLeftovers, type CleanupReport } from './linux/cleanup.js';
export { runPrefixRoot } from './linux/names.js';
export { trace } from './trace/trace.js';
export { conformanceCases, conformanceScripts } from './conformance/cases.js';
export {
  runVerify, randomCases, verifyConcurrencyMax, type VerifyCaseReport, type VerifyOptions,
  type VerifyReport,
} from './conformance/verify.js';
export {
  scriptCase, runScript, observe, observeWithTexts, type Observation, type Script,
  type ScriptStep, type VerifyCase,
} from './conformance/script.js';
export { applyOp, describeOp, type Op, type Outcome } from './conformance/ops.js';
export { compareObservations, type StepDifference } from './conformance/compare.js';
export { observeTexts, normalizeViewText, diffTexts, type ViewTexts } from './conformance/texts.js';
