// `terway-sim serve --scenario FILE|RUNDIR`: a simulated cluster served to people's real tools on
// one port: the Kubernetes API (kubectl, client libraries; HTTPS, bearer token), the ECS/VPC API
// and the instance metadata paths (plain HTTP, as the SDKs and Terway speak them) and /metrics
// (every daemon's and the controlplane's series, labelled by job and node, and the cloud's own).
//
// Two ways to serve an instant, both replaying the scenario with its seed:
//   - paused (`--at D` without `--speed`): the world stops at D. kubectl reads and writes the
//     paused API server (a write waits for time to move, as it would on a frozen cluster); the
//     cloud API answers from a copy of the cloud at D on its own clock, so calls finish in real
//     time without moving the world;
//   - running (`--speed X`, after `--at D` if given): a RealTimeDriver moves the world's clock X
//     times as fast as the wall clock; the live cloud serves the API, and `kubectl get pods -w`
//     shows pods coming up.
//
// Gotcha: the world's wall clock is anchored so that the served instant reads as the moment the
// replay began; while paused, real time still passes, so ages kubectl computes itself (describe's
// events) grow, while tables' AGE columns come from the server's clock and stay.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildServer, type CloudEmulator } from '@terway-sim/cloud-emulator';
import { kubeconfig, loopbackTls, registerKubeApi } from '@terway-sim/kube-sim';
import { err, ok, RealTimeDriver, wallEpochFor, type Result } from '@terway-sim/sim-base';
import { captureCheckpoint, restoreCloud, scrapeMetrics, type World } from '@terway-sim/world';
import Fastify, { type FastifyInstance } from 'fastify';
import { RunSession } from '../run/runner.js';
import type { ReplaySource } from '../inspect/source.js';
import { federatedExposition } from './federated-metrics.js';
import { listenOnePort, type OnePort } from './one-port.js';

export interface ScenarioServeConfig {
  readonly source: ReplaySource;
  readonly host: string;
  readonly port: number;
  /** Pause at this instant (ms); undefined = instant 0. */
  readonly atMs: number | undefined;
  /** Run forward at this many virtual ms per wall ms; undefined = stay paused. */
  readonly speed: number | undefined;
  readonly token: string;
  readonly keys: { readonly accessKeyId: string; readonly accessKeySecret: string };
}

export interface ScenarioServe {
  /** `http://host:port/` and `https://host:port` (one port, both protocols). */
  readonly httpUrl: string;
  readonly httpsUrl: string;
  readonly kubeconfig: string;
  readonly world: World;
  readonly atMs: number;
  close(): Promise<void>;
}

/** Paths of the Kubernetes API; everything else is the cloud's (RPC, metadata). */
const kubePaths = /^\/(api|apis|version|openapi)(\/|\?|$)/;

/** Replays to the instant and serves it; errors (bad scenario, a violated invariant) are lines. */
export async function startScenarioServe(
  config: ScenarioServeConfig,
): Promise<Result<ScenarioServe, string[]>> {
  const { source } = config;
  // The served instant reads as now (less the seconds the replay takes), so ages look true.
  const session = await RunSession.start(source.loaded, { seed: source.seed,
    epochMs: wallEpochFor(config.atMs ?? 0) });
  if (!session.ok) return session;
  const world = session.value.world;
  if (config.atMs !== undefined) await session.value.advanceTo(config.atMs);
  const violation = session.value.checker.violation;
  if (violation !== undefined) {
    return err([`the run stopped at ${world.env.scheduler.nowMs()} ms: invariant violated: ` +
      `${violation.check}: ${violation.detail}`]);
  }
  const cloud = config.speed === undefined
    ? restoreCloud(await captureCheckpoint(world)) : world.cloud.emulator;
  const cloudDriver = new RealTimeDriver(cloud.deps.scheduler, { idleWakeMs: 50 });
  const worldDriver = config.speed === undefined ? undefined
    : new RealTimeDriver(world.env.scheduler, { speed: config.speed, idleWakeMs: 50 });
  const cloudApp = buildServer(cloud, { keys: [config.keys] });
  const kubeApp = Fastify({ logger: false });
  registerKubeApi(kubeApp, { api: world.api, clock: world.env.scheduler },
    { token: config.token });
  await Promise.all([cloudApp.ready(), kubeApp.ready()]);
  const handler = requestHandler({ world, cloud, cloudApp, kubeApp });
  let served: OnePort;
  try {
    served = await listenOnePort({ host: config.host, port: config.port, tls: loopbackTls,
      handler, onClientError: (error, socket) => cloudApp.server.emit('clientError', error, socket) });
  } catch (error) {
    await Promise.all([cloudApp.close(), kubeApp.close()]);
    return err([`--port ${config.port}: cannot listen on ${config.host}:${config.port} ` +
      `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  if (cloud !== world.cloud.emulator) cloudDriver.start();
  worldDriver?.start();
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const httpsUrl = `https://${host}:${served.port}`;
  return ok({
    httpUrl: `http://${host}:${served.port}/`, httpsUrl, world,
    atMs: config.atMs ?? 0,
    kubeconfig: kubeconfig({ server: httpsUrl, token: config.token }),
    close: async () => {
      worldDriver?.stop();
      cloudDriver.stop();
      await served.close();
      await Promise.all([cloudApp.close(), kubeApp.close()]);
    },
  });
}

interface Faces {
  readonly world: World;
  readonly cloud: CloudEmulator;
  readonly cloudApp: FastifyInstance;
  readonly kubeApp: FastifyInstance;
}

function requestHandler(faces: Faces): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const path = request.url ?? '/';
    if (kubePaths.test(path)) {
      faces.kubeApp.routing(request, response);
    } else if (request.method === 'GET' && /^\/metrics(\?|$)/.test(path)) {
      void servedMetrics(faces).then((text) => {
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        response.end(text);
      });
    } else {
      faces.cloudApp.routing(request, response);
    }
  };
}

/** Terway's series from every daemon and the controlplane, then the cloud face's own. */
async function servedMetrics(faces: Faces): Promise<string> {
  const cloudMetrics = await faces.cloudApp.inject({ method: 'GET', url: '/metrics' });
  return `${federatedExposition(scrapeMetrics(faces.world))}${cloudMetrics.body}`;
}
