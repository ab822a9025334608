// Repeated Kubernetes events grouped as kubectl shows them: one row per object, type and reason,
// with how many times and over how long ("x65 over 14m"), and the latest message. Kubernetes'
// event correlator does the same on the server (an Event's count, firstTimestamp and
// lastTimestamp; messages that differ are "combined from similar events"), which is why
// `kubectl describe` reads that way. Pure: events in, groups out, in order of first occurrence.

import type { EventGroup, TimelineEntry } from './model.js';
import { formatClock } from './svg-chart.js';

/** Groups `entries` by object, type and reason. */
export function groupEvents(entries: readonly TimelineEntry[]): EventGroup[] {
  const groups = new Map<string, { group: EventGroup; messages: Set<string> }>();
  for (const entry of entries) {
    const key = `${entry.object}\u0000${entry.type}\u0000${entry.reason}`;
    const found = groups.get(key);
    if (found === undefined) {
      groups.set(key, { messages: new Set([entry.message]), group: {
        object: entry.object, type: entry.type, reason: entry.reason, count: 1,
        firstT: entry.t, lastT: entry.t, message: entry.message, combined: false,
        ...(entry.node === undefined ? {} : { node: entry.node }) } });
      continue;
    }
    found.messages.add(entry.message);
    found.group = { ...found.group, count: found.group.count + 1, lastT: entry.t,
      message: entry.message, combined: found.messages.size > 1 };
  }
  return [...groups.values()].map(({ group }) => group);
}

/** kubectl's age column: "x65 over 14m" for a repeated event, nothing for a single one. */
export function repeatText(group: EventGroup): string {
  return group.count === 1 ? '' : `x${group.count} over ${formatClock(group.lastT - group.firstT)}`;
}

/** The message as kubectl shows a group whose messages differed. */
export function groupMessage(group: EventGroup): string {
  return group.combined ? `(combined from similar events): ${group.message}` : group.message;
}
