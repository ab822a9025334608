// Neighbour entries (`RTM_NEWNEIGH`). Terway writes only PERMANENT entries (169.254.1.1 -> host
// veth MAC in the pod); dynamic ARP/ND state is not part of the model (see docs/kernel.md).

import type { IpFamily } from './address.js';

export type NeighState =
  | 'permanent' | 'noarp' | 'reachable' | 'stale' | 'delay' | 'probe' | 'incomplete' | 'failed';

export interface Neigh {
  readonly linkIndex: number;
  readonly family: IpFamily;
  readonly ip: string;
  /** Absent for states without a link-layer address (incomplete, failed). */
  readonly mac?: string;
  readonly state: NeighState;
}

export interface NeighSpec {
  readonly linkIndex: number;
  readonly ip: string;
  readonly mac: string;
  /** Default permanent. */
  readonly state?: NeighState;
}
