// events.jsonl written while the run goes, not kept in memory until its end: a 24-hour churn run
// logs tens of millions of lines, which as strings in memory would outgrow the rest of the run.
// Lines go to `events.jsonl.partial` in 1 MiB writes; the finished file is renamed into place,
// so a run that fails leaves no half-written events.jsonl (and removes the partial one).

import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

const flushChars = 1 << 20;

export class EventLineFile {
  private readonly partial: string;
  private fd: number | undefined;
  private buffered: string[] = [];
  private bufferedChars = 0;

  constructor(private readonly path: string) {
    this.partial = `${path}.partial`;
    this.fd = openSync(this.partial, 'w');
  }

  /** The event log's sink: one canonical JSON line, without its newline. */
  readonly write = (line: string): void => {
    this.buffered.push(line);
    this.bufferedChars += line.length + 1;
    if (this.bufferedChars >= flushChars) this.flush();
  };

  /** Writes what is left and puts the file in place; returns its path. */
  finish(): string {
    this.flush();
    this.close();
    renameSync(this.partial, this.path);
    return this.path;
  }

  /** The run failed: nothing is left behind. */
  abandon(): void {
    this.close();
    rmSync(this.partial, { force: true });
  }

  private flush(): void {
    if (this.fd === undefined || this.buffered.length === 0) return;
    writeSync(this.fd, `${this.buffered.join('\n')}\n`);
    this.buffered = [];
    this.bufferedChars = 0;
  }

  private close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
