// A stand-in pod network for testing the cluster model alone: hands out IPs from a per-node
// counter after a fixed latency, refuses once a node holds `capacity` pods, and can be told to fail
// the next N ADDs. Tracks DELs so tests can check every sandbox was torn down.

import { err, ok, type Scheduler } from '@terway-sim/sim-base';
import type { PodNetwork, SandboxNetwork, SandboxRequest } from '../kubelet/pod-network.js';

export class FakePodNetwork implements PodNetwork {
  readonly held = new Map<string, string>();
  readonly deleted: string[] = [];
  private failNext = 0;
  private counter = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly options: { latencyMs: number; capacityPerNode: number },
  ) {}

  failNextAdds(count: number): void {
    this.failNext = count;
  }

  async add(
    request: SandboxRequest,
  ): Promise<ReturnType<typeof ok<SandboxNetwork>> | ReturnType<typeof err<{ message: string }>>> {
    await this.scheduler.sleep(this.options.latencyMs);
    if (this.failNext > 0) {
      this.failNext--;
      return err({ message: 'injected failure' });
    }
    const onNode = [...this.held.keys()].filter((id) =>
      id.startsWith(`${request.nodeName}/`),
    ).length;
    if (onNode >= this.options.capacityPerNode)
      return err({ message: `node ${request.nodeName} has no free IP` });
    const ip = `10.0.${Math.floor(++this.counter / 250)}.${this.counter % 250}`;
    this.held.set(`${request.nodeName}/${request.sandboxId}`, ip);
    return ok({ ips: [ip] });
  }

  async del(request: SandboxRequest): Promise<ReturnType<typeof ok<void>>> {
    await this.scheduler.sleep(1);
    this.held.delete(`${request.nodeName}/${request.sandboxId}`);
    this.deleted.push(request.sandboxId);
    return ok(undefined);
  }
}
