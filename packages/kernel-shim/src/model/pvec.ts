// A persistent vector: slot number → value, where `set` returns a new vector sharing every node
// it did not touch (a 32-way trie with path copying, as Clojure's vectors). Setting k slots costs
// O(k log32 n) whatever the vector's size, which is what makes a kernel checkpoint cost
// O(changed namespaces) rather than O(namespaces).

const bits = 5;
const width = 1 << bits;
const mask = width - 1;

type Node<T> = ReadonlyArray<Node<T> | T | undefined>;

export class PersistentVector<T> {
  static empty<T>(): PersistentVector<T> {
    return new PersistentVector<T>([], bits);
  }

  /** `shift` is the bit offset of the root's digit: 5 for two levels (slots below 1,024). */
  private constructor(private readonly root: Node<T>, private readonly shift: number) {}

  /** How many slots the trie can hold without growing. */
  private get capacity(): number {
    return 2 ** (this.shift + bits);
  }

  get(slot: number): T | undefined {
    if (slot < 0 || slot >= this.capacity) return undefined;
    let node: Node<T> | undefined = this.root;
    for (let shift = this.shift; shift > 0 && node !== undefined; shift -= bits) {
      node = node[(slot >>> shift) & mask] as Node<T> | undefined;
    }
    return node?.[slot & mask] as T | undefined;
  }

  set(slot: number, value: T | undefined): PersistentVector<T> {
    let root = this.root;
    let shift = this.shift;
    while (slot >= 2 ** (shift + bits)) {
      root = [root];
      shift += bits;
    }
    return new PersistentVector(setIn(root, shift, slot, value), shift);
  }

  /** Every set slot, in slot order. */
  *values(): IterableIterator<T> {
    yield* walk(this.root, this.shift);
  }
}

function setIn<T>(node: Node<T>, shift: number, slot: number, value: T | undefined): Node<T> {
  const copy = node.slice();
  if (shift === 0) {
    copy[slot & mask] = value;
    return copy;
  }
  const digit = (slot >>> shift) & mask;
  copy[digit] = setIn((node[digit] as Node<T> | undefined) ?? [], shift - bits, slot, value);
  return copy;
}

function* walk<T>(node: Node<T>, shift: number): IterableIterator<T> {
  for (const child of node) {
    if (child === undefined) continue;
    if (shift === 0) yield child as T;
    else yield* walk(child as Node<T>, shift - bits);
  }
}
