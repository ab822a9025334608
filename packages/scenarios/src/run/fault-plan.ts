// Scenario faults → the cloud emulator's fault plan (API errors, timeouts, stuck attaches,
// outages, metadata lag). Daemon restarts and node loss are not cloud faults; the runner schedules
// them on the nodes.

import type { FaultRuleInput } from '@terway-sim/cloud-emulator';
import type { FaultItem } from '../scenario/schema/index.js';

type Window = { fromMs: number; untilMs?: number };

function window(from: number, to: number | undefined): Window {
  return to === undefined ? { fromMs: from } : { fromMs: from, untilMs: to };
}

export function cloudFaultRules(faults: readonly FaultItem[]): FaultRuleInput[] {
  return faults.flatMap((fault): FaultRuleInput[] => {
    switch (fault.kind) {
      case 'apiError': {
        const common = {
          api: fault.action,
          probability: fault.probability,
          ...window(fault.from, fault.to),
        };
        if (fault.code === 'Timeout') return [{ kind: 'timeout', applied: false, ...common }];
        if (fault.code === 'TimeoutApplied') return [{ kind: 'timeout', applied: true, ...common }];
        return [{ kind: 'error', code: fault.code, ...common }];
      }
      case 'eniStuckAttaching':
        return [
          {
            kind: 'stuckAttaching',
            api: 'AttachNetworkInterface',
            probability: fault.probability,
            ...window(fault.from, fault.to),
          },
        ];
      case 'regionOutage':
        return [{ kind: 'regionOutage', ...window(fault.from, fault.to) }];
      case 'metadata':
        return [
          ...(fault.lag === undefined
            ? []
            : [
                { kind: 'metadataLag' as const, lagMs: fault.lag, ...window(fault.from, fault.to) },
              ]),
          ...(fault.unreachable
            ? [{ kind: 'metadataUnreachable' as const, ...window(fault.from, fault.to) }]
            : []),
        ];
      case 'daemonRestart':
      case 'nodeLoss':
      case 'controlplaneRestart':
        return [];
    }
  });
}
