// The two paging styles of the Describe APIs: NextToken + MaxResults (the current style; the
// token is opaque and names the last item of the previous page) and PageNumber + PageSize (the
// deprecated style, still used by the VPC APIs). Items must be given in the order the cloud
// lists them (by id, which sorts by creation here).

import { err, ok, type Result } from '@terway-sim/sim-base';
import { invalidParameter, type ApiError } from '../errors/catalog.js';

export function encodeNextToken(lastKey: string): string {
  return Buffer.from(`next:${lastKey}`, 'utf8').toString('base64url');
}

function decodeNextToken(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  return text.startsWith('next:') ? text.slice(5) : undefined;
}

export interface TokenPage<T> {
  readonly items: readonly T[];
  /** Empty when this is the last page. */
  readonly nextToken: string;
}

/** One page after `nextToken` (or from the start); `keyOf` must increase along `items`. */
export function pageByToken<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  nextToken: string | undefined,
  maxResults: number,
): Result<TokenPage<T>, ApiError> {
  let start = 0;
  if (nextToken !== undefined && nextToken !== '') {
    const after = decodeNextToken(nextToken);
    if (after === undefined)
      return err(invalidParameter('NextToken', 'a token returned by the previous page'));
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + maxResults);
  const more = start + maxResults < items.length;
  return ok({
    items: page,
    nextToken: more && page.length > 0 ? encodeNextToken(keyOf(page[page.length - 1]!)) : '',
  });
}

export interface NumberPage<T> {
  readonly items: readonly T[];
  readonly pageNumber: number;
  readonly pageSize: number;
}

export function pageByNumber<T>(items: readonly T[], pageNumber: number,
  pageSize: number): NumberPage<T> {
  const start = (pageNumber - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), pageNumber, pageSize };
}

/** Sorts by a string key in byte order (ids from counters sort by creation). */
export function byKey<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
