import { EventLog, Scheduler, type LoggedEvent } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../src/log/format.js';
import { Logger } from '../../src/log/logger.js';

function setup(debug =
  false): { scheduler: Scheduler; events: LoggedEvent[]; logger: Logger; log: EventLog } {
  const scheduler = new Scheduler();
  const log = new EventLog(scheduler);
  const events: LoggedEvent[] = [];
  log.subscribe((event) => events.push(event));
  const logger = new Logger({ log }, { component: 'terway-daemon', fields: { node: 'node-1' },
    debug });
  return { scheduler, events, logger, log };
}

describe('Logger', () => {
  it('writes log events with component, level, message, accumulated fields and error text',
    async () => {
    const { scheduler, events, logger } = setup();
    const api = logger.with({ api: 'CreateNetworkInterface' });
    api.info('eni created', { requestID: 'R1', eni: 'eni-1' });
    scheduler.after(5_000, () => api.error('failed',
      { message: 'errCode: Throttling, msg: x, requestID: R2' }, { requestID: 'R2' }));
    await scheduler.run();
    logger.warn('plain');
    expect(events.map((event) => ({ t: event.t, kind: event.kind, ...event.fields }))).toEqual([
      { t: 0, kind: 'log', component: 'terway-daemon', level: 'info', message: 'eni created',
        fields: { node: 'node-1', api: 'CreateNetworkInterface', requestID: 'R1', eni: 'eni-1' },
          error: undefined },
      { t: 5000, kind: 'log', component: 'terway-daemon', level: 'error', message: 'failed',
        fields: { node: 'node-1', api: 'CreateNetworkInterface', requestID: 'R2' },
        error: 'errCode: Throttling, msg: x, requestID: R2' },
      { t: 5000, kind: 'log', component: 'terway-daemon', level: 'warn', message: 'plain',
        fields: { node: 'node-1' }, error: undefined },
    ]);
  });

  it('drops debug lines unless enabled, and debug lines change the digest when enabled', () => {
    const quiet = setup(false);
    const loud = setup(true);
    quiet.logger.debug('notify node event');
    loud.logger.debug('notify node event');
    expect(quiet.events).toHaveLength(0);
    expect(loud.events).toHaveLength(1);
    expect(loud.log.digest()).not.toBe(quiet.log.digest());
  });

  it('formats a line like the zap console encoder', () => {
    const { events, logger } = setup();
    logger.with({ api: 'DeleteNetworkInterface' }).error('delete eni failed',
      'errCode: X, msg: y, requestID: z');
    expect(formatLogLine(events[0]!)).toBe(
      '2026-01-01T00:00:00.000Z\tERROR\tterway-daemon\tdelete eni failed\t' +
      '{"api":"DeleteNetworkInterface","error":"errCode: X, msg: y, requestID: z",' +
      '"node":"node-1"}');
    expect(formatLogLine({ t: 0, seq: 1, kind: 'cloud.api', fields: {} })).toBeUndefined();
  });
});
