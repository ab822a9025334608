// The end of a run: every workload goes, every node's pool is scaled to zero, every node is
// released. What survives that normal lifecycle is a leak: a secondary ENI or IP in the cloud, a
// VPC route entry, a pod namespace, a link, route or rule Terway made on a node, a stored record.

import type { CloudEmulator } from '@terway-sim/cloud-emulator';
import type { KernelMachine } from '@terway-sim/kernel-shim';
import type { SimEnv } from '@terway-sim/sim-base';
import type { ApiServer } from '@terway-sim/kube-sim';
import type { SimNode } from './node/sim-node.js';

export interface TeardownWorld {
  readonly env: SimEnv;
  readonly cloud: CloudEmulator;
  readonly regionId: string;
  readonly routeTableId: string;
  readonly api: ApiServer;
  readonly kernel: KernelMachine;
  nodes(): readonly SimNode[];
  /** Stops workload controllers and scales them to zero. */
  scaleWorkloadsToZero(): void;
}

const sliceMs = 10_000;
const phaseMaxMs = 15 * 60_000;

/** Runs the clock until `done()` or `phaseMaxMs`; returns whether it got done. */
async function runUntil(env: SimEnv, done: () => boolean): Promise<boolean> {
  const deadline = env.scheduler.nowMs() + phaseMaxMs;
  while (!done()) {
    if (env.scheduler.nowMs() >= deadline) return false;
    const summary = await env.scheduler.run({ untilMs: Math.min(deadline, env.scheduler.nowMs() + sliceMs) });
    if (summary.stopped) return false;
  }
  return true;
}

export interface TeardownResult {
  readonly leaks: string[];
  /** Phases that ran out of time (each also shows up as leaks). */
  readonly notes: string[];
}

export async function tearDown(world: TeardownWorld): Promise<TeardownResult> {
  const { env, api, cloud } = world;
  const notes: string[] = [];
  env.log.record('teardown', { phase: 'workloads' });
  world.scaleWorkloadsToZero();
  if (!(await runUntil(env, () => api.podCount === 0))) notes.push(`${api.podCount} pods still exist 15 minutes after workloads scaled to zero`);
  env.log.record('teardown', { phase: 'pools' });
  const live = world.nodes().filter((node) => !node.isLost);
  // The drain restarts each daemon; a restart between an ENI's detach and its delete would
  // orphan it (a real Terway hazard, F13), so wait until no slot is creating or deleting an ENI.
  if (!(await runUntil(env, () => live.every(poolIsQuiet)))) notes.push('pools were still creating or deleting ENIs 15 minutes after the workloads were gone');
  live.forEach((node) => node.drainPool());
  // Done when no ENI but the nodes' primaries and trunks (kept for the node's lifetime) exists in
  // any state: a detached ENI still waits for its delete, which dies with the daemon if the node
  // goes first.
  const secondaryEnis = (): number => [...cloud.view().enis(world.regionId)].filter((eni) => eni.type !== 'Primary' && eni.type !== 'Trunk').length;
  if (!(await runUntil(env, () => secondaryEnis() === 0))) notes.push(`${secondaryEnis()} non-primary ENIs still exist 15 minutes after pools were scaled to zero`);
  // A StatefulSet pod's sticky record (and its IP) goes with the daemon's GC, one to two passes
  // (5–10 min) after the pod; with nothing else to wait for (trunk mode) teardown must wait for it.
  await runUntil(env, () => live.every((node) => node.storage.relation.keys().length === 0));
  // ENIs Terway did not return after its pools were scaled to zero are leaks of a node that stays
  // in service, even though releasing the instance below would take them along.
  const leaks = [...await nodeLeaks(world, live), ...eniLeaks(world, 'after the pools were scaled to zero', ['Secondary', 'Member'])];
  env.log.record('teardown', { phase: 'nodes' });
  for (const node of live) await node.lose('released');
  // Releasing instances is asynchronous, and the route controller deletes each node's VPC route
  // entry when its Node object goes (VPC route mode).
  const customEntries = (): number => cloud.view().routeEntries(world.routeTableId).filter((entry) => entry.type === 'Custom').length;
  await runUntil(env, () => [...cloud.view().instances()].length === 0 && customEntries() === 0);
  leaks.push(...cloudLeaks(world));
  const namespaces = await world.kernel.netnsList();
  if (namespaces.ok && namespaces.value.length > 0) leaks.push(`network namespaces left: ${namespaces.value.join(', ')}`);
  env.log.record('teardown', { phase: 'done', leaks: leaks.length });
  return { leaks, notes };
}

