// `terway-sim serve`: the fake Alibaba Cloud over HTTP, for the official SDKs, the aliyun CLI or
// a real Terway pointed at it (docs/serve.md). One emulator serves ECS (2014-05-26) and VPC
// (2016-04-28) RPC on `POST /`, the instance metadata paths under `/latest/meta-data/` and
// Prometheus `/metrics`, on a RealTimeDriver so latencies and async changes take real time.
// It prints the URL and the one key pair it accepts (derived from the seed unless given), and
// stops cleanly on Ctrl-C (SIGINT) or SIGTERM.

import { createHash } from 'node:crypto';
import type { CloudEmulatorOptions, WorldFile, WorldSummary } from '@terway-sim/cloud-emulator';
import type { FastifyInstance } from 'fastify';
import { printable, quoted } from '../../scenario/printable.js';
import {
  exitOk, flagOption, intOption, listOption, stringOption, UsageError, type Command, type Io, type ParsedArgs,
} from '../command.js';
import { readFlagFile } from '../input.js';

export const defaultServePort = 8787;

export interface ServeConfig {
  readonly port: number;
  readonly host: string;
  readonly seed: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly latency: 'fast' | 'realistic';
  readonly rateLimits: Readonly<Record<string, number>>;
  readonly worldFile?: string;
}

export interface RunningServe {
  readonly url: string;
  /** The header that names the instance on metadata requests. */
  readonly instanceHeader: string;
  readonly config: ServeConfig;
  readonly regionId: string;
  readonly world: WorldSummary | null;
  close(): Promise<void>;
}

/** A key pair that looks like Alibaba's (LTAI… id, 30-character secret), fixed by the seed. */
export function seededKeyPair(seed: string): { accessKeyId: string; accessKeySecret: string } {
  const digest = (label: string) => createHash('sha256').update(`${label}\u0000${seed}`).digest('base64url').replace(/[-_]/g,
    'x');
  return { accessKeyId: `LTAI5t${digest('access-key-id').slice(0, 18)}`,
    accessKeySecret: digest('access-key-secret').slice(0, 30) };
}

function parseRateLimits(values: readonly string[]): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const value of values) {
    const match = /^([A-Z][A-Za-z0-9]+)=(\d{1,9})$/.exec(value);
    if (match === null) {
      throw new UsageError(`--rate-limit ${quoted(value)}: expected Action=CALLS_PER_MINUTE, ` +
        'e.g. AssignPrivateIpAddresses=400');
    }
    limits[match[1]!] = Number(match[2]);
  }
  return limits;
}

export function serveConfig(args: ParsedArgs): ServeConfig {
  const seed = stringOption(args, 'seed') ?? '1';
  const id = stringOption(args, 'access-key-id');
  const secret = stringOption(args, 'access-key-secret');
  if ((id === undefined) !== (secret === undefined)) throw new UsageError('--access-key-id and --access-key-secret go together: give both or neither');
  const latency = stringOption(args, 'latency') ?? 'realistic';
  if (latency !== 'fast' && latency !== 'realistic') {
    throw new UsageError(`--latency ${quoted(latency)}: expected fast or realistic`);
  }
  const keys = id !== undefined && secret !== undefined ? { accessKeyId: id,
    accessKeySecret: secret } : seededKeyPair(seed);
  const world = stringOption(args, 'world');
  return {
    port: intOption(args, 'port',
      { min: 0, max: 65_535 }) ?? defaultServePort, host: stringOption(args, 'host') ?? '127.0.0.1',
    seed, ...keys, latency, rateLimits: parseRateLimits(listOption(args,
      'rate-limit')), ...(world === undefined ? {} : { worldFile: world }),
  };
}

async function readWorld(path: string): Promise<{ regionId: string; zones: string[];
  world: WorldFile }> {
  const text = readFlagFile(path, '--world');
  const { parseWorldFile } = await import('@terway-sim/cloud-emulator');
  const parsed = parseWorldFile(text, path);
  if (!parsed.ok) throw new UsageError(`--world ${printable(path)} is not a valid world file`,
    parsed.error.map((message) => ({ message })));
  const regionId = parsed.value.region ?? 'cn-hangzhou';
  const named = parsed.value.vpcs.flatMap((vpc) => vpc.vSwitches.map((vSwitch) => vSwitch.zone));
  const defaults = regionId === 'cn-hangzhou' ? ['h', 'i', 'j', 'k'] : ['a', 'b', 'c', 'd'];
  return { regionId, zones: [...new Set([...defaults.map((letter) => `${regionId}-${letter}`),
    ...named])].sort(), world: parsed.value };
}

/** Starts the emulator and its HTTP face; resolves once it listens. */
export async function startServe(config: ServeConfig): Promise<RunningServe> {
  const world = config.worldFile === undefined ? undefined : await readWorld(config.worldFile);
  // Loaded here, not at the top: the other commands start without the emulator and fastify.
  const { applyWorldFile, buildServer, CloudEmulator, instanceHeader } =
    await import('@terway-sim/cloud-emulator');
  const { createSimEnv, RealTimeDriver } = await import('@terway-sim/sim-base');
  const env = createSimEnv({ seed: config.seed });
  const options: CloudEmulatorOptions = {
    latency: config.latency, rateLimits: config.rateLimits,
    ...(world === undefined ? {} : { regions: [{ regionId: world.regionId, zones: world.zones }] }),
  };
  const cloud = new CloudEmulator(env, options);
  let summary: WorldSummary | null = null;
  if (world !== undefined && config.worldFile !== undefined) {
    const applied = applyWorldFile(cloud, world.world, config.worldFile);
    if (!applied.ok) throw new UsageError(`--world ${printable(config.worldFile)} cannot be built`,
      applied.error.map((message) => ({ message })));
    summary = applied.value;
  }
  const driver = new RealTimeDriver(env.scheduler, { idleWakeMs: 5 });
  driver.start();
  const app: FastifyInstance = buildServer(cloud,
    { keys: [{ accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret }] });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    driver.stop();
    throw new UsageError(`--port ${config.port}: cannot listen on ${config.host}:${config.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  return {
    url: `http://${config.host}:${port}/`, config, regionId: cloud.defaultRegion, world: summary,
    instanceHeader,
    close: async () => {
      await app.close();
      driver.stop();
    },
  };
}

