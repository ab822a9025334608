// The trunk slot of a trunking ENIIP daemon (Terway's pkg/eni/trunk.go `Trunk`): the trunk ENI is
// also an ordinary secondary-IP ENI, so LocalIP requests go to its Local slot (slot type
// "trunk": never disposed as a whole), while RemoteIP requests (PodENI pods) go to a Remote that
// knows the trunk, so their net configs carry the trunk MAC and the member's VLAN id. Priority is
// the constant 100 of every remote-capable backend.

import type { Context, Result } from '@terway-sim/sim-base';
import type { Local } from '../pool/local.js';
import { priorityRemote } from '../pool/priority.js';
import type {
  AllocOffer, BackendStatus, CniContext, NetworkInterfaceBackend, NetworkResource, ResourceRequest,
  Usage,
} from '../pool/types.js';
import type { PodResources } from '../store/records.js';
import type { Remote } from './remote-backend.js';

export class Trunk implements NetworkInterfaceBackend {
  constructor(readonly local: Local, readonly remote: Remote) {}

  run(ctx: Context, podResources: readonly PodResources[]): Promise<Result<void, string>> {
    return this.local.run(ctx, podResources);
  }

  priority(): number {
    return priorityRemote;
  }

  allocate(ctx: Context, cni: CniContext, request: ResourceRequest): AllocOffer {
    return request.type === 'LocalIP' ? this.local.allocate(ctx, cni, request)
      : this.remote.allocate(ctx, cni, request);
  }

  release(ctx: Context, cni: CniContext, resource: NetworkResource): boolean {
    return resource.type === 'LocalIP' ? this.local.release(ctx, cni, resource)
      : this.remote.release(ctx, cni, resource);
  }

  dispose(count: number): number {
    return this.local.dispose(count);
  }

  usage(): Usage {
    return this.local.usage();
  }

  status(): BackendStatus {
    return this.local.status();
  }
}
