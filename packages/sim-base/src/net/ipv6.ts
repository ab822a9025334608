// IPv6 addresses as 128-bit bigints and CIDR blocks over them, with RFC 5952 text output
// (lowercase, longest zero run compressed), which is what `ip -j` and the cloud print.

export interface Ipv6Cidr {
  readonly network: bigint;
  readonly prefix: number;
}

const all128 = (1n << 128n) - 1n;

export function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  const [headText = '', tailText] = text.split('::');
  const expand = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const v4 = piece.split('.').map(Number);
        if (v4.length !== 4 || v4.some((n) => !Number.isInteger(n) || n < 0 || n > 255))
          return undefined;
        groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = expand(headText);
  const tail = tailText === undefined ? [] : expand(tailText);
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (tailText === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(tailText === undefined ? 0 : missing).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

export function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, index) =>
    Number((value >> BigInt(112 - 16 * index)) & 0xffffn),
  );
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8;) {
    if (groups[start] !== 0) { start++; continue; }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) { bestStart = start; bestLength = end - start; }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function ipv6Mask(prefix: number): bigint {
  return prefix === 0 ? 0n : (all128 << BigInt(128 - prefix)) & all128;
}

export function parseIpv6Cidr(
  text: string,
  options: { strict?: boolean } = {},
): Ipv6Cidr | undefined {
  const [addressText, prefixText, ...rest] = text.split('/');
  if (addressText === undefined || rest.length > 0) return undefined;
  const address = parseIpv6(addressText);
  if (address === undefined) return undefined;
  const prefix =
    prefixText === undefined ? 128 : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefix < 0 || prefix > 128) return undefined;
  const network = address & ipv6Mask(prefix);
  if (options.strict === true && network !== address) return undefined;
  return { network, prefix };
}

export function formatIpv6Cidr(cidr: Ipv6Cidr): string {
  return `${formatIpv6(cidr.network)}/${cidr.prefix}`;
}

export function ipv6InCidr(address: bigint, cidr: Ipv6Cidr): boolean {
  return (address & ipv6Mask(cidr.prefix)) === cidr.network;
}

export function ipv6At(cidr: Ipv6Cidr, index: bigint): bigint {
  const size = 1n << BigInt(128 - cidr.prefix);
  const offset = index < 0n ? size + index : index;
  if (offset < 0n || offset >= size)
    throw new RangeError(`index ${index} outside ${formatIpv6Cidr(cidr)}`);
  return cidr.network + offset;
}
