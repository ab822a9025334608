// The conformance suite on the real kernel: every scripted case runs on a fresh set of prefixed
// namespaces and on the model, and the two are compared after every step (outcome and normalized
// snapshots). Runs only as root with iproute2; otherwise the suite is skipped, saying why.
import { describe, expect, it } from 'vitest';
import { conformanceCases } from '../src/conformance/cases.js';
import { runVerify } from '../src/conformance/verify.js';
import { LinuxKernel } from '../src/linux/linux-kernel.js';
import { probeLinux } from '../src/linux/probe.js';
import { ModelKernel } from '../src/model/model-kernel.js';

const availability = await probeLinux();
const reason = availability.available ? '' : ` (skipped: ${availability.reason})`;

describe.skipIf(!availability.available)(`real kernel conformance${reason}`, () => {
  it('every scripted case leaves the same state and answers the same as the model', async () => {
    const report = await runVerify({ cases: conformanceCases });
    const differences = report.cases.flatMap((entry) =>
      entry.differences.map(
        (difference) =>
          `${entry.name} / step ${difference.step} ${difference.label}\n  ${difference.lines.join('\n  ')}`,
      ),
    );
    expect(differences).toEqual([]);
    expect(report.cases.filter((entry) => entry.skipped === undefined).length).toBeGreaterThan(10);
  }, 240_000);

  it('asking for the iproute2 text of a missing namespace is ENOENT on both backends', async () => {
    if (!availability.available) return;
    const linux = new LinuxKernel({ capabilities: availability.capabilities });
    try {
      for (const kernel of [new ModelKernel(), linux]) {
        const answer = await kernel.iproute2('nowhere', [{ tool: 'ip', object: 'link' }]);
        expect(answer.ok ? 'ok' : answer.error.errno).toBe('ENOENT');
      }
    } finally {
      await linux.close();
    }
  }, 60_000);
});
