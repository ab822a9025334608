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
export * from './trace/trace-types.js';
