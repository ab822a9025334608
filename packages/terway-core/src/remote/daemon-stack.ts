// The backends one daemon process runs, by node mode (Terway's daemon/builder.go
// setupENIManager, with runDevicePlugin):
// - ENIMultiIP, trunking off: one Local per attached secondary ENI, plus empty slots up to MaxENI;
// - ENIMultiIP with `enable_eni_trunking` (and member ENIs on the instance type): initTrunk first,
//   then the same slots, except that the trunk ENI's slot is a Trunk (its Local, type "trunk",
//   plus a Remote bound to it for PodENI pods); the node gets `k8s.aliyun.com/trunk-on` and
//   `k8s.aliyun.com/max-member-eni-ip`, and the member-ENI device plugin advertises
//   `aliyun/member-eni` = MaxMemberENI;
// - ENIOnly (node label exclusive-mode-eni-type=eniOnly; trunking forced off): a single Remote,
//   and the ENI device plugin advertises `aliyun/eni` = Capacity unless disable_device_plugin;
// - ENIMultiIP with ipam_type crd (centralized IPAM): one CrdV2 backend over the Node CR
//   (crdv2/); the daemon lists no ENIs and keeps no slots. In prefix mode (enable_ip_prefix) a
//   PrefixBackend (priority 200) draws pod addresses from the node's prefixes before it.
// eRDMA is not modelled in these stacks. Remote backends need the custom-resource port.

import {
  err, ok, type Context, type ExtendedBackoff, type Result, type Scheduler, type UniformSource
} from '@terway-sim/sim-base';
import { ipamStack, type DaemonMode } from '../config/daemon-mode.js';
import { CrdV2 } from '../crdv2/crdv2-backend.js';
import { PrefixBackend } from '../crdv2/prefix-backend.js';
import {
  eniResource, maxAvailableIpAnnotation, maxMemberEniIpAnnotation, memberEniResource,
  trunkOnAnnotation,
} from '../config/node-resources.js';
import type { PoolConfig } from '../config/pool-config.js';
import type { TerwayConfig } from '../config/terway-config.js';
import type { AttachedEni } from '../eni/types.js';
import type { Factory } from '../factory/factory.js';
import { planSlots } from '../pool/build-slots.js';
import { Local } from '../pool/local.js';
import type { LocalDeps } from '../pool/local-state.js';
import type { NetworkInterfaceBackend } from '../pool/types.js';
import type { PoolLogger } from '../pool/telemetry.js';
import type { CrdPort } from '../ports/crd.js';
import type { KubePort } from '../ports/kube.js';
import { initTrunk } from './init-trunk.js';
import { Remote, type RemoteDeps } from './remote-backend.js';
import { Trunk } from './trunk-backend.js';

export interface DaemonStackDeps {
  readonly scheduler: Scheduler;
  readonly factory: Factory;
  readonly kube: KubePort;
  readonly crd?: CrdPort | undefined;
  readonly logger: PoolLogger;
  readonly slotDeps: LocalDeps;
  /** Jitter draws for the PodENI wait. */
  readonly random: UniformSource;
  /** `wait_podeni_status` after backoff_override. */
  readonly podEniBackoff: ExtendedBackoff;
  readonly allocated?: RemoteDeps['allocated'];
  /** The daemon's node-annotation patch (skipped when equal). */
  readonly patchNodeAnnotations: (annotations: { readonly [key: string]: string }) =>
    Promise<void>;
}

export interface DaemonStackInput {
  readonly nodeName: string;
  readonly mode: DaemonMode;
  readonly config: TerwayConfig;
  readonly pool: PoolConfig;
}

export interface DaemonStack {
  readonly backends: NetworkInterfaceBackend[];
  readonly attached: readonly AttachedEni[];
  readonly trunkEniId?: string | undefined;
}

/** Annotations and device-plugin resources (node-resources.ts without eRDMA). Pure. */
export function stackNodeResources(input: { readonly mode: DaemonMode; readonly pool: PoolConfig;
  readonly trunkEniId: string | undefined; readonly disableDevicePlugin: boolean }):
  { annotations: Record<string, string>; resources: Record<string, number> } {
  const annotations: Record<string, string> = {};
  const resources: Record<string, number> = {};
  if (input.trunkEniId !== undefined) {
    annotations[trunkOnAnnotation] = input.trunkEniId;
    annotations[maxMemberEniIpAnnotation] = String(input.pool.maxMemberEni);
    resources[memberEniResource] = input.pool.maxMemberEni;
  }
  annotations[maxAvailableIpAnnotation] = String(input.pool.capacity);
  if (input.mode === 'ENIOnly' && !input.disableDevicePlugin) {
    resources[eniResource] = input.pool.capacity;
  }
  return { annotations, resources };
}

