// A persistent (immutable, structurally shared) string-keyed map: a hash array mapped trie with
// 32-way bitmap-compressed branches. A write copies O(log32 n) small arrays and leaves the old
// map intact, so a snapshot of a collection is the map itself (O(1)). The cloud emulator keeps
// its ENIs, instances and client tokens in these, and kube-sim its objects: immer measured
// 2.5–4 µs per produce on a flat 100,000-key shape, where this costs a fraction of that.
//
// When to use: collections that grow with the cluster and must be snapshotted. Gotchas:
// iteration order is hash order (deterministic, not sorted); use `sortedKeys()` where an order is
// promised. Values are stored by reference and must themselves be immutable.

import { assert } from '../assert.js';

interface Entry<V> {
  readonly kind: 0;
  readonly key: string;
  readonly hash: number;
  readonly value: V;
}

interface Bucket<V> {
  readonly kind: 1;
  readonly hash: number;
  readonly entries: readonly Entry<V>[];
}

interface Branch<V> {
  readonly kind: 2;
  readonly bitmap: number;
  readonly children: readonly TrieNode<V>[];
}

type TrieNode<V> = Entry<V> | Bucket<V> | Branch<V>;
type Leaf<V> = Entry<V> | Bucket<V>;

const levelBits = 5;
const levelMask = 31;

/** FNV-1a over UTF-16 code units, then murmur3's finalizer so low bits mix well. */
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

function fragment(hash: number, shift: number): number {
  return (hash >>> shift) & levelMask;
}

function lookup<V>(root: TrieNode<V> | undefined, key: string, hash: number): V | undefined {
  let node = root;
  let shift = 0;
  while (node !== undefined) {
    if (node.kind === 0) return node.key === key ? node.value : undefined;
    if (node.kind === 1) return node.entries.find((candidate) => candidate.key === key)?.value;
    const bit = 1 << fragment(hash, shift);
    if ((node.bitmap & bit) === 0) return undefined;
    node = node.children[popcount(node.bitmap & (bit - 1))];
    shift += levelBits;
  }
  return undefined;
}

/** Joins two leaves with different hashes into the smallest branch that separates them. */
function join<V>(shift: number, a: Leaf<V>, b: Leaf<V>): Branch<V> {
  assert(shift < 35, 'hash trie: leaves with equal hashes must share a bucket');
  const fa = fragment(a.hash, shift);
  const fb = fragment(b.hash, shift);
  if (fa === fb) return { kind: 2, bitmap: 1 << fa, children: [join(shift + levelBits, a, b)] };
  return { kind: 2, bitmap: (1 << fa) | (1 << fb), children: fa < fb ? [a, b] : [b, a] };
}

interface SetResult<V> {
  readonly node: TrieNode<V>;
  readonly added: boolean;
}

function setLeaf<V>(leaf: Leaf<V>, shift: number, entry: Entry<V>): SetResult<V> {
  if (leaf.hash !== entry.hash) return { node: join(shift, leaf, entry), added: true };
  if (leaf.kind === 0) {
    if (leaf.key === entry.key) return { node: entry, added: false };
    return { node: { kind: 1, hash: entry.hash, entries: [leaf, entry] }, added: true };
  }
  const index = leaf.entries.findIndex((candidate) => candidate.key === entry.key);
  const entries = leaf.entries.slice();
  if (index >= 0) entries[index] = entry;
  else entries.push(entry);
  return { node: { kind: 1, hash: leaf.hash, entries }, added: index < 0 };
}

function insert<V>(node: TrieNode<V> | undefined, shift: number, entry: Entry<V>): SetResult<V> {
  if (node === undefined) return { node: entry, added: true };
  if (node.kind !== 2) return setLeaf(node, shift, entry);
  const bit = 1 << fragment(entry.hash, shift);
  const index = popcount(node.bitmap & (bit - 1));
  const children = node.children.slice();
  if ((node.bitmap & bit) === 0) {
    children.splice(index, 0, entry);
    return { node: { kind: 2, bitmap: node.bitmap | bit, children }, added: true };
  }
  const result = insert(node.children[index], shift + levelBits, entry);
  children[index] = result.node;
  return { node: { kind: 2, bitmap: node.bitmap, children }, added: result.added };
}

