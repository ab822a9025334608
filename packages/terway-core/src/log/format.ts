// Renders recorded `log` events as console lines in the layout of controller-runtime's zap
// logger, which Terway's daemon uses: `<RFC 3339 time>\t<LEVEL>\t<component>\t<message>\t<json>`,
// the JSON holding the key/value fields and, for errors, `"error": "<text>"`. Reports and the
// trainer's timeline print these, so they read like `kubectl logs` of a terway pod.

import { canonicalJson, defaultEpochMs, isoMillis, type LoggedEvent } from '@terway-sim/sim-base';
import { logEventKind } from './logger.js';

export interface FormatLogOptions {
  /** Unix ms that virtual time 0 stands for (the scheduler's epoch). */
  readonly epochMs?: number;
}

/** One console line, or undefined when the event is not a log line. */
export function formatLogLine(event: LoggedEvent, options: FormatLogOptions =
  {}): string | undefined {
  if (event.kind !== logEventKind) return undefined;
  const { component, level, message, fields, error } = event.fields;
  const time = isoMillis((options.epochMs ?? defaultEpochMs) + event.t);
  const extra = { ...(typeof fields === 'object' && fields !== null && !Array.isArray(fields)
    ? fields : {}) };
  if (typeof error === 'string') extra['error'] = error;
  const json = Object.keys(extra).length === 0 ? '' : `\t${canonicalJson(extra)}`;
  return `${time}\t${String(level).toUpperCase()}\t${String(component)}\t${String(message)}${json}`;
}
