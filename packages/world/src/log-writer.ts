// The event log as a subscriber of the world's own activity: each node and daemonset event is
// written as the line reports and digests carry (`node.registered`, `terway.started`,
// `kernel.device`, …). kube-sim and the cloud write their own lines; this adds the world's.

import type { EventLog } from '@terway-sim/sim-base';
import type { NodeActivity } from './events.js';

export function logNodeActivity(log: EventLog): (activity: NodeActivity) => void {
  return (activity) => {
    switch (activity.type) {
      case 'node.registered':
        log.record('node.registered', { node: activity.node, instance: activity.instance,
          ip: activity.ip, type: activity.instanceType });
        return;
      case 'node.gone':
        log.record(activity.reason === 'lost' ? 'node.lost' : 'node.released',
          { node: activity.node, instance: activity.instance });
        return;
      case 'node.add.failed':
        log.record('node.add.failed', { group: activity.group, error: activity.error });
        return;
      case 'terway.started':
        log.record('terway.started', { node: activity.node, capacity: activity.capacity,
          maxEni: activity.maxEni });
        return;
      case 'terway.start.failed':
        log.record('terway.start.failed', { node: activity.node, error: activity.error,
          retryInMs: activity.retryInMs });
        return;
      case 'terway.restart':
        log.record('terway.restart', { node: activity.node });
        return;
      case 'device.plugged':
        log.record('kernel.device', { eni: activity.eni, mac: activity.mac, ns: activity.ns,
          dev: activity.dev, attached: activity.ok });
        return;
      case 'device.unplugged':
        log.record('kernel.device', { eni: activity.eni, mac: activity.mac,
          detached: activity.ok });
        return;
    }
  };
}
