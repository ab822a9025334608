// Per-link protocol configuration (the `conf/<link>` sysctl directories) stored as a base plus
// the link's own writes, so a link costs no copy of every knob. IPv4 links read through to their
// namespace's live `default` for knobs they never set (devinet_copy_dflt_conf makes every
// `default` write reach them); IPv6 links keep the `default` values of their creation (the base
// is a snapshot the namespace replaces, never mutates). A link without the protocol (MTU below
// its minimum) has an absent conf: no knobs, no directory.

/** Where a conf's unset knobs come from: a fixed map, or a namespace's live IPv4 `default`. */
export type ConfBase =
  ReadonlyMap<string, string> | { readonly default4: ReadonlyMap<string, string> };

/**
 * A conf as plain data (for checkpoints): its base (`default4` for a namespace's live IPv4
 * default, `absent` when the link lacks the protocol, else the fixed map, which nobody mutates)
 * and the knobs the link wrote itself.
 */
export interface ConfRecord {
  readonly base: 'absent' | 'default4' | ReadonlyMap<string, string>;
  readonly own: ReadonlyArray<readonly [string, string]>;
}

export class LinkConf {
  private own: Map<string, string> | undefined;

  constructor(private readonly source: ConfBase, readonly present = true) {}

  static absent(): LinkConf {
    return new LinkConf(new Map(), false);
  }

  /** The conf a record describes; `liveDefault4` is the restored namespace's sysctls. */
  static fromRecord(
    record: ConfRecord, liveDefault4: { readonly default4: ReadonlyMap<string, string> },
  ): LinkConf {
    if (record.base === 'absent') return LinkConf.absent();
    const conf = new LinkConf(record.base === 'default4' ? liveDefault4 : record.base);
    if (record.own.length > 0) conf.own = new Map(record.own);
    return conf;
  }

  record(): ConfRecord {
    const base = !this.present ? 'absent' : this.source instanceof Map ? this.source : 'default4';
    return { base, own: this.own === undefined ? [] : [...this.own] };
  }

  private get base(): ReadonlyMap<string, string> {
    return this.source instanceof Map
      ? this.source
      : (this.source as { readonly default4: ReadonlyMap<string, string> }).default4;
  }

  get(key: string): string | undefined {
    if (!this.present) return undefined;
    return this.own?.get(key) ?? this.base.get(key);
  }

  set(key: string, value: string): void {
    if (!this.present || !this.base.has(key)) return;
    (this.own ??= new Map()).set(key, value);
  }

  /** Marks every knob as the link's own at its current value (ipv4_devconf_setall). */
  pinAll(): void {
    if (!this.present) return;
    for (const [key, value] of [...this.entries()]) (this.own ??= new Map()).set(key, value);
  }

  /** True when the link wrote this knob itself. */
  isOwn(key: string): boolean {
    return this.own?.has(key) === true;
  }

  get size(): number {
    return this.present ? this.base.size : 0;
  }

  *entries(): IterableIterator<[string, string]> {
    if (!this.present) return;
    for (const key of this.base.keys()) yield [key, this.get(key)!];
  }
}
