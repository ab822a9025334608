import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as VpcPackage from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { startServe } from '../../src/cli/commands/serve.js';

const VpcClient =
  (VpcPackage.default as unknown as { default?: typeof VpcPackage.default }).default ??
  VpcPackage.default;
const root = join(import.meta.dirname, '..', '..', '..', '..');

const worldYaml = `
vpcs:
  - name: main
    cidr: 192.168.0.0/16
    vSwitches:
      - { name: vsw-h, zone: cn-hangzhou-h, cidr: 192.168.0.0/20 }
    securityGroups:
      - { name: sg-nodes }
instances:
  - { name: node, vSwitch: vsw-h, securityGroups: [sg-nodes], instanceType: ecs.g7.xlarge,
    count: 2 }
`;

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'terway-sim-serve-')), name);
  writeFileSync(path, text);
  return path;
}

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (text: string) => out.push(text), err: (text: string) => err.push(text),
    interactive: false }, out, err };
}

describe('terway-sim serve', () => {
  it('serves a world from a YAML file to the official SDK and the metadata paths', async () => {
    const running = await startServe({
      port: 0,
      host: '127.0.0.1',
      seed: '7',
      accessKeyId: 'AKID',
      accessKeySecret: 'SECRET',
      latency: 'fast',
      rateLimits: {},
      worldFile: tempFile('world.yaml', worldYaml),
    });
    try {
      const endpoint = running.url.slice('http://'.length, -1);
      const vpc = new VpcClient(new $OpenApiUtil.Config({ endpoint, protocol: 'http',
        accessKeyId: 'AKID', accessKeySecret: 'SECRET', regionId: 'cn-hangzhou' }));
      const vSwitchId = running.world!.vpcs[0]!.vSwitches['vsw-h']!;
      const reply = await vpc.describeVSwitches(
        new VpcPackage.DescribeVSwitchesRequest({ regionId: 'cn-hangzhou', vSwitchId }),
      );
      // A /20 has 4,096 addresses: 4 reserved, 2 instance primaries.
      expect(reply.body!.vSwitches!.vSwitch![0]!.availableIpAddressCount).toBe(4096 - 4 - 2);
      const instanceId = running.world!.instances.node![1]!;
      const metadata = await fetch(`${running.url}latest/meta-data/instance-id`,
        { headers: { 'X-Emulator-Instance-Id': instanceId } });
      expect(await metadata.text()).toBe(instanceId);
    } finally {
      await running.close();
    }
  });

  it('refuses a bad world file and bad flags with exit 2, naming the file, the path and what is expected', async () => {
    const bad = tempFile(
      'bad.yaml',
      'vpcs:\n  - name: main\n    cidr: 10.0.0.0/8\n    vSwitches: []\n    securityGroups: [{ name: sg, type: premium }]\n',
    );
    const first = captureIo();
    expect(await main(['serve', '--port', '0', '--world', bad], first.io)).toBe(2);
    expect(first.err.join('')).toContain(`${bad}: vpcs.0.vSwitches:`);
    expect(first.err.join('')).toContain(`${bad}: vpcs.0.securityGroups.0.type:`);
    const unbuildable = tempFile(
      'overlap.yaml',
      worldYaml.replace('192.168.0.0/20', '10.0.0.0/20'),
    );
    const second = captureIo();
    expect(await main(['serve', '--port', '0', '--world', unbuildable], second.io)).toBe(2);
    expect(second.err.join('')).toContain('vpcs.0.vSwitches.0: InvalidCidrBlock.Mismatch');
    const third = captureIo();
    expect(await main(['serve', '--rate-limit', 'lots'], third.io)).toBe(2);
    expect(third.err.join('')).toContain('--rate-limit "lots": expected Action=CALLS_PER_MINUTE');
    const fourth = captureIo();
    expect(await main(['serve', '--access-key-id', 'only-one'], fourth.io)).toBe(2);
  });

  it('warns on stderr when it listens beyond loopback with the public seeded key pair',
    async () => {
    // A port already taken makes serve exit 2 right after its startup checks.
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = String((blocker.address() as AddressInfo).port);
    const cases = [
      { args: ['--host', '0.0.0.0'], warns: true },
      { args: ['--host', '0.0.0.0', '--seed', '9'], warns: true },
      { args: ['--host', '0.0.0.0', '--access-key-id', 'AK', '--access-key-secret', 'SK'],
        warns: false },
      { args: ['--host', '127.0.0.1'], warns: false },
    ];
    try {
      for (const { args, warns } of cases) {
        const captured = captureIo();
        expect(await main(['serve', '--port', port, ...args], captured.io)).toBe(2);
        expect(captured.err.join('').includes('warning: listening on'), args.join(' ')).toBe(warns);
      }
    } finally {
      blocker.close();
    }
  });

  it('prints its URL and key pair, then stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath,
      [join(root, 'packages/scenarios/bin/terway-sim.js'), 'serve', '--port', '0', '--json',
        '--seed', '3'], { cwd: root });
    let stdout = '';
    const announced = new Promise<{ url: string; accessKeyId: string; accessKeySecret: string }>(
      (resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('\n'))
            resolve(
              JSON.parse(stdout.split('\n')[0]!) as {
                url: string;
                accessKeyId: string;
                accessKeySecret: string;
              },
            );
        });
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit',
      (code) => resolve(code)));
    const info = await announced;
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(info.accessKeyId).toMatch(/^LTAI5t/);
    const metrics = await fetch(`${info.url}metrics`);
    expect(metrics.status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
