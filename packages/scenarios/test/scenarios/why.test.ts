// Every shipped failure scenario's report names the constraint that bound it, derived from the
// run (report/why.ts): the drill's root cause, as its header comment states it, must be what the
// "why" section says first.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { runScenario } from '../../src/run/runner.js';
import type { Why } from '../../src/report/model.js';

const root = join(import.meta.dirname, '..', '..', '..', '..', 'scenarios');

async function whyOf(file: string): Promise<Why & { verdicts: readonly string[] }> {
  const loaded = loadScenarioFile(join(root, file));
  if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
  const outcome = await runScenario(loaded.value);
  if (!outcome.ok) throw new Error(outcome.error.join('\n'));
  return { ...outcome.value.report.why, verdicts: outcome.value.report.verdicts };
}

const cases: Array<{ file: string; binding: string | undefined; headline: RegExp;
  also?: string[]; firstCode?: string; evidence?: RegExp }> = [
  { file: 'failures/vswitch-exhausted.yaml', binding: 'vSwitchExhausted', headline: /vsw-pods/,
    firstCode: 'InvalidVSwitchId.IpNotEnough' },
  { file: 'failures/wrong-config-key.yaml', binding: 'vSwitchExhausted', headline: /vsw-nodes/,
    also: ['ignoredConfigKey'], firstCode: 'InvalidVSwitchId.IpNotEnough',
    evidence: /eni_conf\.vswitch: Terway does not read "vswitch"/ },
  { file: 'failures/throttling-storm.yaml', binding: 'throttling', headline: /throttled/,
    firstCode: 'Throttling' },
  { file: 'failures/daemon-restart.yaml', binding: 'eniQuota',
    headline: /EniPerInstanceLimitExceeded/ },
  { file: 'failures/eni-leak-on-restart.yaml', binding: 'eniQuota',
    headline: /EniPerInstanceLimitExceeded/ },
  { file: 'failures/eni-stuck-attaching.yaml', binding: 'eniStuckAttaching',
    headline: /stuck in Attaching/, firstCode: 'InvalidOperation.InvalidEniState' },
  { file: 'failures/vpc-route-quota.yaml', binding: 'routeTableQuota', headline: /route table/ },
  { file: 'failures/statefulset-sticky-ip.yaml', binding: undefined,
    headline: /nothing to explain/ },
  { file: 'capacity-wall.yaml', binding: 'ipCapacity', headline: /45 IPs/,
    evidence: /kubelet maxPods \(110\) is above the IP capacity \(45\)/ },
];

describe('the why of each shipped failure scenario', () => {
  it.each(cases)('$file: $binding', async ({ file, binding, headline, also, firstCode,
    evidence }) => {
    const why = await whyOf(file);
    expect(why.constraints[0]?.kind).toBe(binding);
    expect(why.headline).toMatch(headline);
    for (const kind of also ?? []) expect(why.constraints.map((c) => c.kind)).toContain(kind);
    if (firstCode !== undefined) expect(why.firstErrors.map((e) => e.code)).toContain(firstCode);
    // A drill whose expected failure happened reads "reproduced"; the sticky-IP one asserts health.
    expect(why.verdicts.includes('reproduced')).toBe(binding !== undefined);
    expect(why.verdicts).not.toContain('FAIL');
    const said = why.constraints.flatMap((c) => c.evidence).join('\n');
    if (evidence !== undefined) expect(said).toMatch(evidence);
  }, 600_000);
});