/** Trunking stays on only in ENIMultiIP mode with member ENIs on the instance type. */
export function trunkingEnabled(mode: DaemonMode, config: TerwayConfig, pool: PoolConfig): boolean {
  return mode === 'ENIMultiIP' && config.enableEniTrunking && pool.maxMemberEni > 0;
}

function slotsOf(deps: DaemonStackDeps, pool: PoolConfig, attached: readonly AttachedEni[],
  remote: (trunk: AttachedEni) => Remote, trunkEniId: string | undefined):
  NetworkInterfaceBackend[] {
  return planSlots(attached, pool.maxEni).map((plan) => {
    const trunk = plan.eni !== undefined && plan.eni.trunk && plan.eni.id === trunkEniId;
    const local = new Local(deps.slotDeps, { name: plan.name, eni: plan.eni,
      slotType: trunk ? 'trunk' : 'secondary', batchSize: pool.batchSize,
      cap: pool.maxIpPerEni, enableIpv4: pool.enableIpv4, enableIpv6: pool.enableIpv6 });
    return trunk ? new Trunk(local, remote(plan.eni!)) : local;
  });
}

/** Centralized IPAM: one CrdV2 backend; the controlplane owns the ENIs. */
function crdStack(deps: DaemonStackDeps, input: DaemonStackInput): Result<DaemonStack, string> {
  if (deps.crd === undefined) {
    return err('ipam_type crd needs the Node custom resource: give the daemon a CrdPort ' +
      '(deps.crd)');
  }
  const backend = new CrdV2({ scheduler: deps.scheduler, crd: deps.crd, logger: deps.logger,
    nodeEvent: deps.slotDeps.nodeEvent }, { nodeName: input.nodeName, config: input.config,
    vSwitchOptions: input.pool.vSwitchOptions, securityGroupIds: input.pool.securityGroupIds,
    exclusive: false });
  if (ipamStack(input.config, input.mode) !== 'prefix') return ok({ backends: [backend],
    attached: [] });
  const prefix = new PrefixBackend({ scheduler: deps.scheduler, crd: deps.crd,
    logger: deps.logger }, { nodeName: input.nodeName, ipv4: input.config.ipStack !== 'ipv6',
    ipv6: input.config.ipStack !== 'ipv4' });
  return ok({ backends: [prefix, backend], attached: [] });
}

export async function buildDaemonStack(ctx: Context, deps: DaemonStackDeps,
  input: DaemonStackInput): Promise<Result<DaemonStack, string>> {
  const { mode, config, pool } = input;
  if (ipamStack(config, mode) !== 'legacy' && mode === 'ENIMultiIP') return crdStack(deps, input);
  if (mode === 'ENIOnly' && config.enableEniTrunking) {
    deps.logger.info('exclusive eni mode, disable trunking');
  }
  const trunking = trunkingEnabled(mode, config, pool);
  if ((mode === 'ENIOnly' || trunking) && deps.crd === undefined) {
    return err(`${mode === 'ENIOnly' ? 'exclusive ENI mode' : 'enable_eni_trunking'} needs ` +
      'PodENI custom resources: give the daemon a CrdPort (deps.crd)');
  }
  let trunkEniId: string | undefined;
  if (trunking) {
    const node = await deps.kube.getNode(input.nodeName);
    const trunk = await initTrunk(ctx, deps, { maxEni: pool.maxEni, enableIpv6: pool.enableIpv6,
      preferTrunkId: node?.metadata?.annotations?.[trunkOnAnnotation] ?? '' });
    if (!trunk.ok) return trunk;
    trunkEniId = trunk.value;
    if (trunkEniId === undefined) {
      deps.logger.info('no trunk eni found, fallback to non-trunk mode');
    }
  }
  const resources = stackNodeResources({ mode, pool, trunkEniId,
    disableDevicePlugin: config.disableDevicePlugin });
  await deps.patchNodeAnnotations(resources.annotations);
  const attached = await deps.factory.listAttachedNetworkInterfaces(ctx,
    { preferTrunkId: trunkEniId });
  if (!attached.ok) return err(attached.error.message);
  const remoteDeps: RemoteDeps = { scheduler: deps.scheduler, crd: deps.crd!, logger: deps.logger,
    random: deps.random, backoff: deps.podEniBackoff, allocated: deps.allocated };
  const backends = mode === 'ENIOnly' ? [new Remote(remoteDeps, undefined)]
    : slotsOf(deps, pool, attached.value, (trunk) => new Remote(remoteDeps, trunk), trunkEniId);
  if (Object.keys(resources.resources).length > 0) {
    await deps.kube.setNodeExtendedResources(input.nodeName, resources.resources);
  }
  return ok({ backends, attached: attached.value, trunkEniId });
}
