// IPv4 addresses as unsigned 32-bit numbers, and CIDR blocks over them. The cloud's address pools
// and the kernel model's routes do their arithmetic here, on plain numbers (no strings on hot
// paths).

export interface Ipv4Cidr {
  /** Network address (host bits zero), unsigned. */
  readonly network: number;
  readonly prefix: number;
}

const dot = 46;
const zero = 48;
const nine = 57;

/**
 * Parses dotted-quad text; undefined if it is not exactly four decimal octets (0-255, no leading
 * zeros). One pass over the characters: every pod IP, route and ENI address goes through here.
 */
export function parseIpv4(text: string): number | undefined {
  let value = 0;
  let octets = 0;
  let octetValue = 0;
  let digits = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === dot) {
      if (digits === 0 || octets === 3) return undefined;
      value = value * 256 + octetValue;
      octets++;
      octetValue = 0;
      digits = 0;
    } else if (code >= zero && code <= nine) {
      if (digits === 1 && octetValue === 0) return undefined; // a leading zero
      octetValue = octetValue * 10 + (code - zero);
      digits++;
      if (octetValue > 255) return undefined;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || octets !== 3) return undefined;
  return value * 256 + octetValue;
}

export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

export function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parses `a.b.c.d/n` (a bare address means /32). With `strict`, host bits must be zero (as the
 * cloud requires of a vSwitch CIDR); otherwise they are masked off.
 */
export function parseIpv4Cidr(
  text: string,
  options: { strict?: boolean } = {},
): Ipv4Cidr | undefined {
  const [addressText, prefixText, ...rest] = text.split('/');
  if (addressText === undefined || rest.length > 0) return undefined;
  const address = parseIpv4(addressText);
  if (address === undefined) return undefined;
  const prefix =
    prefixText === undefined ? 32 : /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : -1;
  if (prefix < 0 || prefix > 32) return undefined;
  const network = (address & ipv4Mask(prefix)) >>> 0;
  if (options.strict === true && network !== address) return undefined;
  return { network, prefix };
}

export function formatIpv4Cidr(cidr: Ipv4Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`;
}

export function ipv4CidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function ipv4InCidr(address: number, cidr: Ipv4Cidr): boolean {
  return ((address & ipv4Mask(cidr.prefix)) >>> 0) === cidr.network;
}

/** The address at `index` in the block; negative indexes count from the end (-1 = last). */
export function ipv4At(cidr: Ipv4Cidr, index: number): number {
  const size = ipv4CidrSize(cidr);
  const offset = index < 0 ? size + index : index;
  if (offset < 0 || offset >= size)
    throw new RangeError(`index ${index} outside ${formatIpv4Cidr(cidr)}`);
  return cidr.network + offset;
}

/** True when `inner` lies wholly inside `outer`. */
export function ipv4CidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && ipv4InCidr(inner.network, outer);
}

export function ipv4CidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  return ipv4CidrContains(a, b) || ipv4CidrContains(b, a);
}
