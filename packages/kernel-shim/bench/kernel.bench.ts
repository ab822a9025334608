// Kernel model checkpoints: 5,000 namespaces (a workload each, built with plain kernel requests,
// no Terway datapath), 1% of them changed between checkpoints. The model's checkpoint (frozen
// records in a persistent vector, unchanged namespaces shared) against the design card's choice,
// immer (`produce` over an object of the same records, auto-frozen): µs per checkpoint and the
// heap that 10 checkpoints keep alive. Both capture the same changed namespaces the same way, so
// the rows compare the containers and their freezing.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { produce } from 'immer';
import { Rng } from '@terway-sim/sim-base';
import { namespaceRecord, type NamespaceCheckpoint } from '../src/model/checkpoint.js';
import { ModelKernel } from '../src/model/model-kernel.js';
import type { KernelResult } from '../src/netlink/errors.js';
import { formatNumber, timeMs, type Bench, type BenchResult } from '../../../bench/harness.js';

const namespaceCount = 5_000;
const changedPerRound = namespaceCount / 100;
const rounds = 10;

function must<T>(result: KernelResult<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A workload namespace: loopback, a veth to a peer in the same namespace, an address, routes. */
async function buildWorkload(kernel: ModelKernel, n: number): Promise<void> {
  const ns = `ns${n}`;
  must(await kernel.netnsAdd(ns));
  must(await kernel.linkSetUp(ns, 'lo'));
  const veth = must(await kernel.linkAdd(ns, { kind: 'veth', name: 'eth0', peer: { name: 'gw0' } }));
  must(await kernel.linkSetUp(ns, 'eth0'));
  must(await kernel.linkSetUp(ns, 'gw0'));
  must(await kernel.addrAdd(ns, { linkIndex: veth.index, cidr: `10.${n >> 8}.${n & 255}.2/24` }));
  must(await kernel.routeAdd(ns, { dst: 'default', gateway: `10.${n >> 8}.${n & 255}.1`, oif: veth.index }));
  must(await kernel.ruleAdd(ns, { priority: 512, src: `10.${n >> 8}.${n & 255}.2/32`, table: 100 }));
}

async function buildKernel(): Promise<ModelKernel> {
  const kernel = new ModelKernel({ rng: new Rng(1) });
  for (let n = 0; n < namespaceCount; n++) await buildWorkload(kernel, n);
  return kernel;
}

/** Changes 1% of the namespaces (an extra route each); returns their names. */
async function changeSome(kernel: ModelKernel, round: number): Promise<string[]> {
  const stream = new Rng(`round ${round}`).stream('bench.pick');
  const names = [...new Set(Array.from({ length: changedPerRound }, () => `ns${stream.int(namespaceCount)}`))];
  for (const name of names) {
    must(await kernel.routeAdd(name, { dst: `172.${round}.0.0/16`, oif: 2, scope: 'link' }));
  }
  return names;
}

type ImmerCheckpoint = Readonly<Record<string, NamespaceCheckpoint>>;

function immerCheckpoint(kernel: ModelKernel, previous: ImmerCheckpoint, names: readonly string[]): ImmerCheckpoint {
  return produce(previous, (draft) => {
    for (const name of names) draft[name] = namespaceRecord(kernel.namespaces.get(name)!) as never;
  });
}

const collect: () => void = (() => {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
})();

function heapKb(): number {
  collect();
  collect();
  return process.memoryUsage().heapUsed / 1024;
}

interface Measured { readonly microsPerCheckpoint: number; readonly retainedKb: number }

async function measureModel(): Promise<Measured> {
  const kernel = await buildKernel();
  kernel.checkpoint();
  const before = heapKb();
  const kept: unknown[] = [];
  let spent = 0;
  for (let round = 0; round < rounds; round++) {
    await changeSome(kernel, round);
    spent += await timeMs(() => { kept.push(kernel.checkpoint()); });
  }
  const retainedKb = heapKb() - before;
  if (kept.length !== rounds) throw new Error('lost a checkpoint');
  return { microsPerCheckpoint: (spent * 1000) / rounds, retainedKb };
}

async function measureImmer(): Promise<Measured> {
  const kernel = await buildKernel();
  let state = immerCheckpoint(kernel, {}, [...kernel.namespaces.keys()]);
  const before = heapKb();
  const kept: unknown[] = [];
  let spent = 0;
  for (let round = 0; round < rounds; round++) {
    const names = await changeSome(kernel, round);
    spent += await timeMs(() => {
      state = immerCheckpoint(kernel, state, names);
      kept.push(state);
    });
  }
  const retainedKb = heapKb() - before;
  if (kept.length !== rounds) throw new Error('lost a checkpoint');
  return { microsPerCheckpoint: (spent * 1000) / rounds, retainedKb };
}

export const benches: Bench[] = [{
  name: 'kernel-shim: checkpoints',
  async run() {
    await measureModel(); // warm-up: let the JIT settle
    const model = await measureModel();
    const immer = await measureImmer();
    const setup = `${formatNumber(namespaceCount)} namespaces, ${changedPerRound} changed per checkpoint`;
    const results: BenchResult[] = [
      { name: 'model checkpoint (persistent vector)', value: model.microsPerCheckpoint, unit: 'µs/checkpoint', note: setup },
      { name: 'immer checkpoint (produce)', value: immer.microsPerCheckpoint, unit: 'µs/checkpoint', note: setup },
      { name: 'model: heap kept by 10 checkpoints', value: model.retainedKb, unit: 'KiB', note: 'after the first, full checkpoint' },
      { name: 'immer: heap kept by 10 checkpoints', value: immer.retainedKb, unit: 'KiB', note: 'after the first, full checkpoint' },
    ];
    const ratio = immer.microsPerCheckpoint / model.microsPerCheckpoint;
    results.push({
      name: 'model checkpoint speed-up over immer', value: ratio, unit: '×', target: '≥ 1×', met: ratio >= 1,
      note: `heap ${formatNumber(model.retainedKb)} KiB vs ${formatNumber(immer.retainedKb)} KiB`,
    });
    return results;
  },
}];
