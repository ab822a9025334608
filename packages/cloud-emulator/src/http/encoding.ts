// Text rules shared by both signature algorithms: splitting a raw query or form body into
// decoded pairs (`+` is a space, malformed escapes are refused), and RFC 3986 percent-encoding
// (`encodeURIComponent` plus `! ' ( ) *`, `~` left alone), which is how both ACS3 and v1
// canonicalize. Signatures are checked against the raw text, never against a parser's guess.

export interface RawPair {
  readonly key: string;
  readonly value: string;
}

const plain = /^[A-Za-z0-9._~-]*$/;

/** Percent-decodes one side of a pair (`+` is a space); most keys and values need nothing. */
function decodeText(text: string): string {
  return plain.test(text) ? text : decodeURIComponent(text.replace(/\+/g, ' '));
}

/** Decoded `k=v` pairs of a raw query or form body; undefined if an escape is malformed. */
export function splitPairs(raw: string): RawPair[] | undefined {
  if (raw === '') return [];
  const pairs: RawPair[] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const keyText = at < 0 ? part : part.slice(0, at);
    const valueText = at < 0 ? '' : part.slice(at + 1);
    try {
      pairs.push({ key: decodeText(keyText), value: decodeText(valueText) });
    } catch {
      return undefined;
    }
  }
  return pairs;
}

/** RFC 3986 percent-encoding as the Alibaba signers use it. */
export function percentEncode(text: string): string {
  if (plain.test(text)) return text;
  return encodeURIComponent(text).replace(/[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `k=v&…` with both sides encoded, sorted by encoded key (then value), byte order. */
export function canonicalPairs(pairs: readonly RawPair[]): string {
  return pairs.map((pair) => [percentEncode(pair.key), percentEncode(pair.value)] as const)
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}
