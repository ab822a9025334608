// trace()'s traffic-rule hooks on the plain two-host model world: asked once as the packet
// leaves its sender (`sent`) and once before delivery (`deliver`), with the L4 protocol and port
// of the request; an accepting verdict shows on a `filter` hop, a dropping one ends the trace
// with reason `filtered` in the namespace where it was asked.
import { beforeEach, describe, expect, it } from 'vitest';
import { ModelKernel } from '../src/model/model-kernel.js';
import { trace } from '../src/trace/trace.js';
import type { TraceHook, TracePacket } from '../src/trace/trace-types.js';
import { buildTwoNodeWorld, twoNodeFabric } from '../src/testing/index.js';

describe('trace hooks', () => {
  let kernel: ModelKernel;
  beforeEach(async () => {
    kernel = new ModelKernel();
    await buildTwoNodeWorld(kernel);
  });

  it('asks at the sender and before delivery, with the packet\'s protocol and port', () => {
    const asked: Array<{ point: string; namespace: string; packet: TracePacket }> = [];
    const hook: TraceHook = (point, namespace, packet) => {
      asked.push({ point, namespace, packet });
      return point === 'sent' ? { by: 'test', verdict: 'accept', rule: 'r1', detail: 'ok' }
        : undefined;
    };
    const result = trace({ kernel, fabric: twoNodeFabric, hooks: [hook] },
      { from: 'poda', dst: '192.168.2.2', protocol: 'udp', port: 53 });
    expect(result.ok).toBe(true);
    expect(asked).toEqual([
      { point: 'sent', namespace: 'poda', packet: { family: 4, src: '192.168.1.2',
        dst: '192.168.2.2', protocol: 'udp', port: 53 } },
      { point: 'deliver', namespace: 'podc', packet: { family: 4, src: '192.168.1.2',
        dst: '192.168.2.2', protocol: 'udp', port: 53 } },
    ]);
    expect(result.hops.filter((entry) => entry.action === 'filter')).toEqual([
      { namespace: 'poda', action: 'filter', detail: 'test: ok',
        verdicts: [{ by: 'test', verdict: 'accept', rule: 'r1', detail: 'ok' }] }]);
  });

  it('a drop ends the trace where it was asked and names the rule', () => {
    const hook: TraceHook = (point) => point === 'deliver'
      ? { by: 'test', verdict: 'drop', rule: 'ns/deny', detail: 'denied',
        because: { kind: 'networkPolicy', policy: 'ns/deny', direction: 'ingress' } }
      : undefined;
    const result = trace({ kernel, fabric: twoNodeFabric, hooks: [hook] },
      { from: 'poda', dst: '192.168.2.2' });
    expect(result.ok ? 'delivered' : result.drop).toEqual({ reason: 'filtered',
      namespace: 'podc', detail: 'test: denied',
      because: { kind: 'networkPolicy', policy: 'ns/deny', direction: 'ingress' } });
  });

  it('a packet to the sender\'s own address never meets a hook', () => {
    const hook: TraceHook = () => ({ by: 'test', verdict: 'drop', detail: 'denied' });
    const result = trace({ kernel, fabric: twoNodeFabric, hooks: [hook] },
      { from: 'poda', dst: '192.168.1.2' });
    expect(result.ok).toBe(true);
  });
});
