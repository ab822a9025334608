// Reads tc output back: qdiscs from `tc -j qdisc show` (the kernel's default qdiscs, handle 0:,
// included), u32 filters from the text of `tc filter show` (tc's JSON for u32 repeats the `match`
// key, so it cannot be parsed as JSON). Action lines are read best-effort from
// iproute2's print format; where this kernel lacks the action modules they cannot be checked.

import type {
  Filter,
  Qdisc,
  QdiscOptions,
  TcAction,
  TcControl,
  TcProtocol,
  U32Key,
} from '../netlink/tc.js';

type Json = Record<string, unknown>;

function qdiscOptions(kind: string, options: Json): QdiscOptions | undefined {
  switch (kind) {
    case 'clsact':
    case 'ingress':
    case 'mq':
    case 'fq':
    case 'noqueue':
    case 'pfifo_fast':
    case 'fq_codel':
      return { kind };
    case 'tbf': {
      const rate = Number(options.rate);
      const burst = Number(options.burst);
      const latencyUs = Number(options.lat ?? 0);
      return {
        kind: 'tbf',
        rateBytesPerSecond: rate,
        burstBytes: burst,
        limitBytes: Math.round((latencyUs * rate) / 1e6 + burst),
      };
    }
    case 'prio':
      return {
        kind: 'prio',
        bands: Number(options.bands),
        priomap: Array.isArray(options.priomap) ? options.priomap.map(Number) : [],
      };
    default:
      return undefined;
  }
}

export function parseQdiscs(
  json: unknown,
  indexByName: ReadonlyMap<string, number>,
  devOf: (entry: Json) => string | undefined,
): Qdisc[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((raw): Qdisc[] => {
    const entry = raw as Json;
    const kind = String(entry.kind);
    const handle = String(entry.handle ?? '0:');
    const options = qdiscOptions(kind, (entry.options ?? {}) as Json);
    const linkIndex = indexByName.get(devOf(entry) ?? '');
    if (options === undefined || linkIndex === undefined) return [];
    const parent =
      kind === 'clsact' || kind === 'ingress'
        ? 'clsact'
        : entry.root === true
          ? 'root'
          : String(entry.parent);
    return [{ linkIndex, handle, parent, options }];
  });
}

const controls: readonly TcControl[] = ['pipe', 'ok', 'stolen', 'drop', 'reclassify', 'continue'];

function controlOf(text: string): TcControl {
  const words = text.trim().split(/\s+/);
  return controls.find((control) => words.includes(control)) ?? 'pipe';
}

export function parseActionLine(
  line: string,
  indexByName: ReadonlyMap<string, number>,
): TcAction | undefined {
  const body = line.replace(/^\s*action order \d+:\s*/, '');
  const control = controlOf(body);
  if (/^vlan\s+pop/.test(body)) return { kind: 'vlan', op: 'pop', control };
  const push = /^vlan\s+push id (\d+)/.exec(body);
  if (push !== null) return { kind: 'vlan', op: 'push', vlanId: Number(push[1]), control };
  if (/^tunnel_key\s+unset/.test(body)) return { kind: 'tunnel_key', op: 'unset', control };
  const skbedit = /^skbedit\s+ptype (\w+)/.exec(body);
  if (skbedit !== null) return { kind: 'skbedit', ptype: skbedit[1] as 'host', control };
  const mirred = /^mirred \((Ingress|Egress) (Redirect|Mirror) to device ([^)]+)\)/.exec(body);
  if (mirred !== null) {
    return {
      kind: 'mirred',
      direction: mirred[1] === 'Ingress' ? 'ingress' : 'egress',
      op: mirred[2] === 'Redirect' ? 'redirect' : 'mirror',
      targetIndex: indexByName.get(mirred[3]!) ?? 0,
      control,
    };
  }
  return undefined;
}

function protocolOf(text: string): TcProtocol {
  if (text === 'ip' || text === 'ipv6' || text === 'all' || text === '802.1Q') return text;
  return /^0x/.test(text) ? parseInt(text, 16) : text === '802.1q' ? '802.1Q' : Number(text);
}

/** Parses one link+parent's `tc filter show` text into u32 filters (one per `fh X::Y` node). */
export function parseFilters(
  text: string,
  linkIndex: number,
  parent: string,
  indexByName: ReadonlyMap<string, number>,
): Filter[] {
  const filters: Array<{ -readonly [K in keyof Filter]: Filter[K] }> = [];
  let current: (typeof filters)[number] | undefined;
  const keys: U32Key[][] = [];
  const actions: TcAction[][] = [];
  for (const line of text.split('\n')) {
    const head =
      /^filter protocol (\S+) pref (\d+) u32 .*fh ([0-9a-f]+:[0-9a-f]*:[0-9a-f]+)(.*)$/.exec(line);
    if (head !== null) {
      const rest = head[4]!;
      const classid = /flowid (\d+:\d+)/.exec(rest)?.[1];
      current = {
        linkIndex,
        parent,
        kind: 'u32',
        priority: Number(head[2]),
        protocol: protocolOf(head[1]!),
        keys: [],
        terminal: rest.includes('terminal') || classid !== undefined,
        actions: [],
        handle: head[3]!,
        ...(classid !== undefined ? { classid } : {}),
      };
      filters.push(current);
      keys.push([]);
      actions.push([]);
      continue;
    }
    if (/^filter /.test(line)) {
      current = undefined;
      continue;
    }
    if (current === undefined) continue;
    const match = /^\s+match ([0-9a-f]+)\/([0-9a-f]+) at (-?\d+)/.exec(line);
    if (match !== null)
      keys[keys.length - 1]!.push({
        value: parseInt(match[1]!, 16) >>> 0,
        mask: parseInt(match[2]!, 16) >>> 0,
        offset: Number(match[3]),
      });
    if (/^\s+action order/.test(line)) {
      const action = parseActionLine(line, indexByName);
      if (action !== undefined) actions[actions.length - 1]!.push(action);
    }
    const index = /^\s+index (\d+) ref/.exec(line);
    const last = actions[actions.length - 1]!;
    if (index !== null && last.length > 0) {
      last[last.length - 1] = { ...last.at(-1)!, index: Number(index[1]) };
    }
  }
  return filters.map((filter, at) => ({ ...filter, keys: keys[at]!, actions: actions[at]! }));
}
