// The end of a run: every workload goes, every node's pool is scaled to zero, every node is
// released. What survives that normal lifecycle is a leak: a secondary ENI or IP in the cloud, a
// VPC route entry, a pod namespace, a link, route or rule Terway made on a node, a stored record.

import type { RouteEntryRecord } from '@terway-sim/cloud-emulator';
import type { WorldNode } from './node/world-node.js';
import type { World } from './world.js';

export interface TeardownResult {
  readonly leaks: string[];
  /** Phases that ran out of time (each also shows up as leaks). */
  readonly notes: string[];
}

const sliceMs = 10_000;
const phaseMaxMs = 15 * 60_000;
const leaksListedMax = 8;

/** Runs the clock until `done()` or `phaseMaxMs`; whether it got done. */
function phase(world: World, done: () => boolean): Promise<boolean> {
  return world.runUntil(done, phaseMaxMs, sliceMs);
}

/** Tears the world down; `scaleWorkloadsToZero` stops the workload controllers' pods. */
export async function tearDown(world: World,
  scaleWorkloadsToZero: () => void): Promise<TeardownResult> {
  const { env, api } = world;
  const notes: string[] = [];
  env.log.record('teardown', { phase: 'workloads' });
  scaleWorkloadsToZero();
  if (!(await phase(world, () => api.podCount === 0))) {
    notes.push(`${api.podCount} pods still exist 15 minutes after workloads scaled to zero`);
  }
  env.log.record('teardown', { phase: 'pools' });
  const live = world.allNodes().filter((node) => !node.isLost);
  // The drain restarts each daemon; a restart between an ENI's detach and its delete would
  // orphan it (a real Terway hazard, F13), so wait until no slot is creating or deleting an ENI.
  if (!(await phase(world, () => live.every(poolIsQuiet)))) {
    notes.push(
      'pools were still creating or deleting ENIs 15 minutes after the workloads were gone',
    );
  }
  live.forEach((node) => node.drainPool());
  // Done when no ENI but the nodes' primaries and trunks (kept for the node's lifetime) exists in
  // any state: a detached ENI still waits for its delete, which dies with the daemon if the node
  // goes first.
  const secondaryEnis = (): number => [...world.cloud.emulator.view().enis(world.cloud.regionId)]
    .filter((eni) => eni.type !== 'Primary' && eni.type !== 'Trunk'
      && !keptByCentralizedPool(world).has(eni.id)).length;
  if (!(await phase(world, () => secondaryEnis() === 0))) {
    notes.push(`${secondaryEnis()} non-primary ENIs still exist 15 minutes after pools were ` +
      'scaled to zero');
  }
  // A StatefulSet pod's sticky record (and its IP) goes with the daemon's GC, one to two passes
  // (5–10 min) after the pod; with nothing else to wait for (trunk mode) teardown must wait for it.
  await phase(world, () => live.every((node) => node.storage.relation.keys().length === 0));
  // ENIs Terway did not return after its pools were scaled to zero are leaks of a node that stays
  // in service, even though releasing the instance below would take them along.
  const leaks = [...await nodeLeaks(world, live),
    ...eniLeaks(world, 'after the pools were scaled to zero', ['Secondary', 'Member'],
      keptByCentralizedPool(world))];
  env.log.record('teardown', { phase: 'nodes' });
  for (const node of live) await node.lose('released');
  // Releasing instances is asynchronous, and the route controller deletes each node's VPC route
  // entry when its Node object goes (VPC route mode).
  await phase(world, () => [...world.cloud.emulator.view().instances()].length === 0
    && customRouteEntries(world).length === 0);
  leaks.push(...cloudLeaks(world));
  const namespaces = await world.kernel.netnsList();
  if (namespaces.ok && namespaces.value.length > 0) {
    leaks.push(`network namespaces left: ${namespaces.value.join(', ')}`);
  }
  env.log.record('teardown', { phase: 'done', leaks: leaks.length });
  return { leaks, notes };
}

function poolIsQuiet(node: WorldNode): boolean {
  const slots = node.pool?.status() ?? [];
  return slots.every((slot) => slot.status !== 'Creating' && slot.status !== 'Deleting');
}

function customRouteEntries(world: World): RouteEntryRecord[] {
  return world.cloud.emulator.view().routeEntries(world.cloud.routeTableId)
    .filter((entry) => entry.type === 'Custom');
}

