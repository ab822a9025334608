// The kit draws centralized IPAM (`ipam_type: crd`) for ENIIP clusters when asked, and its
// invariants and sound expectations (every pod that fits Ready once faults heal, nothing leaked
// where no leak-prone fault ran) hold for such clusters too.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkScenarios, scenarioArbitrary } from '../../src/testing/index.js';

const replayDir = mkdtempSync(join(tmpdir(), 'kit-crd-'));

function eniConfOf(document: unknown): Record<string, unknown> {
  return ((document as { eniConfig: { inline: Record<string, unknown> } }).eniConfig.inline);
}

describe('centralized IPAM in the property kit', () => {
  it('draws ipam_type crd for ENIIP clusters only, and only when asked', () => {
    let crd = 0;
    fc.assert(fc.property(scenarioArbitrary({ centralizedIpam: true }), (generated) => {
      const conf = eniConfOf(generated.document);
      if (conf['ipam_type'] === 'crd') {
        crd++;
        expect(generated.document.cluster.mode).toBe('eniip');
      }
    }), { numRuns: 60, seed: 14 });
    expect(crd).toBeGreaterThan(0);
    fc.assert(fc.property(scenarioArbitrary(), (generated) => {
      expect(eniConfOf(generated.document)['ipam_type']).toBeUndefined();
    }), { numRuns: 30, seed: 14 });
  });

  it('healing crd clusters: invariants and expectations hold', async () => {
    let crdRuns = 0;
    const result = await checkScenarios({
      arbitrary: scenarioArbitrary({ centralizedIpam: true, modes: ['eniip'], healing: true,
        nodesMax: 3 }).filter((generated) => eniConfOf(generated.document)['ipam_type'] === 'crd'),
      runs: 6, seed: 14, replayDir, name: 'crd-healing', shrinkRunsMax: 20,
      onRun: () => { crdRuns++; },
    });
    expect(result.ok ? 'passed' : result.failure.message).toBe('passed');
    expect(crdRuns).toBeGreaterThanOrEqual(6);
  }, 240_000);
});