function poolIsQuiet(node: SimNode): boolean {
  const slots = node.pool?.status() ?? [];
  return slots.every((slot) => slot.status !== 'Creating' && slot.status !== 'Deleting');
}

/** On each node before release: only lo and eth0, no Terway rules or tables, no pod namespaces, no records. */
async function nodeLeaks(world: TeardownWorld, nodes: readonly SimNode[]): Promise<string[]> {
  const leaks: string[] = [];
  for (const node of nodes) {
    const snapshot = await world.kernel.snapshot(node.hostNs);
    if (snapshot.ok) {
      // A trunk ENI serves the node for its lifetime: its device and its policy table stay.
      const trunkMacs = new Set(world.cloud.view().enisOf(node.instanceId).filter((eni) => eni.type === 'Trunk').map((eni) => eni.mac));
      const kept = snapshot.value.links.filter((link) => link.name === 'lo' || link.name === 'eth0' || trunkMacs.has(link.mac));
      const keptTables = new Set(kept.map((link) => 1000 + link.index));
      const extraLinks = snapshot.value.links.filter((link) => !kept.includes(link));
      if (extraLinks.length > 0) leaks.push(`${node.name}: links left in the host namespace: ${extraLinks.map((link) => link.name).join(', ')}`);
      const rules = snapshot.value.rules.filter((rule) => rule.priority === 512 || rule.priority === 2048);
      if (rules.length > 0) leaks.push(`${node.name}: ${rules.length} pod policy rules left (priority 512/2048)`);
      const tables = new Set(snapshot.value.routes.filter((route) => route.table >= 1000 && route.table < 10_000 && !keptTables.has(route.table)).map((route) => route.table));
      if (tables.size > 0) leaks.push(`${node.name}: routes left in ENI tables ${[...tables].sort((a, b) => a - b).join(', ')}`);
    }
    if (node.podNetwork.namespaces.size > 0) leaks.push(`${node.name}: pod network namespaces left: ${[...node.podNetwork.namespaces].sort().join(', ')}`);
    const records = node.storage.relation.keys();
    if (records.length > 0) leaks.push(`${node.name}: the daemon still stores ${records.length} pod records (${records.slice(0, 3).join(', ')})`);
  }
  return leaks;
}

function eniLeaks(world: TeardownWorld, when: string, types: readonly string[]): string[] {
  const enis = [...world.cloud.view().enis(world.regionId)].filter((eni) => types.includes(eni.type));
  if (enis.length === 0) return [];
  const listed = enis.slice(0, 8).map((eni) => `${eni.id} (${eni.type}, ${eni.status}, ${eni.ipv4.length} IPs)`).join(', ');
  return [`ENIs left ${when}: ${listed}${enis.length > 8 ? ` and ${enis.length - 8} more` : ''}`];
}

/** After every node is released: no ENI, no used address, no custom route entry. */
function cloudLeaks(world: TeardownWorld): string[] {
  const view = world.cloud.view();
  const leaks: string[] = eniLeaks(world, 'after the nodes were released', ['Primary', 'Secondary', 'Trunk', 'Member']);
  for (const usage of view.vSwitches(world.regionId)) {
    if (usage.used > 0) leaks.push(`${usage.vSwitch.id}: ${usage.used} addresses still used`);
  }
  const entries = view.routeEntries(world.routeTableId).filter((entry) => entry.type === 'Custom');
  if (entries.length > 0) leaks.push(`route entries left: ${entries.map((entry) => `${entry.destinationCidrBlock} → ${entry.nextHopId}`).join(', ')}`);
  return leaks;
}
