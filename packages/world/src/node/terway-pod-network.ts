// The container runtime's side of a pod sandbox on a node, over Terway's CNI plugin: containerd
// creates the sandbox's network namespace, runs CNI ADD; on failure (or sandbox removal) runs CNI
// DEL and removes the namespace. The kubelet model calls this for every sandbox. A CNI failure
// reaches the kubelet as containerd shows it: the error's libcni text (msg; details).

import { netnsNameFromPath, type KernelMachine } from '@terway-sim/kernel-shim';
import { err, ok, type Result } from '@terway-sim/sim-base';
import { formatK8sArgs, type CniConfig, type TerwayCni } from '@terway-sim/terway-core';
import type { PodNetwork, SandboxNetwork, SandboxRequest } from '@terway-sim/kube-sim';

export class TerwayPodNetwork implements PodNetwork {
  /** Pod network namespaces this runtime created and has not removed. */
  readonly namespaces = new Set<string>();
  /** The namespace of each pod's current sandbox (`ns/name` → netns name). */
  readonly podNamespace = new Map<string, string>();

  constructor(
    private readonly deps: { kernel: KernelMachine; cni: TerwayCni; config: CniConfig },
  ) {}

  async add(request: SandboxRequest): Promise<Result<SandboxNetwork, { message: string }>> {
    const ns = netnsNameFromPath(request.netns);
    if (ns === undefined) return err({ message: `bad netns path ${request.netns}` });
    const created = await this.deps.kernel.netnsAdd(ns);
    if (!created.ok && created.error.errno !== 'EEXIST')
      return err({ message: `failed to create network namespace ${ns}: ${created.error.message}` });
    this.namespaces.add(ns);
    const outcome = await this.deps.cni.add(this.invocation(request));
    if (!outcome.ok) return err({ message: outcome.error.message });
    const ips = outcome.value.ips.map((ip) => ip.address.split('/')[0]!);
    this.podNamespace.set(`${request.pod.metadata?.namespace}/${request.pod.metadata?.name}`, ns);
    return ok({ ips });
  }

  async del(request: SandboxRequest): Promise<Result<void, { message: string }>> {
    const outcome = await this.deps.cni.del(this.invocation(request));
    if (!outcome.ok) return err({ message: outcome.error.message });
    const ns = netnsNameFromPath(request.netns);
    if (ns !== undefined) {
      await this.deps.kernel.netnsDel(ns); // ENOENT: already gone
      this.namespaces.delete(ns);
      const key = `${request.pod.metadata?.namespace}/${request.pod.metadata?.name}`;
      if (this.podNamespace.get(key) === ns) this.podNamespace.delete(key);
    }
    return ok(undefined);
  }

  private invocation(request: SandboxRequest): Parameters<TerwayCni['add']>[0] {
    const pod = request.pod;
    return {
      containerId: request.sandboxId,
      netns: request.netns,
      ifName: 'eth0',
      config: this.deps.config,
      args: formatK8sArgs({
        podName: pod.metadata?.name ?? '',
        podNamespace: pod.metadata?.namespace ?? '',
        infraContainerId: request.sandboxId,
      }),
    };
  }
}
