// AliyunFactory over the cloud emulator under cloud faults: a run replays exactly from its seed
// and fault plan, and no fault schedule makes the factory throw or leave a created ENI behind.
import type { FaultRuleInput } from '@terway-sim/cloud-emulator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refuseNext } from '../emulator/cloud-rig.js';
import { factoryRig, runTask } from './setup.js';

/** One fault: the next call of `action` fails with `code`, or its request is lost (`Timeout`). */
interface Fault {
  readonly action: string;
  readonly code: string;
}

/** As emulator fault rules, in order: each fires once, on the first call of its API it meets. */
function faultPlan(faults: readonly Fault[]): FaultRuleInput[] {
  return faults.map(({ action, code }) => (code === 'Timeout'
    ? { kind: 'timeout', applied: false, api: action, countMax: 1 }
    : refuseNext(action, code)));
}

/**
 * A full ENI life under faults: create, assign, unassign, delete; returns the run's digest and
 * outcomes.
 */
async function lifecycle(seed: number, faults: readonly Fault[]): Promise<{
    digest: string; outcomes: string[]; leftover: number }> {
  const rig = factoryRig({ seed });
  rig.faults(...faultPlan(faults));
  const factory = rig.stack.factory;
  const outcomes = await runTask(rig, async () => {
    const out: string[] = [];
    const created = await factory.createNetworkInterface(rig.ctx, { ipv4Count: 2, ipv6Count: 0,
      type: 'secondary' });
    out.push(created.ok ? 'created' : `create:${created.error.code ?? created.error.message}`);
    const eni = created.ok ? created.value.eni : created.error.eni;
    if (created.ok) {
      const assigned = await factory.assignIpv4(rig.ctx, { eniId: eni!.id, mac: eni!.mac,
        count: 2 });
      out.push(assigned.ok ? 'assigned'
        : `assign:${assigned.error.code ?? assigned.error.message}`);
      if (assigned.ok) {
        const unassigned = await factory.unassignIpv4(rig.ctx, { eniId: eni!.id, mac: eni!.mac,
          ips: assigned.value });
        out.push(unassigned.ok ? 'unassigned'
          : `unassign:${unassigned.error.code ?? unassigned.error.message}`);
      }
    }
    if (eni !== undefined) {
      const deleted = await factory.deleteNetworkInterface(rig.ctx, eni.id);
      out.push(deleted.ok ? 'deleted' : `delete:${deleted.error.code ?? deleted.error.message}`);
    }
    return out;
  });
  return { digest: rig.env.log.digest(), outcomes, leftover: rig.secondaryEnis().length };
}

const faultArb = fc.record({
  action: fc.constantFrom('CreateNetworkInterface', 'AttachNetworkInterface',
    'AssignPrivateIpAddresses', 'UnassignPrivateIpAddresses', 'DetachNetworkInterface',
    'DeleteNetworkInterface', 'DescribeNetworkInterfaces', 'DescribeVSwitches'),
  code: fc.constantFrom('Throttling', 'Throttling.User', 'InternalError', 'Operation.Conflict',
    'InvalidVSwitchId.IpNotEnough', 'Forbidden.RAM', 'Timeout'),
});

describe('AliyunFactory runs replay', () => {
  it('gives the same digest for the same seed and faults, another for another seed', async () => {
    const faults = [{ action: 'CreateNetworkInterface', code: 'Throttling' },
      { action: 'AssignPrivateIpAddresses', code: 'Operation.Conflict' }];
    const one = await lifecycle(5, faults);
    const two = await lifecycle(5, faults);
    const other = await lifecycle(6, faults);
    expect(one).toEqual(two);
    expect(one.outcomes).toEqual(['created', 'assigned', 'unassigned', 'deleted']);
    expect(other.digest).not.toBe(one.digest); // the backoff jitter draws differ
  });

  it('never throws under any fault schedule, and an ENI that was created is always deleted ' +
    '(property)', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(1_000), fc.array(faultArb, { maxLength: 6 }),
      async (seed, faults) => {
      const run = await lifecycle(seed, faults);
      expect(run.outcomes.length).toBeGreaterThan(0);
      if (!run.outcomes.some((outcome) =>
        outcome.startsWith('delete:'))) expect(run.leftover).toBe(0);
      // an API refusal reaches the caller with its code, never as a thrown error
      run.outcomes.forEach((outcome) =>
        expect(outcome).toMatch(/^(created|assigned|unassigned|deleted|[a-z]+:.+)$/));
    }), { numRuns: 25 });
  });
});
