// NetworkPolicy in the world's packet trace: a probe from one pod to another is dropped at the
// sender by its egress policy and at the receiver by its ingress policy, the drop naming the
// policy; an allowing policy shows on a `filter` hop; `disable_network_policy` turns it off.

import { describe, expect, it } from 'vitest';
import type { DropCause } from '@terway-sim/kernel-shim';
import type { NetworkPolicyObject, NetworkPolicySpec } from '@terway-sim/kube-sim';
import { createCluster, type TestCluster } from '../modes/cluster.js';

const policies = 'networking.k8s.io/networkpolicies';

async function clusterWithPods(disableNetworkPolicy?: string): Promise<TestCluster> {
  const harness = await createCluster({ mode: 'eniip',
    ...(disableNetworkPolicy === undefined ? {} : { disableNetworkPolicy }) });
  await harness.run(60_000);
  harness.createPod({ name: 'client', labels: { app: 'client' } });
  harness.createPod({ name: 'server', labels: { app: 'server' } });
  harness.createPod({ name: 'other', labels: { app: 'other' } });
  await harness.run(60_000);
  return harness;
}

function apply(harness: TestCluster, name: string, spec: NetworkPolicySpec): void {
  const created = harness.api.store.create<NetworkPolicyObject>(policies, {
    metadata: { namespace: 'default', name }, spec });
  if (!created.ok) throw new Error(created.error.message);
}

function probe(harness: TestCluster, from: string, to: string, port: number) {
  const source = harness.world.podNamespace(`default/${from}`)!;
  const target = harness.api.getPod(`default/${to}`)!.status!.podIP!;
  return harness.world.trace(source, target, { protocol: 'tcp', port });
}

/** The policy a drop names, when NetworkPolicy dropped it. */
const policyOf = (cause: DropCause | undefined): string | undefined =>
  cause?.kind === 'networkPolicy' ? cause.policy : undefined;

describe('NetworkPolicy in the trace', () => {
  it('drops at the receiver by ingress policy and names it; allows the allowed', async () => {
    const harness = await clusterWithPods();
    expect(probe(harness, 'other', 'server', 80).ok).toBe(true);
    apply(harness, 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] });
    apply(harness, 'allow-client', { podSelector: { matchLabels: { app: 'server' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }],
        ports: [{ port: 80 }] }] });
    const denied = probe(harness, 'other', 'server', 80);
    expect(denied.ok ? 'delivered' : { reason: denied.drop.reason,
      rule: policyOf(denied.drop.because), namespace: denied.drop.namespace })
      .toEqual({ reason: 'filtered', rule: 'default/default-deny',
        namespace: harness.world.podNamespace('default/server') });
    const allowed = probe(harness, 'client', 'server', 80);
    expect(allowed.ok).toBe(true);
    expect(allowed.hops.flatMap((hop) => hop.verdicts ?? []).map((verdict) => verdict.rule))
      .toEqual(['default/allow-client']);
    const wrongPort = probe(harness, 'client', 'server', 81);
    expect(wrongPort.ok).toBe(false);
  }, 60_000);

  it('drops at the sender by egress policy', async () => {
    const harness = await clusterWithPods();
    apply(harness, 'client-egress', { podSelector: { matchLabels: { app: 'client' } },
      policyTypes: ['Egress'], egress: [{ to: [{ podSelector:
        { matchLabels: { app: 'server' } } }] }] });
    const denied = probe(harness, 'client', 'other', 80);
    expect(denied.ok ? 'delivered' : { reason: denied.drop.reason,
      rule: policyOf(denied.drop.because), namespace: denied.drop.namespace })
      .toEqual({ reason: 'filtered', rule: 'default/client-egress',
        namespace: harness.world.podNamespace('default/client') });
    expect(probe(harness, 'client', 'server', 80).ok).toBe(true);
  }, 60_000);

  it('an egress ipBlock decides for an address outside the cluster', async () => {
    const harness = await clusterWithPods();
    apply(harness, 'client-to-block', { podSelector: { matchLabels: { app: 'client' } },
      policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.99.0.0/16',
        except: ['10.99.1.0/24'] } }] }] });
    const source = harness.world.podNamespace('default/client')!;
    const trace = (dst: string) => harness.world.trace(source, dst,
      { protocol: 'tcp', port: 443 });
    const outside = trace('8.8.8.8');
    expect(!outside.ok && policyOf(outside.drop.because)).toBe('default/client-to-block');
    const excepted = trace('10.99.1.5');
    expect(!excepted.ok && excepted.drop.reason).toBe('filtered');
    // Allowed by the policy: whatever happens to it later, NetworkPolicy let it out.
    const allowed = trace('10.99.0.5');
    expect(allowed.hops.flatMap((hop) => hop.verdicts ?? []).map((verdict) => verdict.verdict))
      .toEqual(['accept']);
    expect(!allowed.ok && allowed.drop.reason === 'filtered').toBe(false);
  }, 60_000);

  it('disable_network_policy "true" leaves every packet through', async () => {
    const harness = await clusterWithPods('true');
    apply(harness, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(probe(harness, 'client', 'server', 80).ok).toBe(true);
  }, 60_000);
});
