// What the kubelet asks of the network plugin for one pod sandbox: CNI ADD and CNI DEL (and
// CHECK), as containerd calls the configured CNI plugin. The scenario runner implements it with
// Terway's CNI plugin on the node's kernel model; tests use a fake.
//
// Contract: `sandboxId` is the infra container id (64 hex); DEL may be called for a sandbox whose
// ADD failed (containerd cleans up), and more than once. Failures are values; the message is the
// plugin's error text as containerd would wrap it.

import type { V1Pod } from '@kubernetes/client-node';
import type { Result } from '@terway-sim/sim-base';

export interface SandboxRequest {
  readonly pod: V1Pod;
  readonly nodeName: string;
  readonly sandboxId: string;
  /** The pod network namespace path, e.g. /var/run/netns/cni-<sandbox prefix>. */
  readonly netns: string;
}

export interface SandboxNetwork {
  /** IPs in family order (IPv4 first). */
  readonly ips: readonly string[];
}

export interface PodNetwork {
  add(request: SandboxRequest): Promise<Result<SandboxNetwork, { message: string }>>;
  del(request: SandboxRequest): Promise<Result<void, { message: string }>>;
}
