// The `--scenario` form of `terway-sim serve`: a simulated cluster at an instant, served to kubectl,
// the SDKs and Prometheus on one port (serve/scenario-serve.ts), with a kubeconfig written for
// kubectl. The bearer token is derived from the seed unless given, like the cloud's key pair.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatDuration, parseDuration } from '@terway-sim/sim-base';
import { replaySource } from '../../inspect/source.js';
import { startScenarioServe, type ScenarioServe } from '../../serve/scenario-serve.js';
import {
  exitBadInput, exitOk, flagOption, stringOption, UsageError, type Io, type ParsedArgs,
} from '../command.js';

export interface ScenarioServeArgs {
  readonly atMs: number | undefined;
  readonly speed: number | undefined;
  readonly kubeconfigPath: string;
  readonly token: string;
}

/** A token kubectl can carry, fixed by the seed (public, as the seeded key pair is). */
export function seededToken(seed: string): string {
  return `terway-sim.${createHash('sha256').update(`kube-token\u0000${seed}`).digest('hex')
    .slice(0, 32)}`;
}

export function scenarioServeArgs(args: ParsedArgs, seed: string): ScenarioServeArgs {
  const at = stringOption(args, 'at');
  const atMs = at === undefined ? undefined : parseDuration(at);
  if (at !== undefined && atMs === undefined) {
    throw new UsageError(`--at ${JSON.stringify(at)}: expected a duration like 90s, 10m or 1h30m`);
  }
  const speedText = stringOption(args, 'speed');
  const speed = speedText === undefined ? undefined : Number(speedText);
  if (speed !== undefined && !(Number.isFinite(speed) && speed > 0 && speed <= 1000)) {
    throw new UsageError(`--speed ${JSON.stringify(speedText)}: expected a number above 0 and ` +
      'at most 1000 (1 = real time)');
  }
  const token = stringOption(args, 'token') ?? seededToken(seed);
  if (!/^[\x21-\x7e]{8,256}$/.test(token)) {
    throw new UsageError('--token: expected 8 to 256 printable characters without spaces');
  }
  return { atMs, speed, token,
    kubeconfigPath: resolve(stringOption(args, 'kubeconfig') ?? 'terway-sim.kubeconfig') };
}

function announce(io: Io, served: ScenarioServe, args: ScenarioServeArgs,
  facts: { readonly name: string; readonly json: boolean }): void {
  const at = formatDuration(served.atMs);
  const state = args.speed === undefined ? `paused at ${at}` : `running at ${args.speed}× from ${at}`;
  if (facts.json) {
    io.out(`${JSON.stringify({ kubernetes: served.httpsUrl, cloud: served.httpUrl,
      kubeconfig: args.kubeconfigPath, atMs: served.atMs, speed: args.speed ?? null })}\n`);
    return;
  }
  io.out([
    `terway-sim serve: the world of ${facts.name}, ${state}`,
    `  kubernetes API     ${served.httpsUrl} (kubeconfig ${args.kubeconfigPath})`,
    `  try                kubectl --kubeconfig ${args.kubeconfigPath} get pods -A -o wide`,
    `  ECS/VPC API        ${served.httpUrl} (protocol http)`,
    `  metadata           ${served.httpUrl}latest/meta-data/`,
    `  metrics            ${served.httpUrl}metrics`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'));
}

/** Runs `serve --scenario TARGET …` until `stopped` resolves. */
export async function serveScenario(args: ParsedArgs, io: Io,
  options: { host: string; port: number; seed: string | undefined;
    keys: { accessKeyId: string; accessKeySecret: string }; stopped: () => Promise<string> },
): Promise<number> {
  const target = stringOption(args, 'scenario')!;
  const source = replaySource(target, options.seed);
  if (!source.ok) {
    source.error.forEach((line) => io.err(`terway-sim serve: ${line}\n`));
    return exitBadInput;
  }
  const parsed = scenarioServeArgs(args, source.value.seed);
  const endMs = source.value.loaded.scenario.duration;
  if (parsed.atMs !== undefined && parsed.atMs > endMs) {
    throw new UsageError(`--at ${formatDuration(parsed.atMs)} is past the end of the run ` +
      `(it lasts ${formatDuration(endMs)})`);
  }
  const served = await startScenarioServe({ source: source.value, host: options.host,
    port: options.port, atMs: parsed.atMs, speed: parsed.speed, token: parsed.token,
    keys: options.keys });
  if (!served.ok) {
    served.error.forEach((line) => io.err(`terway-sim serve: ${line}\n`));
    return exitBadInput;
  }
  writeFileSync(parsed.kubeconfigPath, served.value.kubeconfig, { mode: 0o600 });
  announce(io, served.value, parsed,
    { name: source.value.loaded.scenario.name, json: flagOption(args, 'json') });
  const signal = await options.stopped();
  await served.value.close();
  if (!flagOption(args, 'json')) io.out(`stopped (${signal})\n`);
  return exitOk;
}
