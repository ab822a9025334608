// The CrdPort's contract as executable cases (ports/crd.ts states it in words): every
// implementation — the simulated API server's adapter in the world package and FakeCrd here —
// runs the same cases, so the fake cannot drift from the store it stands in for.
//
// Each case gets a fresh port and throws `AssertionFailed` with what it saw when the contract is
// broken. Messages, uid formats and timestamps are the implementation's own; the cases pin the
// behaviour Terway's controllers rely on: refusal reasons, copies out, resourceVersion order,
// two-step deletion with finalizers, watch order, list order and filters.
//
// When to use: `for (const c of crdPortContract) it(c.name, () => c.run(makePort()))`.

import { assert } from '@terway-sim/sim-base';
import type { CrdPort, NetworkInterfaceCr, PodEni } from '../ports/crd.js';

export interface ContractCase<Port> {
  readonly name: string;
  run(port: Port): Promise<void>;
}

function podEni(name: string, node = 'node-0', finalizers: string[] = []): PodEni {
  return {
    metadata: { namespace: 'default', name, labels: { 'k8s.aliyun.com/node': node }, finalizers },
    spec: { allocations: [], zone: 'zone-a' },
    status: { phase: '', instanceID: '', trunkENIID: '', msg: '', podLastSeen: '', eniInfos: {} },
  };
}

function eniCr(name: string): NetworkInterfaceCr {
  return {
    metadata: { name, finalizers: ['network.alibabacloud.com/eni'] },
    spec: { eni: { id: name, vpcID: '', mac: '', zone: '', vSwitchID: '', resourceGroupID: '',
      securityGroupIDs: [], attachmentOptions: {} }, ipv4: '', ipv6: '', ipv4CIDR: '',
    ipv6CIDR: '', extraConfig: {} },
    status: { phase: '', instanceID: '', trunkENIID: '', nodeName: '',
      eniInfo: { id: '', type: '', vid: 0, status: 'Unbind' } },
  };
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  assert(a === e, () => `${what}: expected ${e}, got ${a}`);
}

export const crdPortContract: ReadonlyArray<ContractCase<CrdPort>> = [
  {
    name: 'create fills uid and resourceVersion, refuses a duplicate, reads are copies',
    async run(port) {
      const created = await port.create('PodENI', podEni('a'));
      assert(created.ok, 'create of a new PodENI succeeds');
      assert((created.value.metadata.uid ?? '') !== '', 'create fills metadata.uid');
      assert((created.value.metadata.resourceVersion ?? '') !== '', 'create fills resourceVersion');
      const again = await port.create('PodENI', podEni('a'));
      same(again.ok ? 'ok' : again.error.reason, 'AlreadyExists', 'a second create');
      const read = (await port.get('PodENI', { namespace: 'default', name: 'a' }))!;
      (read.metadata as { name: string }).name = 'mutated';
      same(port.peek('PodENI', { namespace: 'default', name: 'a' })?.metadata.name, 'a',
        'the stored name after a reader changed its copy');
    },
  },
  {
    name: 'update refuses a stale resourceVersion (Conflict) and a missing object (NotFound)',
    async run(port) {
      const first = await port.create('PodENI', podEni('a'));
      assert(first.ok, 'create succeeds');
      const moved = await port.update('PodENI', { ...first.value,
        status: { ...first.value.status, phase: 'Binding' } });
      assert(moved.ok, 'an update with the current resourceVersion succeeds');
      const stale = await port.update('PodENI', { ...first.value,
        status: { ...first.value.status, phase: 'Deleting' } });
      same(stale.ok ? 'ok' : stale.error.reason, 'Conflict', 'an update with a stale version');
      const gone = await port.update('PodENI', podEni('b'));
      same(gone.ok ? 'ok' : gone.error.reason, 'NotFound', 'an update of a missing object');
      const deleted = await port.delete('PodENI', { namespace: 'default', name: 'b' });
      same(deleted.ok ? 'ok' : deleted.error.reason, 'NotFound', 'a delete of a missing object');
    },
  },
  {
    name: 'delete with finalizers marks first; the object goes with its last finalizer',
    async run(port) {
      const seen: string[] = [];
      port.watch('NetworkInterface', (type, object) => seen.push(
        `${type} ${object.metadata.deletionTimestamp === undefined ? 'live' : 'deleting'}`));
      await port.create('NetworkInterface', eniCr('eni-1'));
      await port.delete('NetworkInterface', { name: 'eni-1' });
      same((await port.list('NetworkInterface')).length, 1, 'objects after the first delete');
      const marked = (await port.get('NetworkInterface', { name: 'eni-1' }))!;
      await port.update('NetworkInterface', { ...marked,
        metadata: { ...marked.metadata, finalizers: [] } });
      same((await port.list('NetworkInterface')).length, 0, 'objects after the finalizer went');
      same(seen, ['ADDED live', 'MODIFIED deleting', 'DELETED deleting'], 'watch events');
    },
  },
  {
    name: 'delete without finalizers removes at once; the watch sees DELETED',
    async run(port) {
      const seen: string[] = [];
      port.watch('PodENI', (type) => seen.push(type));
      await port.create('PodENI', podEni('a'));
      const deleted = await port.delete('PodENI', { namespace: 'default', name: 'a' });
      assert(deleted.ok, 'delete succeeds');
      same(port.peek('PodENI', { namespace: 'default', name: 'a' }), undefined, 'after delete');
      same(seen, ['ADDED', 'DELETED'], 'watch events');
    },
  },
  {
    name: 'lists in key order with namespace and label filters',
    async run(port) {
      for (const [name, node] of [['c', 'n1'], ['a', 'n2'], ['b', 'n1']] as const) {
        await port.create('PodENI', podEni(name, node));
      }
      same((await port.list('PodENI')).map((item) => item.metadata.name), ['a', 'b', 'c'],
        'list order');
      same(port.peekList('PodENI', { labels: { 'k8s.aliyun.com/node': 'n1' } })
        .map((item) => item.metadata.name), ['b', 'c'], 'a label-filtered list');
      same(port.peekList('PodENI', { namespace: 'other' }), [], 'another namespace');
    },
  },
  {
    name: 'resourceVersions grow with every write a watcher sees; a stopped watch sees nothing',
    async run(port) {
      const versions: number[] = [];
      const stop = port.watch('PodENI', (_type, object) =>
        versions.push(Number(object.metadata.resourceVersion)));
      const made = await port.create('PodENI', podEni('a'));
      assert(made.ok, 'create succeeds');
      await port.update('PodENI', { ...made.value, status: { ...made.value.status,
        phase: 'Bind' } });
      await port.delete('PodENI', { namespace: 'default', name: 'a' });
      stop();
      await port.create('PodENI', podEni('b'));
      same(versions.length, 3, 'events seen before the watch stopped');
      assert(versions.every((version, index) => index === 0 || version > versions[index - 1]!),
        () => `resourceVersions do not grow: ${versions.join(', ')}`);
    },
  },
];
