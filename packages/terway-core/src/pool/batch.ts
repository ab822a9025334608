// How a Local slot's alloc worker sizes its cloud calls and settles its queues, as Terway's
// pkg/eni/local.go `factoryAllocWorker`, `popNIPv4Jobs` and `switchIPv4` do:
// - a new ENI is created with min(batch, max(queued v4, 1)) IPv4 (the primary included) and
//   min(batch, queued v6) IPv6;
// - an existing ENI gets min(batch, queued) more addresses per family;
// - a reply with n addresses pops the first n queued requests to the "dangling" list (fewer than
//   asked pops fewer; the rest stay queued and cause another round); pre-warm requests among the
//   dangling ones are completed;
// - a request that ends while still queued leaves the queue and moves the first live dangling
//   request back, so the demand it was counted in stays.
// Pure functions over request lists; the slot applies them.

import type { LocalIpRequest } from './types.js';

export interface CreateCounts {
  readonly ipv4: number;
  readonly ipv6: number;
}

export function createCounts(queuedV4: number, queuedV6: number, batchSize: number): CreateCounts {
  return { ipv4: Math.min(batchSize, Math.max(queuedV4, 1)), ipv6: Math.min(batchSize, queuedV6) };
}

export function assignCounts(queuedV4: number, queuedV6: number, batchSize: number): CreateCounts {
  return { ipv4: Math.min(batchSize, queuedV4), ipv6: Math.min(batchSize, queuedV6) };
}

/** Go's Split: the first `count` and the rest; a count outside [0, len] pops everything. */
export function splitQueue<T>(queue: readonly T[], count: number): { popped: T[]; rest: T[] } {
  if (count < 0 || count > queue.length) return { popped: [...queue], rest: [] };
  return { popped: queue.slice(0, count), rest: queue.slice(count) };
}

/** Terway's AllocatingRequests.Len(): drops requests whose worker ended, returns what remains. */
export function liveRequests(queue: readonly LocalIpRequest[]): LocalIpRequest[] {
  return queue.filter((request) => request.workerAlive);
}

export interface QueuePair {
  readonly allocating: readonly LocalIpRequest[];
  readonly dangling: readonly LocalIpRequest[];
}

/** After a reply with `count` addresses: pops requests to dangling; pre-warms to complete. */
export function popJobs(queues: QueuePair,
  count: number): QueuePair & { readonly complete: LocalIpRequest[] } {
  const { popped, rest } = splitQueue(queues.allocating, count);
  const dangling = [...queues.dangling, ...popped];
  return { allocating: rest, dangling, complete: dangling.filter((request) => request.noCache) };
}

/** A request's worker ended: if it was still queued, a live dangling request takes its place. */
export function switchOut(queues: QueuePair, request: LocalIpRequest): QueuePair {
  if (!queues.allocating.includes(request)) return queues;
  const allocating = queues.allocating.filter((item) => item !== request);
  const dangling = liveRequests(queues.dangling);
  const [first, ...others] = dangling;
  if (first === undefined) return { allocating, dangling };
  return { allocating: [...allocating, first], dangling: others };
}
