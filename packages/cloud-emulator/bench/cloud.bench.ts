// Cloud emulator speed, measured side by side in one run (bench/harness.ts):
// 1. Signed DescribeNetworkInterfaces requests per second through the HTTP face (real sockets on
//    loopback, keep-alive, a bounded request count, requests ACS3-signed before timing starts,
//    sent from a worker thread), as a ratio to a bare fastify route served and driven the same
//    way, in interleaved rounds. Target ≥ 0.5.
// 2. AssignPrivateIpAddresses calls per second through the in-process call pipeline (flow
//    control, fault plan, zod validation, the action, the commit of the new state and the event
//    log's hashing), on a region with 5,000 running instances each with an attached ENI. Latency
//    sleeping is excluded: the calls go to `execute()`, which serves a call at its arrival instant;
//    the wait a caller would then do on the virtual clock is not part of the action layer.
//    Target ≥ 100,000 calls/s.
// 3. The cloud's invariant checks (src/checks/cloud-invariants.ts) on a 1,000-node world shaped
//    like the scale benchmark (ecs.g7.xlarge, three secondary ENIs of 15 IPs each per node:
//    4,000 ENIs, 46,000 addresses), as the world's checker calls them once per sample: the first
//    call (every address parsed) and later ones (unchanged ENI records reuse their parse), plus
//    the same after one assign and one unassign on every tenth ENI. Target ≤ 50 ms per call.
import { createHash, createHmac } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import { createSimEnv, RealTimeDriver, type EventFields,
  type EventLog } from '@terway-sim/sim-base';
import type { Bench, BenchResult } from '../../../bench/harness.js';
import { buildServer, CloudEmulator, cloudInvariantViolations } from '../src/index.js';
import { buildTestWorld } from '../src/testing/index.js';

const key = { accessKeyId: 'BenchKey', accessKeySecret: 'BenchSecret' };
const concurrency = 16;

interface PreparedRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
}

