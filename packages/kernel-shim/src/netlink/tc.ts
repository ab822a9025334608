// Traffic control objects kept as data: the qdiscs and u32 filters Terway installs on ENIs and
// veths (Terway's pkg/tc/tc.go, plugin/driver/utils/utils_linux.go and
// plugin/datapath/ipvlan_linux.go): tbf shaping, clsact + u32
// VLAN push/pop on trunk ENIs, mq/prio/fq for priority and EDT, and the ipvlan redirect filter
// (tunnel_key unset, skbedit ptype host, mirred ingress redirect).
//
// Handles are tc's text form `major:minor` in hex (`1:`, `ffff:`, `1:2`); the clsact pseudo
// parents are `ingress` (ffff:fff2) and `egress` (ffff:fff3), the qdisc itself sits at `clsact`
// (ffff:fff1). The kernel's own qdiscs are listed too, with handle `0:`: the default root a link
// gets when it first goes up (noqueue, or the default qdisc, or mq with one default child per
// transmit queue at `:1`, `:2`, … when the link is multiqueue), and the default children an mq
// gets at `M:1`, `M:2`, …. A qdisc added without a handle gets the next automatic one (`8001:`).

export const tcParentRoot = 'root';
export const tcParentClsact = 'clsact';
export const tcParentIngress = 'ingress';
export const tcParentEgress = 'egress';

export type QdiscKind =
  | 'clsact' | 'ingress' | 'mq' | 'fq' | 'prio' | 'tbf' | 'noqueue' | 'pfifo_fast' | 'fq_codel';

/** What `net.core.default_qdisc` may name: the qdisc the kernel attaches per transmit queue. */
export type DefaultQdiscKind = 'pfifo_fast' | 'fq_codel';

export interface TbfOptions {
  /** Bytes per second (what Terway computes; tc prints bits). */
  readonly rateBytesPerSecond: number;
  readonly burstBytes: number;
  readonly limitBytes: number;
}

export interface PrioOptions {
  readonly bands: number;
  /** 16 band numbers, one per TC_PRIO value. */
  readonly priomap: readonly number[];
}

export type QdiscOptions =
  | { readonly kind: 'clsact' | 'ingress' | 'mq' | 'fq' | 'noqueue' | 'pfifo_fast' | 'fq_codel' }
  | ({ readonly kind: 'tbf' } & TbfOptions)
  | ({ readonly kind: 'prio' } & PrioOptions);

export interface Qdisc {
  readonly linkIndex: number;
  /** `1:`, `ffff:`, `8001:`; `0:` for the kernel's default qdiscs. */
  readonly handle: string;
  /** `root`, `clsact`, or a class `1:3` (`:3` under a default mq `0:`). */
  readonly parent: string;
  readonly options: QdiscOptions;
}

export interface QdiscSpec {
  readonly linkIndex: number;
  /**
   * Default: the kernel's next automatic handle (`8001:`, `8002:`, …), or the handle of the qdisc
   * a replace changes in place; `ffff:` for clsact/ingress, which the kernel fixes.
   */
  readonly handle?: string;
  /** Default `root` (`clsact` for clsact). */
  readonly parent?: string;
  readonly options: QdiscOptions;
}

/** A u32 selector key: match `(packet[offset..+4] & mask) === value` (network byte order). */
export interface U32Key {
  readonly value: number;
  readonly mask: number;
  readonly offset: number;
}

/** What happens after an action: TC_ACT_PIPE etc. */
export type TcControl = 'pipe' | 'ok' | 'stolen' | 'drop' | 'reclassify' | 'continue';

/**
 * `index` is the action's number among the namespace's actions of its kind (`tc actions`), which
 * the kernel gives (the lowest free, from 1) when a filter brings it; a spec leaves it out.
 */
export type TcAction = (
  | { readonly kind: 'vlan'; readonly op: 'pop'; readonly control: TcControl }
  | {
      readonly kind: 'vlan';
      readonly op: 'push';
      readonly vlanId: number;
      readonly control: TcControl;
    }
  | { readonly kind: 'tunnel_key'; readonly op: 'unset'; readonly control: TcControl }
  | {
      readonly kind: 'skbedit';
      readonly ptype: 'host' | 'otherhost' | 'broadcast' | 'multicast';
      readonly control: TcControl;
    }
  | {
      readonly kind: 'mirred';
      readonly direction: 'ingress' | 'egress';
      readonly op: 'redirect' | 'mirror';
      /** ifindex in the filter's namespace. */
      readonly targetIndex: number;
      readonly control: TcControl;
    }
) & { readonly index?: number };

/** Ethertype names tc knows; other ethertypes are numbers. */
export type TcProtocol = 'all' | 'ip' | 'ipv6' | '802.1Q' | number;

export interface U32Filter {
  readonly linkIndex: number;
  /** `ingress`, `egress`, or a qdisc handle `1:`. */
  readonly parent: string;
  readonly kind: 'u32';
  readonly priority: number;
  readonly protocol: TcProtocol;
  readonly keys: readonly U32Key[];
  /** TC_U32_TERMINAL: a match ends classification in this filter. */
  readonly terminal: boolean;
  /** Class to put matches in (`1:2`), for filters under a prio qdisc. */
  readonly classid?: string;
  readonly actions: readonly TcAction[];
  /** The kernel-assigned handle, e.g. `800::800`; identifies the filter for deletion. */
  readonly handle: string;
}

export type Filter = U32Filter;

export type FilterSpec = Omit<U32Filter, 'handle' | 'terminal'> & { readonly terminal?: boolean };

/** Selects filters to delete: all matching ones with this priority (and protocol) on parent. */
export interface FilterDelSpec {
  readonly linkIndex: number;
  readonly parent: string;
  readonly priority: number;
  readonly protocol?: TcProtocol;
  /** Only the filter with this handle. */
  readonly handle?: string;
}
