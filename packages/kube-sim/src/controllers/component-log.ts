// The log lines of the Kubernetes components kube-sim models (kube-controller-manager,
// cloud-controller-manager), in the manner of klog's structured logging: a message plus key/value
// fields, under the component's name. They go into the run's event log as `log` lines of the same
// shape as Terway's own (component, level, message, fields, error), so reports and `inspect`
// show every component's lines alike and the digest covers them.

import type { EventFields, JsonValue } from '@terway-sim/sim-base';

export type ComponentLogFields = { readonly [key: string]: JsonValue | undefined };

/** Where the lines go: the run's EventLog, or anything with its `record`. */
export interface LogRecorder {
  record(kind: string, fields: EventFields): void;
}

export class ComponentLog {
  constructor(private readonly log: LogRecorder, readonly component: string) {}

  info(message: string, fields: ComponentLogFields = {}): void {
    this.log.record('log', { component: this.component, level: 'info', message, fields });
  }

  /** klog's `ErrorS(err, msg, kv...)`: the error text travels in its own field. */
  error(message: string, error: string, fields: ComponentLogFields = {}): void {
    this.log.record('log', { component: this.component, level: 'error', message, fields, error });
  }
}