function describeWorld(world: WorldSummary): string[] {
  const lines = world.vpcs.map((vpc) => `  vpc ${vpc.name}: ${vpc.id}, vSwitches ${Object.entries(vpc.vSwitches).map(([name, id]) => `${name}=${id}`).join(' ')}, ` +
    `security groups ${Object.entries(vpc.securityGroups).map(([name, id]) => `${name}=${id}`).join(' ')}`);
  for (const [name, ids] of Object.entries(world.instances)) lines.push(`  instances ${name}: ${ids.join(' ')}`);
  return lines;
}

function announce(io: Io, running: RunningServe, json: boolean): void {
  const { config, url } = running;
  if (json) {
    io.out(`${JSON.stringify({ url, accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret, regionId: running.regionId, latency: config.latency, world: running.world })}\n`);
    return;
  }
  io.out([
    `terway-sim serve: fake Alibaba Cloud ECS (2014-05-26) and VPC (2016-04-28) at ${url}`,
    `  endpoint           ${url.slice('http://'.length, -1)} (protocol http)`,
    `  access key id      ${config.accessKeyId}`,
    `  access key secret  ${config.accessKeySecret}`,
    `  region             ${running.regionId}; latency ${config.latency}; seed ${config.seed}`,
    `  metadata           ${url}latest/meta-data/ ` +
      `(name the instance with the ${running.instanceHeader} header)`,
    `  metrics            ${url}metrics`,
    ...(running.world === null ? [] : describeWorld(running.world)),
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'));
}

function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the fake ECS/VPC OpenAPI, instance metadata and /metrics over HTTP',
  options: {
    port: { type: 'string', value: 'P',
      description: `TCP port (default ${defaultServePort}; 0 picks a free one)` },
    host: { type: 'string', value: 'ADDR',
      description: 'address to listen on (default 127.0.0.1)' },
    seed: { type: 'string', value: 'N',
      description: 'seed for latencies and the default key pair (default 1)' },
    world: { type: 'string', value: 'FILE',
      description: 'YAML world file: VPCs, vSwitches, security groups, instances (docs/serve.md)' },
    'access-key-id': { type: 'string', value: 'ID',
      description: 'the AccessKeyId to accept (with --access-key-secret)' },
    'access-key-secret': { type: 'string', value: 'SECRET',
      description: 'the AccessKeySecret to accept' },
    'rate-limit': { type: 'string', multiple: true, value: 'API=N',
      description: 'calls per minute for one API (flow control per account, region, API)' },
    latency: { type: 'string', value: 'PROFILE',
      description: 'fast or realistic (default realistic)' },
    json: { type: 'boolean', description: 'print the URL and key pair as one JSON document' },
    scenario: { type: 'string', value: 'FILE|RUNDIR',
      description: 'serve a simulated cluster: Kubernetes API, ECS/VPC API, metadata, /metrics' },
    at: { type: 'string', value: 'DURATION',
      description: 'with --scenario: the instant to pause at (default 0s)' },
    speed: { type: 'string', value: 'X',
      description: 'with --scenario: run on from --at, X times the wall clock (1 = real time)' },
    kubeconfig: { type: 'string', value: 'PATH',
      description: 'with --scenario: where to write the kubeconfig (default ./terway-sim.kubeconfig)' },
    token: { type: 'string', value: 'TOKEN',
      description: 'with --scenario: the bearer token to accept (default: derived from the seed)' },
  },
  details: [
    'Point the official SDKs at it with:',
    "  new Config({ endpoint: '127.0.0.1:8787', protocol: 'http', accessKeyId, accessKeySecret, regionId: 'cn-hangzhou' })",
    'Both ACS3-HMAC-SHA256 (SDK default) and v1 HMAC-SHA1 signatures are verified. Exit codes: 0 after',
    'Ctrl-C, 2 on bad flags or a bad world file (the message names the file, the path and what is expected).',
  ].join('\n'),
  async run(args, io) {
    const config = serveConfig(args);
    if (stringOption(args, 'scenario') !== undefined) {
      if (config.worldFile !== undefined) throw new UsageError('--world and --scenario: give one');
      const { serveScenario } = await import('./serve-scenario.js');
      return serveScenario(args, io, { host: config.host, port: config.port,
        seed: stringOption(args, 'seed'), stopped: untilStopped,
        keys: { accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret } });
    }
    // The seeded key pair is public (docs/serve.md prints seed 1's): only loopback keeps it safe.
    if (!/^(127\.|localhost$|::1$)/.test(config.host) &&
      config.accessKeySecret === seededKeyPair(config.seed).accessKeySecret) {
      io.err(`terway-sim serve: warning: listening on ${config.host} with the key pair derived ` +
        `from --seed ${config.seed}, which anyone can compute; pass --access-key-id and ` +
        '--access-key-secret, or listen on 127.0.0.1\n');
    }
    const running = await startServe(config);
    announce(io, running, flagOption(args, 'json'));
    const signal = await untilStopped();
    await running.close();
    if (!flagOption(args, 'json')) io.out(`stopped (${signal})\n`);
    return exitOk;
  },
};

