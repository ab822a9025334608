// Object uids from counters (no randomness): one counter per uid space, so that creating objects
// of one kind never renumbers another's. A uid is a UUID-shaped string whose first group names
// the space; the core space (pods and nodes) keeps the plain counter form it always had.

import { assert } from '@terway-sim/sim-base';

const spaceTags: Readonly<Record<string, string>> = {
  crd: 'c0de0000',
  events: 'e7e70000',
  configmaps: 'c0f10000',
  namespaces: 'a5a50000',
  apps: 'a9950000',
  networking: 'ae7b0000',
};

export class UidCounters {
  private readonly counts = new Map<string, number>();

  constructor(initial?: ReadonlyMap<string, number>) {
    for (const [space, count] of initial ?? []) this.counts.set(space, count);
  }

  next(space: string): string {
    const count = (this.counts.get(space) ?? 0) + 1;
    this.counts.set(space, count);
    if (space === 'core') {
      const hex = count.toString(16).padStart(32, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-` +
        hex.slice(20);
    }
    const tag = spaceTags[space];
    assert(tag !== undefined, () => `uid space ${space} has no tag`);
    return `${tag}-0000-4000-8000-${count.toString(16).padStart(12, '0')}`;
  }

  snapshot(): ReadonlyMap<string, number> {
    return new Map(this.counts);
  }
}
