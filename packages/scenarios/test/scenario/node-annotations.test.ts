// A node group can carry Node annotations; `alibabacloud.com/instance-type-info` is the one Terway
// reads its instance limits from at start. Nodes whose annotation decodes and names their type
// never call DescribeInstanceTypes; a node whose annotation is malformed logs Terway's error and
// calls it (once per daemon start: at start and again when teardown restarts it to drain).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenario/load.js';
import { runScenario } from '../../src/run/runner.js';

const info = JSON.stringify({ InstanceTypeId: 'ecs.g7.xlarge', EniQuantity: 4,
  EniPrivateIpAddressQuantity: 15, EniIpv6AddressQuantity: 15, EniTotalQuantity: 20,
  EniTrunkSupported: true, EriQuantity: 0 });
const text = readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'scenarios',
  'quickstart.yaml'), 'utf8')
  .replace(/^duration: .*$/m, 'duration: 3m')
  .replace(/^workload:[\s\S]*?^expect:/m, 'workload:\n  - { kind: deployment, name: web, ' +
    'at: 1m, replicas: 6 }\nexpect:')
  .replace(/^ {4}- \{ name: pool-a.*$/m, [
    '    - { name: annotated, count: 2, instanceType: ecs.g7.xlarge, zone: cn-hangzhou-i,',
    `        vSwitch: vsw-bp1nodes0001, annotations: { alibabacloud.com/instance-type-info: ` +
      `'${info}' } }`,
    '    - { name: broken, count: 1, instanceType: ecs.g7.xlarge, zone: cn-hangzhou-i,',
    '        vSwitch: vsw-bp1nodes0001,',
    `        annotations: { alibabacloud.com/instance-type-info: '{"InstanceTypeId":' } }`,
  ].join('\n'));

describe('node group annotations', () => {
  it('instance-type-info spares DescribeInstanceTypes; a malformed one does not', async () => {
    expect(text).toContain('name: broken');
    const loaded = parseScenarioText(text, 'annotated.yaml');
    if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
    const outcome = await runScenario(loaded.value, { keepEvents: true });
    if (!outcome.ok) throw new Error(outcome.error.join('\n'));
    const lines = outcome.value.eventLines!.map((line) =>
      JSON.parse(line) as Record<string, unknown>);
    const describes = lines.filter((line) => line.api === 'DescribeInstanceTypes' &&
      line.kind === 'cloud.api');
    const refusals = lines.filter((line) =>
      line.message === 'unable to get instance limit from annotation');
    expect(describes.length).toBe(2);
    expect(refusals.length).toBe(2);
    expect(JSON.stringify(refusals)).toContain('broken-0');
    expect(JSON.stringify(refusals)).not.toContain('annotated-');
    expect(outcome.value.report.assertions.every((assertion) => assertion.ok)).toBe(true);
  }, 120_000);
});
