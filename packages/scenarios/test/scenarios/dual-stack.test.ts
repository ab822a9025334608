// The dual-stack scenarios: what "pods reach each other over IPv4 and IPv6" rests on. Every pod
// gets one address of each family, the IPv6 one inside the pod vSwitch's /64; the scenario file's
// IPv6 blocks are checked when it loads (a /64 outside the VPC's /56, or not a /64, is refused
// with the key that is wrong).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ipv6InCidr, parseIpv6, parseIpv6Cidr } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, parseScenarioText } from '../../src/scenario/load.js';
import { runScenario } from '../../src/run/runner.js';
import { run } from '../cli/io.js';

const root = join(import.meta.dirname, '..', '..', '..', '..', 'scenarios');
const podBlock = parseIpv6Cidr('2408:4005:3c5:101::/64')!;

describe.each([
  { file: 'dual-stack.yaml' },
  { file: 'dual-stack-trunk.yaml' },
])('$file', ({ file }) => {
  it('gives every pod an IPv4 and an IPv6 address from the pod vSwitch', async () => {
    const loaded = loadScenarioFile(join(root, file));
    if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
    const outcome = await runScenario(loaded.value, { keepEvents: true });
    if (!outcome.ok) throw new Error(outcome.error.join('\n'));
    const ipEvents = outcome.value.eventLines!
      .map((line) => JSON.parse(line) as { kind: string; pod: string; ips: string[] })
      .filter((event) => event.kind === 'pod.ip');
    expect(ipEvents.length).toBeGreaterThan(0);
    for (const event of ipEvents) {
      expect(event.ips, event.pod).toHaveLength(2);
      const [ipv4, ipv6] = event.ips;
      expect(ipv4, event.pod).toMatch(/^192\.168\.1[6-9]\./);
      expect(ipv6InCidr(parseIpv6(ipv6!)!, podBlock), `${event.pod} ${ipv6}`).toBe(true);
    }
    const reach = outcome.value.report.assertions.find((assertion) =>
      assertion.name === 'pods reach each other over IPv4 and IPv6');
    expect(reach?.ok).toBe(true);
  }, 300_000);
});

describe('the dual-stack ENIIP datapath, as `ip` shows it at 5m', () => {
  it('gives the pod its IPv6 /128, a default via fe80::1, the host veth as fe80::1',
    async () => {
    const file = join(root, 'dual-stack.yaml');
    const pods = await run(['inspect', file, '--at', '5m', 'kubectl', 'get', 'pods', '-o',
      'wide']);
    const [pod, node] = (pods.out.split('\n')[1] ?? '').split(/\s+/).filter((_, i) =>
      i === 0 || i === 6);
    const ip = async (...args: string[]) =>
      (await run(['inspect', file, '--at', '5m', 'ip', ...args])).out;
    const podRoutes = await ip(`${node}/${pod}`, '-6', 'route');
    expect(podRoutes).toMatch(/^default via fe80::1 dev eth0 .*onlink/m);
    expect(podRoutes).toMatch(/^2408:4005:3c5:101::[0-9a-f]+ dev eth0 proto kernel/m);
    const neighbours = await ip(`${node}/${pod}`, '-6', 'neigh');
    const hostVeths = [...(await ip(node!, 'link')).matchAll(
      /cali[0-9a-f]+@if2:[^\n]*\n\s+link\/ether ([0-9a-f:]+)/g)].map((match) => match[1]);
    const gatewayMac = neighbours.match(/^fe80::1 dev eth0 lladdr ([0-9a-f:]+) PERMANENT/m)?.[1];
    expect(hostVeths).toContain(gatewayMac);
    // The ENI's IPv6 gateway is reachable through the ENI from the main table.
    expect(await ip(node!, '-6', 'route')).toMatch(/^2408:4005:3c5:101::1 dev eth1 /m);
  }, 120_000);
});

describe('IPv6 blocks in a scenario file', () => {
  const text = readFileSync(join(root, 'dual-stack.yaml'), 'utf8');
  const cases = [
    { name: 'a vSwitch /64 outside the VPC /56',
      from: 'ipv6Cidr: "2408:4005:3c5:101::/64"', to: 'ipv6Cidr: "2408:4005:3c6:101::/64"',
      path: 'cloud.vSwitches.1.ipv6Cidr', message: 'is not in the VPC\'s IPv6 block' },
    { name: 'a vSwitch block that is not a /64',
      from: 'ipv6Cidr: "2408:4005:3c5:101::/64"', to: 'ipv6Cidr: "2408:4005:3c5:101::/80"',
      path: 'cloud.vSwitches.1.ipv6Cidr', message: 'expected an IPv6 /64' },
    { name: 'a VPC block that is not a /56',
      from: 'ipv6Cidr: "2408:4005:3c5:100::/56"', to: 'ipv6Cidr: "2408:4005:3c5:100::/64"',
      path: 'cloud.vpc.ipv6Cidr', message: 'expected an IPv6 /56' },
  ];
  it.each(cases)('refuses $name, naming the key', ({ from, to, path, message }) => {
    expect(text).toContain(from);
    const parsed = parseScenarioText(text.replace(from, to), 'dual-stack.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const problem = parsed.error.find((entry) => entry.message.includes(message));
    expect(problem?.path).toBe(path);
  });
});
