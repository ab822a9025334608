// How the pod and PodENI controllers drive an ENI: not through ECS, but by moving its
// NetworkInterface CR to a phase and waiting for the NetworkInterface controller to get there
// (Terway's pkg/controller/common/eni.go: ToNetworkInterfaceCR, Attach, Detach, Delete,
// WaitStatus):
// - attach: Initial/Unbind → Binding with instance, trunk, node and network card; Bind/Binding
//   is already done; Detaching/Deleting is an error;
// - detach: Initial/Bind → Detaching; Unbind/Detaching is done; Binding/Deleting is an error;
//   a missing CR is done;
// - delete: → Deleting (a missing CR is done);
// - waitStatus: poll the CR with a named backoff (initial delay, then steps) until it is in the
//   phase; "not found" is success when asked. Failure returns the last mismatch, as Terway does.

import {
  err, exponentialBackoffWithInitialDelay, ok, type Context, type ExtendedBackoff, type Result
} from '@terway-sim/sim-base';
import type { NetworkInterface } from '../cloud/network-interface.js';
import type {
  CrdEni, CrdPort, NetworkInterfaceCr, NetworkInterfacePhase,
} from '../ports/crd.js';
import { finalizerEni } from './names.js';
import type { Runtime } from './runtime.js';

export function crdEniOf(eni: NetworkInterface): CrdEni {
  return { id: eni.networkInterfaceId, vpcID: eni.vpcId, mac: eni.macAddress, zone: eni.zoneId,
    vSwitchID: eni.vSwitchId, resourceGroupID: eni.resourceGroupId,
    securityGroupIDs: [...eni.securityGroupIds], attachmentOptions: {} };
}

/** ToNetworkInterfaceCR plus the finalizer and the owning pod, as the pod controller stores it. */
export function networkInterfaceCrOf(eni: NetworkInterface,
  pod: { readonly namespace: string; readonly name: string }): NetworkInterfaceCr {
  return {
    metadata: { name: eni.networkInterfaceId, finalizers: [finalizerEni] },
    spec: { eni: crdEniOf(eni), ipv4: eni.privateIpAddress,
      ipv6: eni.ipv6Set[0]?.ipAddress ?? '', ipv4CIDR: '', ipv6CIDR: '',
      podENIRef: { kind: 'Pod', namespace: pod.namespace, name: pod.name }, extraConfig: {} },
    status: { phase: '', instanceID: '', trunkENIID: '', nodeName: '',
      eniInfo: { id: '', type: '', vid: 0, status: 'Unbind' } },
  };
}

export interface AttachRequest {
  readonly instanceId: string;
  readonly eniId: string;
  readonly trunkEniId: string;
  readonly networkCardIndex?: number | undefined;
  readonly nodeName: string;
}

export async function attachCr(crd: CrdPort, request: AttachRequest):
  Promise<Result<void, string>> {
  if (request.instanceId === '') return err('instance id is empty');
  if (request.eniId === '') return err('network interface id is empty');
  if (request.nodeName === '') return err('node name is empty');
  const cr = await crd.get('NetworkInterface', { name: request.eniId });
  if (cr === undefined) {
    return err(`networkinterfaces.network.alibabacloud.com "${request.eniId}" not found`);
  }
  const phase = cr.status.phase;
  if (phase === 'Bind' || phase === 'Binding') return ok(undefined);
  if (phase === 'Detaching' || phase === 'Deleting') return err(`eni cr phase ${phase} `);
  const updated = await crd.update('NetworkInterface', { ...cr, status: { ...cr.status,
    phase: 'Binding', instanceID: request.instanceId, trunkENIID: request.trunkEniId,
    nodeName: request.nodeName, networkCardIndex: request.networkCardIndex } });
  return updated.ok ? ok(undefined)
    : err(`failed to update network interface status: ${updated.error.message}`);
}

export async function detachCr(crd: CrdPort, eniId: string): Promise<Result<void, string>> {
  const cr = await crd.get('NetworkInterface', { name: eniId });
  if (cr === undefined) return ok(undefined);
  const phase = cr.status.phase;
  if (phase === 'Unbind' || phase === 'Detaching') return ok(undefined);
  if (phase === 'Binding' || phase === 'Deleting') return err(`eni cr phase ${phase} `);
  const updated = await crd.update('NetworkInterface', { ...cr,
    status: { ...cr.status, phase: 'Detaching' } });
  return updated.ok ? ok(undefined) : err('failed to update network interface status to ' +
    `Detaching: ${updated.error.message}`);
}

export async function deleteCr(crd: CrdPort, eniId: string): Promise<Result<void, string>> {
  const cr = await crd.get('NetworkInterface', { name: eniId });
  if (cr === undefined || cr.status.phase === 'Deleting') return ok(undefined);
  const updated = await crd.update('NetworkInterface', { ...cr,
    status: { ...cr.status, phase: 'Deleting' } });
  return updated.ok ? ok(undefined) : err('failed to update network interface status to ' +
    `Deleting: ${updated.error.message}`);
}

export interface WaitStatusRequest {
  readonly eniId: string;
  readonly phase: NetworkInterfacePhase;
  readonly backoff: ExtendedBackoff;
  readonly ignoreNotExist: boolean;
}

/** The CR once in `phase`; `undefined` when it is gone and that was allowed. */
export async function waitCrStatus(runtime: Runtime, ctx: Context, request: WaitStatusRequest):
  Promise<Result<NetworkInterfaceCr | undefined, string>> {
  let found: NetworkInterfaceCr | undefined;
  let inner: string | undefined;
  const backoff = request.backoff.steps === 0 ? { ...request.backoff, steps: 1 } : request.backoff;
  const waited = await exponentialBackoffWithInitialDelay<string>(runtime.waitDeps, ctx, backoff,
    async () => {
      const cr = await runtime.deps.crd.get('NetworkInterface', { name: request.eniId });
      if (cr === undefined) {
        if (request.ignoreNotExist) {
          found = undefined;
          return ok(true);
        }
        inner = `networkinterfaces.network.alibabacloud.com "${request.eniId}" not found`;
        return ok(false);
      }
      if (cr.status.phase !== request.phase) {
        inner = `eni cr phase ${cr.status.phase} not match ${request.phase}`;
        return ok(false);
      }
      found = cr;
      return ok(true);
    });
  if (!waited.ok) return err(inner ?? (waited.error.kind === 'condition' ? waited.error.error
    : waited.error.message));
  return ok(found);
}
