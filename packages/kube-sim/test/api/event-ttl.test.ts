// Events live for kube-apiserver's --event-ttl (1h) after their last write: a repeat that bumps
// an Event's count renews it, and an Event nobody wrote for an hour is gone from the store.

import { createSimEnv } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../src/api/api-server.js';
import { EventExpiry } from '../../src/api/event-ttl.js';

const minute = 60_000;

function cluster(): { api: ApiServer; at(ms: number): Promise<void> } {
  const env = createSimEnv({ seed: 1 });
  const api = new ApiServer(env);
  return { api, at: async (ms) => {
    await env.scheduler.run({ untilMs: ms });
  } };
}

function record(api: ApiServer, name: string, message = `${name} happened`): void {
  api.recordEvent({ kind: 'Node', namespace: '', name, type: 'Normal', reason: 'Tested',
    message, source: 'test' });
}

const listed = (api: ApiServer): Array<{ name: string; count: number }> => api.eventsAsV1()
  .map((event) => ({ name: event.involvedObject.name!, count: event.count ?? 0 }));

describe('Event TTL (kube-apiserver --event-ttl, default 1h)', () => {
  it('keeps an Event for an hour after its last write, and drops it after', async () => {
    const { api, at } = cluster();
    record(api, 'old');
    await at(30 * minute);
    record(api, 'renewed');
    await at(59 * minute);
    record(api, 'renewed');
    expect(listed(api)).toEqual([{ name: 'old', count: 1 }, { name: 'renewed', count: 2 }]);
    await at(60 * minute);
    expect(listed(api)).toEqual([{ name: 'renewed', count: 2 }]);
    await at(118 * minute);
    expect(listed(api)).toEqual([{ name: 'renewed', count: 2 }]);
    await at(120 * minute);
    expect(listed(api)).toEqual([]);
    // A repeat after its object expired starts a new Event, as a new write after the lease.
    record(api, 'renewed');
    expect(listed(api)).toEqual([{ name: 'renewed', count: 1 }]);
  });

  it('reports each key once, at the expiry of its last write, oldest first', () => {
    const expiry = new EventExpiry(10);
    expiry.written('a', 0);
    expiry.written('b', 1);
    expiry.written('a', 5);
    expect(expiry.expired(10)).toEqual([]);
    expect(expiry.expired(11)).toEqual(['b']);
    expect(expiry.expired(15)).toEqual(['a']);
    expect(expiry.expired(100)).toEqual([]);
  });
});
