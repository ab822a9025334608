// Terway's Ensure* semantics make a datapath's configuration idempotent: once a plan has run,
// running its configuration steps again leaves the kernel state as it was. (Creating the pod link
// is not repeatable,
// see the veth.Setup quirk; SetupTC replaces its tbf every time, as `tc qdisc replace` does.)

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyPlan } from '../../src/datapath/plan/executor.js';
import type { PlanInput } from '../../src/datapath/plan/input.js';
import { planIpvlan } from '../../src/datapath/ipvlan.js';
import { planPolicyRoute } from '../../src/datapath/policy-route.js';
import { planVlan } from '../../src/datapath/vlan.js';
import type { SetupConfig } from '../../src/datapath/types.js';
import {
  exampleNode, exampleRandom, exampleSetup, hostNs, must, podNs, snapshot,
} from './fixtures.js';

const notRepeatable = new Set(['veth', 'ipvlan', 'vlan', 'tbf']);
const planners = { PolicyRoute: planPolicyRoute, IPVlan: planIpvlan, Vlan: planVlan } as const;

const config = fc.record({
  dp: fc.constantFrom('PolicyRoute', 'IPVlan', 'Vlan') as fc.Arbitrary<keyof typeof planners>,
  octet: fc.integer({ min: 2, max: 250 }),
  mtu: fc.constantFrom(1500, 9000),
  extra: fc.boolean(),
  multi: fc.boolean(),
  strip: fc.boolean(),
  dual: fc.boolean(),
});

describe('datapath configuration is idempotent', () => {
  it('re-running every configuration step of a finished plan changes nothing', async () => {
    await fc.assert(fc.asyncProperty(config, async (c) => {
      const kernel = await exampleNode();
      const cfg: SetupConfig = exampleSetup({
        dp: c.dp, mtu: c.mtu, multiNetwork: c.multi, stripVlan: c.strip, vid: c.strip ? 5 : 0,
        containerIpNet: {
          ipv4: `10.0.1.${c.octet}/24`,
          ipv6: c.dual && c.dp === 'PolicyRoute' ? `2408:4001::${c.octet}/64` : undefined,
        },
        gatewayIp: { ipv4: '10.0.1.253', ipv6: '2408:4001::fffd' },
        eniGatewayIp: { ipv4: '10.0.1.253', ipv6: '2408:4001::fffd' },
        hostIpSet: { ipv4: '10.0.0.10/32', ipv6: c.dual ? '2408:4000::10/128' : undefined },
        extraRoutes: c.extra ? [{ dst: '100.64.0.0/10', gw: '10.0.1.253' }] : [],
      });
      const input: PlanInput = {
        cfg, ns: { host: hostNs, pod: podNs }, hostLinks: must(await kernel.linkList(hostNs)),
        random: exampleRandom,
      };
      const plan = must(planners[c.dp](input));
      const first = await applyPlan(kernel, plan);
      expect(first.ok).toBe(true);
      const before = [await snapshot(kernel, hostNs), await snapshot(kernel, podNs)];
      const again = await applyPlan(
        kernel, { steps: plan.steps.filter((step) => !notRepeatable.has(step.op)) },
      );
      expect(again.ok).toBe(true);
      expect([await snapshot(kernel, hostNs), await snapshot(kernel, podNs)]).toEqual(before);
      // EnsureAddr never "finds" a link-local address (it only compares global unicast ones), so
      // 169.254.1.1/32 and fe80::1/128 on the host veth are replaced on every ADD, harmlessly.
      const changes = again.ok ? again.value.changes : [];
      const linkLocal = /ip addr replace (169\.254\.1\.1\/32|fe80::1\/128) /;
      expect(changes.filter((change) => !linkLocal.test(change))).toEqual([]);
    }), { numRuns: 40 });
  });
});
