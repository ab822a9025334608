// Interface addresses (`RTM_NEWADDR`), with the fields Terway's EnsureAddr compares (CIDR text
// and scope) and the flags it sets (`nodad` on the ipvlan host slave's IPv6 address).

export type IpFamily = 4 | 6;

/**
 * Scopes by their `ip` names. `universe` is RT_SCOPE_UNIVERSE (0), which `ip addr` prints as
 * `global`. For IPv6 addresses the kernel derives the scope from the address itself (fe80::/10
 * link, ::1 host, else universe) and ignores what was asked.
 */
export type Scope = 'universe' | 'site' | 'link' | 'host' | 'nowhere';

export interface Addr {
  readonly linkIndex: number;
  readonly family: IpFamily;
  /** The address with its prefix length, host bits kept: `10.0.1.20/24`. Canonical text. */
  readonly cidr: string;
  readonly scope: Scope;
  /** IFA_F_NODAD. */
  readonly nodad: boolean;
  /** IFA_F_NOPREFIXROUTE: the kernel adds no prefix route for it. */
  readonly noprefixroute: boolean;
  /**
   * IPv4 IFA_F_SECONDARY: another address on the link covers the same subnet with the same mask.
   * Deleting the primary deletes its secondaries too (unless `promote_secondaries`).
   */
  readonly secondary: boolean;
  /** IPv4 label (defaults to the link name). */
  readonly label?: string;
  /**
   * IPv4 broadcast address, only when asked for (`brd`); the kernel then adds a broadcast route.
   */
  readonly broadcast?: string;
}

export interface AddrSpec {
  readonly linkIndex: number;
  /** Address with prefix length; a bare address means /32 or /128. */
  readonly cidr: string;
  /** Default as iproute2: host for 127.0.0.0/8 and ::1, link for fe80::/10, else universe. */
  readonly scope?: Scope;
  readonly nodad?: boolean;
  readonly noprefixroute?: boolean;
  readonly broadcast?: string;
}
