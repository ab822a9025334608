// Puts the scenario's NetworkPolicies into the API server: the plain objects at instant 0, the
// timed ones when their `at` comes (create, or update when the policy exists; delete by
// namespace/name). They go through the store as `kubectl apply` would put them, so kubectl, the
// event log and the policy agent see the same objects.

import {
  withNetworkPolicyDefaults, type ApiServer, type NetworkPolicyObject,
} from '@terway-sim/kube-sim';
import type { SimEnv } from '@terway-sim/sim-base';
import type { NetworkPolicyItem } from '../scenario/schema/network-policies.js';

const resource = 'networking.k8s.io/networkpolicies';

/** The `{ at, apply }` and `{ at, delete }` forms (the plain object has `kind`). */
interface TimedItem {
  readonly at: number;
  readonly apply?: NetworkPolicyObject;
  readonly delete?: string;
}

export function armNetworkPolicies(env: SimEnv, api: ApiServer,
  items: readonly NetworkPolicyItem[]): void {
  for (const item of items) {
    if ('kind' in item) {
      applyPolicy(env, api, item as NetworkPolicyObject);
      continue;
    }
    const timed = item as TimedItem;
    if (timed.delete !== undefined) {
      const key = timed.delete;
      env.scheduler.at(timed.at, () => {
        const deleted = api.store.delete(resource, key);
        env.log.record('policy.delete', { policy: key, ok: deleted.ok });
      });
    } else if (timed.apply !== undefined) {
      const policy = timed.apply;
      env.scheduler.at(timed.at, () => applyPolicy(env, api, policy));
    }
  }
}

function applyPolicy(env: SimEnv, api: ApiServer, given: NetworkPolicyObject): void {
  const policy = withNetworkPolicyDefaults(given);
  const namespace = policy.metadata?.namespace ?? 'default';
  const key = `${namespace}/${policy.metadata?.name ?? ''}`;
  api.ensureNamespace(namespace);
  const stored = api.store.get<NetworkPolicyObject>(resource, key);
  const written = stored === undefined ? api.store.create(resource, policy)
    : api.store.update(resource, { ...stored, spec: policy.spec,
      metadata: { ...stored.metadata, resourceVersion: undefined } });
  env.log.record('policy.apply', { policy: key, ok: written.ok });
}