/** Before release: only lo and eth0, no Terway rules or tables, no pod namespaces, no records. */
async function nodeLeaks(world: World, nodes: readonly WorldNode[]): Promise<string[]> {
  const leaks: string[] = [];
  for (const node of nodes) {
    leaks.push(...await hostLeaks(world, node));
    if (node.podNetwork.namespaces.size > 0) {
      leaks.push(`${node.name}: pod network namespaces left: ` +
        [...node.podNetwork.namespaces].sort().join(', '));
    }
    const records = node.storage.relation.keys();
    if (records.length > 0) {
      leaks.push(`${node.name}: the daemon still stores ${records.length} pod records ` +
        `(${records.slice(0, 3).join(', ')})`);
    }
  }
  return leaks;
}

async function hostLeaks(world: World, node: WorldNode): Promise<string[]> {
  const snapshot = await world.kernel.snapshot(node.hostNs);
  if (!snapshot.ok) return [];
  const leaks: string[] = [];
  // A trunk ENI serves the node for its lifetime, and so does the centralized pool's last ENI:
  // their devices and policy tables stay.
  const keptEnis = keptByCentralizedPool(world);
  const trunkMacs = new Set(world.cloud.emulator.view().enisOf(node.instanceId)
    .filter((eni) => eni.type === 'Trunk' || keptEnis.has(eni.id)).map((eni) => eni.mac));
  const { links, rules, routes } = snapshot.value;
  const kept = links.filter((link) => link.name === 'lo' || link.name === 'eth0'
    || trunkMacs.has(link.mac));
  const keptTables = new Set(kept.map((link) => 1000 + link.index));
  const extraLinks = links.filter((link) => !kept.includes(link));
  if (extraLinks.length > 0) {
    leaks.push(`${node.name}: links left in the host namespace: ` +
      extraLinks.map((link) => link.name).join(', '));
  }
  const podRules = rules.filter((rule) => rule.priority === 512 || rule.priority === 2048);
  if (podRules.length > 0) {
    leaks.push(`${node.name}: ${podRules.length} pod policy rules left (priority 512/2048)`);
  }
  const tables = new Set(routes.filter((route) => route.table >= 1000 && route.table < 10_000
    && !keptTables.has(route.table)).map((route) => route.table));
  if (tables.size > 0) {
    leaks.push(`${node.name}: routes left in ENI tables ` +
      [...tables].sort((a, b) => a - b).join(', '));
  }
  return leaks;
}

/**
 * ENIs the centralized pool (ipam_type crd) keeps for the node's lifetime: InUse in a Node CR
 * with only their primary IP left. Terway's controller never gives back its last such ENI (it
 * deletes an ENI only when strictly fewer IPs than it must shed remain on it, quirk Q8).
 */
function keptByCentralizedPool(world: World): ReadonlySet<string> {
  const kept = new Set<string>();
  for (const cr of world.crd.peekList('Node')) {
    if (cr.spec.pool === undefined) continue;
    for (const nic of Object.values(cr.status.networkInterfaces)) {
      const ips = Object.values(nic.ipv4 ?? {});
      if (nic.status === 'InUse' && ips.every((ip) => ip.primary && ip.podID === '')) {
        kept.add(nic.id);
      }
    }
  }
  return kept;
}

function eniLeaks(world: World, when: string, types: readonly string[],
  kept: ReadonlySet<string> = new Set()): string[] {
  const enis = [...world.cloud.emulator.view().enis(world.cloud.regionId)]
    .filter((eni) => types.includes(eni.type) && !kept.has(eni.id));
  if (enis.length === 0) return [];
  const listed = enis.slice(0, leaksListedMax)
    .map((eni) => `${eni.id} (${eni.type}, ${eni.status}, ${eni.ipv4.length} IPs)`).join(', ');
  const more = enis.length > leaksListedMax ? ` and ${enis.length - leaksListedMax} more` : '';
  return [`ENIs left ${when}: ${listed}${more}`];
}

/** After every node is released: no ENI, no used address, no custom route entry. */
function cloudLeaks(world: World): string[] {
  const view = world.cloud.emulator.view();
  const leaks: string[] = eniLeaks(world, 'after the nodes were released',
    ['Primary', 'Secondary', 'Trunk', 'Member']);
  for (const usage of view.vSwitches(world.cloud.regionId)) {
    if (usage.used > 0) leaks.push(`${usage.vSwitch.id}: ${usage.used} addresses still used`);
  }
  const entries = customRouteEntries(world);
  if (entries.length > 0) {
    leaks.push('route entries left: ' +
      entries.map((entry) => `${entry.destinationCidrBlock} → ${entry.nextHopId}`).join(', '));
  }
  return leaks;
}
