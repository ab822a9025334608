// What a script needs from a backend: link kinds, qdiscs, tc actions, IPv6. A script whose needs
// this kernel cannot meet is skipped on it, with the reason, instead of reported as a difference.

import type { KernelCapabilities } from '../netlink/kernel.js';
import type { LinkKind } from '../netlink/link.js';
import type { Op } from './ops.js';

export function missingFor(
  steps: readonly Op[],
  capabilities: KernelCapabilities,
): string | undefined {
  const kinds = new Set<LinkKind>();
  const qdiscs = new Set<string>();
  const actions = new Set<string>();
  let ipv6 = false;
  for (const step of steps) {
    if (step.op === 'linkAdd') kinds.add(step.spec.kind);
    if (step.op === 'qdiscAdd' || step.op === 'qdiscReplace') qdiscs.add(step.options.kind);
    if (step.op === 'filterAdd') (step.actions ?? []).forEach((action) => actions.add(action.kind));
    if (
      JSON.stringify(step).includes(':') &&
      /"(cidr|ip|dst|gateway|src)":"[0-9a-f:]*:[0-9a-f:]*/.test(JSON.stringify(step))
    )
      ipv6 = true;
  }
  const missing = [
    ...[...kinds]
      .filter((kind) => !capabilities.linkKinds.includes(kind))
      .map((kind) => `${kind} links`),
    ...[...qdiscs]
      .filter((kind) => !capabilities.qdiscKinds.includes(kind as never))
      .map((kind) => `${kind} qdiscs`),
    ...[...actions]
      .filter((kind) => !capabilities.tcActions.includes(kind as never))
      .map((kind) => `tc ${kind} actions`),
    ...(ipv6 && !capabilities.ipv6 ? ['IPv6'] : []),
  ];
  return missing.length === 0 ? undefined : `this kernel has no ${missing.join(', ')}`;
}
