// The GC's host-route hooks over the kernel port: Terway's daemon calls ruleSync for live pods and
// gcPolicyRoutes for deleted ones (daemon/daemon_linux.go); both live in the datapath package of
// terway-core, which works on the `Kernel` port of kernel-shim. Scenarios pass the node's kernel
// and host namespace here and hand the result to the daemon as `hostRoutes`.

import type { Kernel } from '@terway-sim/kernel-shim';
import { gcPolicyRoutes, ruleSync } from '../datapath/index.js';
import type { HostRouteHooks } from './gc.js';

export function kernelHostRoutes(kernel: Kernel, hostNs: string): HostRouteHooks {
  return {
    ruleSync: (pod) => ruleSync(kernel, hostNs,
      { name: pod.name, namespace: pod.namespace, netConfs: pod.netConfs }),
    gcPolicyRoutes: (pod) => gcPolicyRoutes(kernel, hostNs, pod),
  };
}
