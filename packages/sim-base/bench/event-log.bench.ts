// The cost of writing one event (canonical JSON + sha256 update): every cloud call, CNI call and
// pod transition pays it, so it bounds how fast a large run can go.
import { EventLog, Scheduler } from '../src/index.js';
import { bestOfMs, type Bench } from '../../../bench/harness.js';

function writeEvents(count: number): void {
  const log = new EventLog(new Scheduler());
  for (let i = 0; i < count; i++) {
    log.record('cloud.api', {
      api: 'AssignPrivateIpAddresses',
      code: 'OK',
      ms: 2 + (i % 5),
      rid: '00000000-0000-0000-0000-000000000104',
      eni: 'eni-bp0000000000000001p',
      region: 'cn-hangzhou',
    });
    log.record('pod.ip', {
      pod: `default/web-${i}`,
      node: 'pool-1',
      ips: ['192.168.16.44'],
      ms: 1503,
      attempts: 1,
    });
  }
  log.digest();
}

export const benches: Bench[] = [{
  name: 'event log',
  async run() {
    const events = 200_000;
    writeEvents(20_000);
    const ms = await bestOfMs(3, () => writeEvents(events / 2));
    return [
      {
        name: 'EventLog.record',
        value: (ms * 1000) / events,
        unit: 'µs/event',
        note: 'two typical event shapes',
      },
    ];
  },
}];
