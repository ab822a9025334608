// Who the node is, as the daemon reads it from instance metadata at every start (Terway's
// instance package): instance id and type, region, zone, its own vSwitch and primary MAC.

import {
  err,
  ok,
  type EventLog,
  type Result,
  type Rng,
  type Scheduler,
} from '@terway-sim/sim-base';
import { MetadataClient } from '../metadata/client.js';
import type { MetadataMetrics } from '../metrics/terway-metrics.js';
import type { MetadataPort } from '../ports/metadata.js';

export interface InstanceIdentity {
  readonly instanceId: string;
  readonly instanceType: string;
  readonly regionId: string;
  readonly zoneId: string;
  readonly vSwitchId: string;
  readonly primaryMac: string;
}

export async function readInstanceIdentity(
  deps: { scheduler: Scheduler; rng: Rng; log: EventLog; metadata: MetadataPort },
  nodeName: string,
  metrics?: MetadataMetrics,
): Promise<Result<InstanceIdentity, string>> {
  const client = new MetadataClient({ port: deps.metadata, scheduler: deps.scheduler,
    random: deps.rng.stream(`${nodeName}.metadata.retry`),
    ...(metrics === undefined ? {} : { metrics }) });
  const fields = [
    ['instanceId', () => client.instanceId()], ['instanceType', () => client.instanceType()],
    ['regionId', () => client.regionId()], ['zoneId', () => client.zoneId()],
    ['vSwitchId', () => client.vSwitchId()], ['primaryMac', () => client.primaryMac()],
  ] as const;
  const identity: Record<string, string> = {};
  for (const [name, read] of fields) {
    const value = await read();
    if (!value.ok) return err(`error get instance metadata (${name}): ${value.error.message}`);
    identity[name] = value.value;
  }
  return ok(identity as unknown as InstanceIdentity);
}
