// Kernel model checkpoints: 5,000 namespaces (a workload each, built with plain kernel requests,
// no Terway datapath), 1% of them changed between checkpoints. The model's checkpoint (frozen
// records in a persistent vector, unchanged namespaces shared) against the choice issue 11 names,
// immer (`produce` over an object of the same records, auto-frozen): µs per checkpoint and the
// heap that 10 checkpoints keep alive. Both capture the same changed namespaces the same way, so
// the rows compare the containers and their freezing.
import { produce } from 'immer';
import { Rng } from '@terway-sim/sim-base';
import { namespaceRecord, type NamespaceCheckpoint } from '../src/model/checkpoint.js';
import { ModelKernel } from '../src/model/model-kernel.js';
import type { KernelResult } from '../src/netlink/errors.js';
import {
  formatNumber, heapUsedKb, timeMs, type Bench, type BenchResult,
} from '../../../bench/harness.js';

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
  const subnet = `10.${n >> 8}.${n & 255}`;
  must(await kernel.netnsAdd(ns));
  must(await kernel.linkSetUp(ns, 'lo'));
  const pair = { kind: 'veth', name: 'eth0', peer: { name: 'gw0' } } as const;
  const veth = must(await kernel.linkAdd(ns, pair));
  must(await kernel.linkSetUp(ns, 'eth0'));
  must(await kernel.linkSetUp(ns, 'gw0'));
  must(await kernel.addrAdd(ns, { linkIndex: veth.index, cidr: `${subnet}.2/24` }));
  must(await kernel.routeAdd(ns, { dst: 'default', gateway: `${subnet}.1`, oif: veth.index }));
  must(await kernel.ruleAdd(ns, { priority: 512, src: `${subnet}.2/32`, table: 100 }));
}

async function buildKernel(): Promise<ModelKernel> {
  const kernel = new ModelKernel({ rng: new Rng(1) });
  for (let n = 0; n < namespaceCount; n++) await buildWorkload(kernel, n);
  return kernel;
}

/** Changes 1% of the namespaces (an extra route each); returns their names. */
async function changeSome(kernel: ModelKernel, round: number): Promise<string[]> {
  const stream = new Rng(`round ${round}`).stream('bench.pick');
  const picked = Array.from({ length: changedPerRound }, () => `ns${stream.int(namespaceCount)}`);
  const names = [...new Set(picked)];
  for (const name of names) {
    must(await kernel.routeAdd(name, { dst: `172.${round}.0.0/16`, oif: 2, scope: 'link' }));
  }
  return names;
}

type ImmerCheckpoint = Readonly<Record<string, NamespaceCheckpoint>>;

function immerCheckpoint(
  kernel: ModelKernel, previous: ImmerCheckpoint, names: readonly string[],
): ImmerCheckpoint {
  return produce(previous, (draft) => {
    for (const name of names) {
      draft[name] = namespaceRecord(kernel.namespaces.get(name)!) as never;
    }
  });
}

interface Measured { readonly microsPerCheckpoint: number; readonly retainedKb: number }

/** How one structure checkpoints: the first, full checkpoint, then one after a round's changes. */
interface Checkpointer {
  first(kernel: ModelKernel): void;
  next(kernel: ModelKernel, changed: readonly string[]): unknown;
}

const modelCheckpointer: Checkpointer = {
  first: (kernel) => { kernel.checkpoint(); },
  next: (kernel) => kernel.checkpoint(),
};

function immerCheckpointer(): Checkpointer {
  let state: ImmerCheckpoint = {};
  return {
    first: (kernel) => { state = immerCheckpoint(kernel, state, [...kernel.namespaces.keys()]); },
    next: (kernel, changed) => (state = immerCheckpoint(kernel, state, changed)),
  };
}

/** Time per checkpoint and the heap that `rounds` checkpoints keep, after a full first one. */
async function measure(checkpointer: Checkpointer): Promise<Measured> {
  const kernel = await buildKernel();
  checkpointer.first(kernel);
  const before = heapUsedKb();
  const kept: unknown[] = [];
  let spent = 0;
  for (let round = 0; round < rounds; round++) {
    const changed = await changeSome(kernel, round);
    spent += await timeMs(() => { kept.push(checkpointer.next(kernel, changed)); });
  }
  const retainedKb = heapUsedKb() - before;
  if (kept.length !== rounds) throw new Error('lost a checkpoint');
  return { microsPerCheckpoint: (spent * 1000) / rounds, retainedKb };
}

export const benches: Bench[] = [{
  name: 'kernel-shim: checkpoints',
  async run() {
    await measure(modelCheckpointer); // warm-up: let the JIT settle
    const model = await measure(modelCheckpointer);
    const immer = await measure(immerCheckpointer());
    const setup = `${formatNumber(namespaceCount)} namespaces, ${changedPerRound} changed each`;
    const perCheckpoint = 'µs/checkpoint';
    const afterFirst = 'after the first, full checkpoint';
    const results: BenchResult[] = [
      {
        name: 'model checkpoint (persistent vector)', value: model.microsPerCheckpoint,
        unit: perCheckpoint, note: setup,
      },
      {
        name: 'immer checkpoint (produce)', value: immer.microsPerCheckpoint,
        unit: perCheckpoint, note: setup,
      },
      {
        name: 'model: heap kept by 10 checkpoints', value: model.retainedKb, unit: 'KiB',
        note: afterFirst,
      },
      {
        name: 'immer: heap kept by 10 checkpoints', value: immer.retainedKb, unit: 'KiB',
        note: afterFirst,
      },
    ];
    const ratio = immer.microsPerCheckpoint / model.microsPerCheckpoint;
    results.push({
      name: 'model checkpoint speed-up over immer', value: ratio, unit: '×',
      target: '≥ 1×', met: ratio >= 1,
      note: `heap ${formatNumber(model.retainedKb)} KiB vs ${formatNumber(immer.retainedKb)} KiB`,
    });
    return results;
  },
}];
