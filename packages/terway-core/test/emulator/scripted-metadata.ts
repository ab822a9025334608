// A scripting decorator of terway-core's MetadataPort for tests. Every read goes on to the port it
// wraps (the cloud emulator's metadata service for one instance) unless the test queued replies
// for that path: a canned body (text the real server could send, parsable or not) or a failure
// status (0 = the server could not be reached). The emulator's fault plan already covers a whole
// instance's metadata being late or unreachable (`metadataLag`, `metadataUnreachable`); this is
// for what it cannot say: one path failing, or one path answering something odd.
//
// It holds no cloud state: nothing is answered from a model of its own. It records every read
// (instant and status) so a test can state when Terway polled.

import { err, ok, type Result, type Scheduler } from '@terway-sim/sim-base';
import type { MetadataFailure, MetadataPort } from '../../src/ports/metadata.js';

/** A canned body, or an HTTP status to fail with (0: no connection). */
export type ScriptedMetadataReply = string | number;

export interface RecordedRead {
  /** When the reply came back. */
  readonly atMs: number;
  readonly path: string;
  readonly status: number;
  readonly scripted: boolean;
}

interface Script {
  readonly matches: (path: string) => boolean;
  readonly replies: ScriptedMetadataReply[];
}

export interface ScriptedMetadataDeps {
  readonly scheduler: Scheduler;
  /** Where unscripted reads go. */
  readonly inner: MetadataPort;
}

export interface ScriptedMetadataOptions {
  /** How long a canned reply takes (the emulator's own read time does not apply). */
  readonly scriptedLatencyMs: number;
}

export class ScriptedMetadata implements MetadataPort {
  readonly reads: RecordedRead[] = [];
  private readonly scripts: Script[] = [];

  constructor(private readonly deps: ScriptedMetadataDeps,
    private readonly options: ScriptedMetadataOptions) {}

  /**
   * Queues replies for the next reads of the path (or of every path the predicate accepts), in
   * order; once they are used up, reads of it reach the emulator again.
   */
  script(path: string | ((path: string) => boolean),
    ...replies: readonly ScriptedMetadataReply[]): this {
    const matches = typeof path === 'string' ? (candidate: string) => candidate === path : path;
    this.scripts.push({ matches, replies: [...replies] });
    return this;
  }

  /** Forgets the reads recorded so far (the scripts stay). */
  clearReads(): void {
    this.reads.length = 0;
  }

  async get(path: string): Promise<Result<string, MetadataFailure>> {
    const script = this.scripts.find((candidate) => candidate.replies.length > 0
      && candidate.matches(path));
    const scripted = script?.replies.shift();
    const reply = scripted === undefined ? await this.deps.inner.get(path)
      : await this.canned(scripted);
    this.reads.push({ atMs: this.deps.scheduler.nowMs(), path,
      status: reply.ok ? 200 : reply.error.status, scripted: scripted !== undefined });
    return reply;
  }

  private async canned(reply: ScriptedMetadataReply): Promise<Result<string, MetadataFailure>> {
    if (this.options.scriptedLatencyMs > 0) {
      await this.deps.scheduler.sleep(this.options.scriptedLatencyMs);
    }
    if (typeof reply === 'string') return ok(reply);
    return err({ status: reply,
      message: reply === 0 ? 'connection refused' : `HTTP ${reply}` });
  }
}