function removeFromLeaf<V>(leaf: Leaf<V>, key: string): TrieNode<V> | undefined | null {
  if (leaf.kind === 0) return leaf.key === key ? undefined : null;
  const entries = leaf.entries.filter((candidate) => candidate.key !== key);
  if (entries.length === leaf.entries.length) return null;
  return entries.length === 1 ? entries[0] : { kind: 1, hash: leaf.hash, entries };
}

/** The node without `key`: undefined when it empties, null when the key was absent. */
function remove<V>(node: TrieNode<V>, shift: number, key: string,
  hash: number): TrieNode<V> | undefined | null {
  if (node.kind !== 2) return removeFromLeaf(node, key);
  const bit = 1 << fragment(hash, shift);
  if ((node.bitmap & bit) === 0) return null;
  const index = popcount(node.bitmap & (bit - 1));
  const child = remove(node.children[index]!, shift + levelBits, key, hash);
  if (child === null) return null;
  const children = node.children.slice();
  if (child === undefined) {
    children.splice(index, 1);
    const bitmap = node.bitmap & ~bit;
    if (children.length === 0) return undefined;
    // A branch left holding one leaf collapses into it; lookups compare keys at any depth.
    if (children.length === 1 && children[0]!.kind !== 2) return children[0];
    return { kind: 2, bitmap, children };
  }
  children[index] = child;
  if (children.length === 1 && child.kind !== 2) return child;
  return { kind: 2, bitmap: node.bitmap, children };
}

function* walk<V>(node: TrieNode<V> | undefined): Generator<Entry<V>> {
  if (node === undefined) return;
  if (node.kind === 0) yield node;
  else if (node.kind === 1) yield* node.entries;
  else for (const child of node.children) yield* walk(child);
}

/** The same order as `walk`, by plain recursion: no generator per trie level. */
function visitEntries<V>(node: TrieNode<V> | undefined, visit: (entry: Entry<V>) => void): void {
  if (node === undefined) return;
  if (node.kind === 0) visit(node);
  else if (node.kind === 1) node.entries.forEach(visit);
  else for (const child of node.children) visitEntries(child, visit);
}

export class PersistentMap<V> {
  private static readonly emptyMap = new PersistentMap<never>(undefined, 0);

  private constructor(private readonly root: TrieNode<V> | undefined, readonly size: number) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.emptyMap as PersistentMap<V>;
  }

  static fromEntries<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const [key, value] of entries) map = map.set(key, value);
    return map;
  }

  get(key: string): V | undefined {
    return lookup(this.root, key, hashKey(key));
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** A map with `key` set; the same map when the value is already there (by identity). */
  set(key: string, value: V): PersistentMap<V> {
    const hash = hashKey(key);
    if (lookup(this.root, key, hash) === value) return this;
    const result = insert(this.root, 0, { kind: 0, key, hash, value });
    return new PersistentMap(result.node, this.size + (result.added ? 1 : 0));
  }

  delete(key: string): PersistentMap<V> {
    if (this.root === undefined) return this;
    const root = remove(this.root, 0, key, hashKey(key));
    if (root === null) return this;
    return new PersistentMap(root, this.size - 1);
  }

  *entries(): Generator<[string, V]> {
    for (const entry of walk(this.root)) yield [entry.key, entry.value];
  }

  *values(): Generator<V> {
    for (const entry of walk(this.root)) yield entry.value;
  }

  /** Each value in hash order (as `values()`), without a generator: for hot loops. */
  forEachValue(visit: (value: V) => void): void {
    visitEntries(this.root, (entry) => visit(entry.value));
  }

  /** Keys in byte order, for outputs the cloud sorts (ids sort by creation). */
  sortedKeys(): string[] {
    const keys: string[] = [];
    visitEntries(this.root, (entry) => keys.push(entry.key));
    return keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** A plain object with keys in byte order, for snapshots. */
  toSortedObject(): Record<string, V> {
    const out: Record<string, V> = {};
    for (const key of this.sortedKeys()) out[key] = this.get(key)!;
    return out;
  }
}