function signedDescribe(port: number, instanceId: string, nonce: number): PreparedRequest {
  const query = `InstanceId=${instanceId}&RegionId=cn-hangzhou`;
  const empty = createHash('sha256').update('').digest('hex');
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    'x-acs-action': 'DescribeNetworkInterfaces',
    'x-acs-version': '2014-05-26',
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': `bench-${nonce}`,
    'x-acs-content-sha256': empty,
  };
  const signed = Object.keys(headers).sort();
  const canonical = [
    'POST',
    '/',
    query,
    signed.map((name) => `${name}:${headers[name]}\n`).join(''),
    signed.join(';'),
    empty,
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', key.accessKeySecret).update(stringToSign).digest('hex');
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${key.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${signature}`;
  return { path: `/?${query}`, headers };
}

/**
 * The load generator, run in a worker thread so that the client's own work does not share the
 * server's event loop: the measured rate is the server's. Every request goes over one of
 * `concurrency` keep-alive connections; the worker reports wall ms and non-200 answers.
 */
const clientSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const { port, requests, concurrency } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
let next = 0, failures = 0;
const one = (prepared) => new Promise((resolve, reject) => {
  const outgoing = request({ host: '127.0.0.1', port, method: 'POST', path: prepared.path,
    headers: prepared.headers, agent }, (response) => {
    response.resume();
    response.on('end', () => resolve(response.statusCode));
  });
  outgoing.on('error', reject);
  outgoing.end();
});
const worker = async () => { while (next < requests.length) { if ((await one(requests[next++])) !== 200) failures++; } };
const start = performance.now();
Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
  agent.destroy();
  parentPort.postMessage({ ms: performance.now() - start, failures });
});
`;

/** Sends every request from a worker thread; resolves with the wall time and the failures. */
function blast(port: number,
  requests: readonly PreparedRequest[]): Promise<{ ms: number; failures: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(clientSource,
      { eval: true, workerData: { port, requests, concurrency } });
    worker.once('message', (result: { ms: number; failures: number }) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

async function httpBench(): Promise<BenchResult[]> {
  const requests = 6000;
  const world = buildTestWorld({ instances: 50,
    cloud: { latency: 'zero', rateLimitDefault: 1e12,
      rateLimits: { DescribeNetworkInterfaces: 1e12 } } });
  const driver = new RealTimeDriver(world.env.scheduler, { idleWakeMs: 5 });
  driver.start();
  const emulator = buildServer(world.cloud, { keys: [key] });
  await emulator.listen({ port: 0, host: '127.0.0.1' });
  const bare = Fastify({ logger: false });
  bare.post('/', async () => ({ RequestId: '00000000-0000-0000-0000-000000000001',
    TotalCount: 0 }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const portOf = (app: { server: { address(): unknown } }) =>
    (app.server.address() as { port: number }).port;
  let nonce = 0;
  const batch = (port: number, signed: boolean) => Array.from({ length: requests },
    (_, index) => (signed
    ? signedDescribe(port, world.instanceIds[index % world.instanceIds.length]!, nonce++)
    : { path: '/?Action=Bare', headers: {} }));
  await blast(portOf(bare), batch(portOf(bare), false).slice(0, 1000));
  await blast(portOf(emulator), batch(portOf(emulator), true).slice(0, 1000));
  let failures = 0;
  let bareMs = Number.POSITIVE_INFINITY;
  let emulatorMs = Number.POSITIVE_INFINITY;
  // Interleaved rounds, best of each side: load from other processes hits both alike.
  for (let round = 0; round < 4; round++) {
    const bareRun = await blast(portOf(bare), batch(portOf(bare), false));
    const emulatorRun = await blast(portOf(emulator), batch(portOf(emulator), true));
    bareMs = Math.min(bareMs, bareRun.ms);
    emulatorMs = Math.min(emulatorMs, emulatorRun.ms);
    failures += bareRun.failures + emulatorRun.failures;
  }
  await emulator.close();
  await bare.close();
  driver.stop();
  const emulatorRate = requests / (emulatorMs / 1000);
  const bareRate = requests / (bareMs / 1000);
  return [
    {
      name: 'HTTP: signed DescribeNetworkInterfaces',
      value: emulatorRate,
      unit: 'req/s',
      note: `${requests} requests × 4 rounds, ${concurrency} keep-alive connections from a worker thread, ${failures} non-200`,
    },
    { name: 'HTTP: bare fastify route', value: bareRate, unit: 'req/s' },
    {
      name: 'HTTP: emulator / bare fastify',
      value: emulatorRate / bareRate,
      unit: '×',
      target: '≥ 0.5',
      met: emulatorRate / bareRate >= 0.5,
    },
  ];
}

/** The run's event log behind a switch, so one cloud can be measured with and without it. */
class SwitchedLog {
  enabled = true;
  constructor(private readonly log: EventLog) {}
  record(kind: string, fields?: EventFields): void {
    if (this.enabled) this.log.record(kind, fields);
  }
}

function bigRegion(): { cloud: CloudEmulator; enis: string[]; log: SwitchedLog } {
  const env = createSimEnv({ seed: 1 });
  const log = new SwitchedLog(env.log);
  const cloud = new CloudEmulator({ ...env, log }, {
    latency: 'zero', rateLimitDefault: 1e12, rateLimits: { AssignPrivateIpAddresses: 1e12,
      UnassignPrivateIpAddresses: 1e12 }, quotas: { enisPerRegion: 10_000 },
  });
  const vpc = cloud.world.createVpc({ cidrBlock: '10.0.0.0/8' });
  if (!vpc.ok) throw new Error('vpc');
  const group = cloud.world.createSecurityGroup({ vpcId: vpc.value.vpcId, type: 'enterprise' });
  if (!group.ok) throw new Error('security group');
  const enis: string[] = [];
  for (let block = 0; block < 4; block++) {
    const vSwitch = cloud.world.createVSwitch({ vpcId: vpc.value.vpcId, zoneId: 'cn-hangzhou-h',
      cidrBlock: `10.${block}.0.0/16` });
    if (!vSwitch.ok) throw new Error('vSwitch');
    for (let batch = 0; batch < 13; batch++) {
      const instances = cloud.world.runInstances({
        instanceType: 'ecs.g7.xlarge',
        vSwitchId: vSwitch.value,
        securityGroupIds: [group.value],
        amount: block === 3 && batch === 12 ? 50 : 100,
      });
      if (!instances.ok) throw new Error(`instances: ${instances.error.code}`);
      for (const instanceId of instances.value) {
        const eni = cloud.world.call('ecs', 'CreateNetworkInterface',
          { VSwitchId: vSwitch.value, SecurityGroupId: group.value });
        if (!eni.ok) throw new Error(`eni: ${eni.error.code}`);
        const eniId = String(eni.value.NetworkInterfaceId);
        cloud.world.call('ecs', 'AttachNetworkInterface',
          { NetworkInterfaceId: eniId, InstanceId: instanceId });
        enis.push(eniId);
      }
    }
  }
  env.scheduler.runSync({ untilMs: 10 });
  return { cloud, enis, log };
}

function inProcessBench(): BenchResult[] {
  const { cloud, enis, log } = bigRegion();
  const instances = [...cloud.view().instances()].length;
  const caller = { accessKeyId: 'bench' };
  const assign = (eniId: string) => cloud.execute({ product: 'ecs',
    action: 'AssignPrivateIpAddresses', params: { RegionId: 'cn-hangzhou',
      NetworkInterfaceId: eniId, SecondaryPrivateIpAddressCount: 1 } }, caller);
  const unassignAll = () => {
    for (const eniId of enis) {
      const ips = cloud.view().eni(eniId)!.ipv4.filter((ip) => !ip.primary).map((ip) => ip.ip);
      if (ips.length > 0) cloud.execute({ product: 'ecs', action: 'UnassignPrivateIpAddresses',
        params: { RegionId: 'cn-hangzhou', NetworkInterfaceId: eniId,
          PrivateIpAddress: ips } }, caller);
    }
  };
  const calls = 50_000;
  let refused = 0;
  const round = () => {
    for (let index = 0; index < calls; index++)
      if (assign(enis[index % enis.length]!).kind !== 'ok') refused++;
  };
  const measure = (logging: boolean): number => {
    log.enabled = logging;
    round();
    unassignAll();
    const times: number[] = [];
    for (let repeat = 0; repeat < 3; repeat++) {
      const start = performance.now();
      round();
      times.push(performance.now() - start);
      unassignAll();
    }
    return calls / (Math.min(...times) / 1000);
  };
  const actionLayer = measure(false);
  const withLog = measure(true);
  const scale = `${instances} instances, ${enis.length} ENIs`;
  return [
    {
      name: `in-process AssignPrivateIpAddresses, action layer (${scale})`,
      value: actionLayer,
      unit: 'calls/s',
      target: '≥ 100,000 calls/s',
      met: actionLayer >= 100_000,
      note: `execute(): validation, flow control, faults, action, commit; no latency sleep, no event log; ${refused} refused`,
    },
    {
      name: 'in-process AssignPrivateIpAddresses, with the event log',
      value: withLog,
      unit: 'calls/s',
      note: 'as above plus one canonical-JSON + sha256 cloud.api event per call',
    },
  ];
}

/** 1,000 nodes of ecs.g7.xlarge, each with three InUse secondary ENIs of 15 IPs. */
function thousandNodes(): { cloud: CloudEmulator; enis: string[] } {
  const env = createSimEnv({ seed: 1 });
  const cloud = new CloudEmulator(env, { latency: 'zero', rateLimitDefault: 1e12,
    rateLimits: { AssignPrivateIpAddresses: 1e12, UnassignPrivateIpAddresses: 1e12 },
    quotas: { enisPerRegion: 10_000 } });
  const must = <T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T => {
    if (!result.ok) throw new Error(`thousand nodes: ${JSON.stringify(result.error)}`);
    return result.value;
  };
  const vpcId = must(cloud.world.createVpc({ cidrBlock: '10.0.0.0/8' })).vpcId;
  const group = must(cloud.world.createSecurityGroup({ vpcId, type: 'enterprise' }));
  const nodes = must(cloud.world.createVSwitch({ vpcId, zoneId: 'cn-hangzhou-h',
    cidrBlock: '10.0.0.0/20' }));
  const pods = [1, 2].map((block) => must(cloud.world.createVSwitch({ vpcId,
    zoneId: 'cn-hangzhou-h', cidrBlock: `10.${block}.0.0/16` })));
  const enis: string[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const instances = must(cloud.world.runInstances({ instanceType: 'ecs.g7.xlarge',
      vSwitchId: nodes, securityGroupIds: [group], amount: 100 }));
    for (const [index, instanceId] of instances.entries()) {
      for (let slot = 0; slot < 3; slot++) {
        const eniId = String(must(cloud.world.call('ecs', 'CreateNetworkInterface', {
          VSwitchId: pods[(index + slot) % 2], SecurityGroupId: group,
          SecondaryPrivateIpAddressCount: 14 })).NetworkInterfaceId);
        must(cloud.world.call('ecs', 'AttachNetworkInterface',
          { NetworkInterfaceId: eniId, InstanceId: instanceId }));
        enis.push(eniId);
      }
    }
  }
  env.scheduler.runSync({ untilMs: 10 });
  return { cloud, enis };
}

function invariantBench(): BenchResult[] {
  const { cloud, enis } = thousandNodes();
  const check = () => {
    const start = performance.now();
    const findings = cloudInvariantViolations(cloud.view(), cloud.quotas);
    if (findings.length > 0) throw new Error(`invariants: ${JSON.stringify(findings[0])}`);
    return performance.now() - start;
  };
  const first = check();
  const warm = Math.min(...Array.from({ length: 10 }, check));
  const churned = Math.min(...Array.from({ length: 5 }, (_, round) => {
    for (let index = round; index < enis.length; index += 10) {
      const eni = cloud.view().eni(enis[index]!)!;
      const call = (action: string, params: Record<string, unknown>) => cloud.execute({
        product: 'ecs', action, params: { RegionId: 'cn-hangzhou', NetworkInterfaceId: eni.id,
          ...params } }, { accessKeyId: 'bench' });
      call('UnassignPrivateIpAddresses', { PrivateIpAddress: [eni.ipv4[1]!.ip] });
      cloud.deps.scheduler.runSync({ untilMs: cloud.deps.scheduler.nowMs() + 1 });
      call('AssignPrivateIpAddresses', { SecondaryPrivateIpAddressCount: 1 });
    }
    cloud.deps.scheduler.runSync({ untilMs: cloud.deps.scheduler.nowMs() + 1 });
    return check();
  }));
  const scale = `${[...cloud.view().instances()].length} nodes, ${enis.length} secondary ENIs`;
  return [
    { name: `invariant checks, first call (${scale})`, value: first, unit: 'ms',
      note: 'every address parsed' },
    { name: 'invariant checks, next calls', value: warm, unit: 'ms', target: '≤ 50 ms',
      met: warm <= 50, note: 'best of 10; ENI records unchanged since the last call' },
    { name: 'invariant checks, after churn on every tenth ENI', value: churned, unit: 'ms',
      target: '≤ 50 ms', met: churned <= 50, note: 'best of 5; 400 ENIs changed per round' },
  ];
}

export const benches: Bench[] = [{
  name: 'cloud emulator',
  async run() {
    return [...inProcessBench(), ...invariantBench(), ...(await httpBench())];
  },
}];
