import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './io.js';

const configs = new URL('../../../../scenarios/configs/', import.meta.url).pathname;

describe('terway-sim capacity', () => {
  it('prints one JSON document with the contract fields', async () => {
    const result = await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'eniip',
      '--json']);
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    const doc = JSON.parse(result.out) as Record<string, unknown>;
    expect(doc).toMatchObject({ instanceType: 'ecs.g7.xlarge', mode: 'eniip', maxPods: 45,
      limitedBy: 'EniQuantity', enis: 3, ipsPerEni: 15, pool: { minPoolSize: 0, maxPoolSize: 0 } });
    expect(Object.keys(doc).slice(0, 4)).toEqual(['instanceType', 'mode', 'maxPods', 'limitedBy']);
    expect(result.out.trim().split('\n')).toHaveLength(1);
  });

  it('covers every mode', async () => {
    const maxPods: Record<string, number> = {};
    for (const mode of ['vpc', 'eni', 'eniip', 'trunk']) {
      const result = await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', mode,
        '--json']);
      expect(result.code, mode).toBe(0);
      maxPods[mode] = (JSON.parse(result.out) as { maxPods: number }).maxPods;
    }
    // vpc: kubelet's default --max-pods (110) binds before the /24 podCIDR's 253.
    expect(maxPods).toEqual({ vpc: 110, eni: 3, eniip: 45, trunk: 16 });
  });

  it('answers for the 8th generation and says its ENI figures are modelled', async () => {
    const result = await run(['capacity', '--instance-type', 'ecs.g8i.xlarge', '--mode', 'eniip',
      '--json']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.out) as { maxPods: number; notes: string[] };
    expect(doc.maxPods).toBe(45);
    expect(doc.notes.join('\n')).toContain('EniQuantity is modelled for this type');
  });

  it('vpc headlines the binding figure and breaks down the rest', async () => {
    const headline = await run([
      'capacity',
      '--instance-type',
      'ecs.g7.xlarge',
      '--mode',
      'vpc',
      '--json',
    ]);
    expect(JSON.parse(headline.out)).toMatchObject({
      maxPods: 110,
      limitedBy: 'kubeletMaxPods',
      bounds: [
        { limitedBy: 'kubeletMaxPods', maxPods: 110 },
        { limitedBy: 'podCIDR', maxPods: 253 },
      ],
    });
    const raised = await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'vpc',
      '--max-pods', '300', '--json']);
    expect(JSON.parse(raised.out)).toMatchObject({ maxPods: 253, limitedBy: 'podCIDR' });
    const human = await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'vpc']);
    expect(human.out).toMatch(/max pods\s+110\nlimited by\s+kubeletMaxPods\nthen\s+podCIDR 253\n/);
    const other = await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'eniip',
      '--max-pods', '300']);
    expect(other.code).toBe(2);
    expect(other.err).toContain('--max-pods applies to --mode vpc');
  });

  it('applies --config (max_eni binds) and passes modelled fields through', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terway-sim-capacity-'));
    const file = join(dir, 'eni.json');
    writeFileSync(file, JSON.stringify({ max_eni: 2, max_pool_size: 100,
      enable_eni_trunking: true }));
    const eniip = JSON.parse((await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode',
      'eniip', '--config', file, '--json'])).out) as Record<string, unknown>;
    expect(eniip).toMatchObject({ maxPods: 30, limitedBy: 'max_eni', pool: { maxPoolSize: 30 } });
    const trunk = JSON.parse((await run(['capacity', '--instance-type', 'ecs.g7.2xlarge', '--mode',
      'trunk', '--config', file, '--json'])).out) as { notes: string[] };
    expect(trunk.notes.join('\n')).toContain('EniTotalQuantity is modelled for this type');
  });

  it('reports no trunk support as limitedBy EniTrunkSupported', async () => {
    const doc = JSON.parse((await run(['capacity', '--instance-type', 'ecs.c6.large', '--mode',
      'trunk', '--json'])).out) as Record<string, unknown>;
    expect(doc).toMatchObject({ maxPods: 0, limitedBy: 'EniTrunkSupported' });
  });

  it('prints a human table by default', async () => {
    const result = await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'eniip',
      '--config', join(configs, 'eni-config-good.yaml')]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/max pods\s+45/);
    expect(result.out).toMatch(/pool \(min\/max idle\)\s+0 \/ 5/);
    expect(result.out).toContain('formula: maxENI = trunc(EniQuantity 4');
  });

  it('exits 2 with close matches for an unknown type, and on bad flags or files', async () => {
    const unknown = await run(['capacity', '--instance-type', 'ecs.g7.xlarg', '--mode', 'eniip']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('close matches: ecs.g7.xlarge');
    expect(unknown.out).toBe('');
    expect((await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode',
      'ipvlan'])).err).toContain('expected one of vpc, eni, eniip, trunk');
    expect((await run(['capacity', '--mode', 'eniip'])).code).toBe(2);
    const missing = await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'eniip',
      '--config', '/nonexistent/eni.json']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toContain('--config /nonexistent/eni.json: cannot open it (ENOENT)');
    const broken = await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'eniip',
      '--config', join(configs, 'eni-config-mistakes.yaml')]);
    // Its idle_ip_reclaim_interval "10 m" does not parse: Terway would not start.
    expect(broken.code).toBe(2);
    expect(broken.err).toContain('eni_conf.idle_ip_reclaim_interval');
  });

  it('exits 2 naming the key when the config cannot be decoded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'terway-sim-capacity-'));
    const file = join(dir, 'eni.json');
    writeFileSync(file, '{\n  "max_eni": "2"\n}');
    const result = await run(['capacity', '--instance-type', 'ecs.g7.xlarge', '--mode', 'eniip',
      '--config', file]);
    expect(result.code).toBe(2);
    expect(result.err).toContain('eni_conf.max_eni: expected an integer');
    expect(result.err).not.toContain('    at ');
  });

  it('has --help', async () => {
    const result = await run(['capacity', '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('--instance-type T');
  });
});
