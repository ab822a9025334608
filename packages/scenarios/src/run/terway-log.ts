// Terway's own log lines for the drill report, as a node would print them (level, component,
// message, error), read from the run's log as a record to show, not as events to react to:
// every line is counted into a group (component, level, message), and the first warning and error
// lines are kept verbatim. The report says how many lines it did not keep and where they are.

import type { EventLog, LoggedEvent } from '@terway-sim/sim-base';
import type { TerwayLog, TerwayLogLine } from '../report/model.js';

const linesKeptMax = 200;

export class TerwayLogRecorder {
  private readonly groups = new Map<string, TerwayLog['groups'][number]>();
  private readonly lines: TerwayLogLine[] = [];
  private total = 0;
  private warnings = 0;

  constructor(log: EventLog) {
    log.subscribe((event) => { if (event.kind === 'log') this.add(event); });
  }

  private add(event: LoggedEvent): void {
    const component = String(event.fields['component'] ?? '');
    if (!component.startsWith('terway')) return;
    this.total++;
    const level = String(event.fields['level'] ?? '');
    const message = String(event.fields['message'] ?? '');
    const error = event.fields['error'] === undefined ? undefined : String(event.fields['error']);
    const fields = event.fields['fields'];
    const nodeValue = fields !== null && typeof fields === 'object' && !Array.isArray(fields)
      ? fields['node'] : undefined;
    const node = typeof nodeValue === 'string' ? nodeValue : undefined;
    const key = `${component}\u0000${level}\u0000${message}`;
    const group = this.groups.get(key);
    this.groups.set(key, group === undefined
      ? { component, level, message, count: 1, firstT: event.t, lastT: event.t,
        ...(error === undefined ? {} : { firstError: error }) }
      : { ...group, count: group.count + 1, lastT: event.t });
    if (level !== 'warn' && level !== 'error') return;
    this.warnings++;
    if (this.lines.length < linesKeptMax) {
      this.lines.push({ t: event.t, level, component, message,
        ...(node === undefined ? {} : { node }), ...(error === undefined ? {} : { error }) });
    }
  }

  result(): TerwayLog {
    return { groups: [...this.groups.values()], lines: [...this.lines], linesTotal: this.total,
      warningLinesDropped: this.warnings - this.lines.length };
  }
}
