// The in-process metadata client for one instance: what Terway's metadata package reads inside a
// simulated run. A read is answered from the cloud's state at the instant it is made (with the
// metadata lag already in that state) and settles after the profile's read time. An unreachable
// server (status 0, a `metadataUnreachable` fault) settles after the client's timeout (default
// 30 s, Terway's metadata HTTP client), as a blackholed 100.100.100.200 does.

import { err, ok, type Result } from '@terway-sim/sim-base';
import type { CloudCore } from '../emulator/core.js';
import type { MetadataRead } from '../metadata/metadata-view.js';
import type { MetadataFailure } from './port-types.js';

export interface MetadataClientOptions {
  /** How long a read waits when the server cannot be reached. Default 30,000 ms. */
  readonly timeoutMs?: number;
}

interface MetadataSource extends CloudCore {
  readMetadata(instanceId: string, path: string): MetadataRead;
}

export class InProcessMetadataClient {
  private readonly timeoutMs: number;

  constructor(private readonly cloud: MetadataSource, readonly instanceId: string,
    options: MetadataClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async get(path: string): Promise<Result<string, MetadataFailure>> {
    const read = this.cloud.readMetadata(this.instanceId, path);
    const waitMs =
      !read.ok && read.error.status === 0 ? this.timeoutMs : this.cloud.latency.metadataReadMs;
    if (waitMs > 0) await this.cloud.deps.scheduler.sleep(waitMs);
    return read.ok ? ok(read.value) : err(read.error);
  }
}
