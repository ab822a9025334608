// Checkpoints of the kernel model: random request sequences with checkpoints at random points; a
// model restored from each checkpoint renders every iproute2 view and answers every `*List` call
// exactly as the original did at that point, and goes on as the original did (same MACs, same
// answers). A namespace unchanged since the previous checkpoint keeps its very record.
import fc from 'fast-check';
import { Rng } from '@terway-sim/sim-base';
import { describe, expect, it } from 'vitest';
import { applyOp, type Op } from '../src/conformance/ops.js';
import { listPicker, randomOp } from '../src/conformance/random-ops.js';
import { captureNamespace, type KernelCheckpoint } from '../src/model/checkpoint.js';
import { ModelKernel } from '../src/model/model-kernel.js';
import { filterParents, namespaceViews, viewCommand } from '../src/render/views.js';

const namespaces = ['a', 'b'];

/** What the model answers about every namespace: snapshots, `*List` calls, iproute2 texts. */
async function observeAll(kernel: ModelKernel): Promise<unknown> {
  const seen: Record<string, unknown> = {};
  const listed = await kernel.netnsList();
  for (const ns of listed.ok ? listed.value : []) {
    const snapshot = await kernel.snapshot(ns);
    if (!snapshot.ok) continue;
    const views = namespaceViews(snapshot.value);
    const texts = await kernel.iproute2(ns, views);
    const filters = await Promise.all(filterParents(snapshot.value).map(async ({ dev, parent }) => {
      const link = snapshot.value.links.find((candidate) => candidate.name === dev);
      return kernel.filterList(ns, { linkIndex: link?.index ?? 0, parent });
    }));
    const shown = texts.ok
      ? Object.fromEntries(views.map((view, at) => [viewCommand(view), texts.value[at]]))
      : texts;
    seen[ns] = {
      snapshot: snapshot.value, texts: shown,
      links: await kernel.linkList(ns), addrs: await kernel.addrList(ns),
      routes: await kernel.routeList(ns, { table: 'all' }),
      rules4: await kernel.ruleList(ns, 4), rules6: await kernel.ruleList(ns, 6),
      neighs: await kernel.neighList(ns), qdiscs: await kernel.qdiscList(ns), filters,
    };
  }
  return seen;
}

/** Requests beyond the conformance universe: ENIs come and go, namespaces go and come back. */
const eth9 = { name: 'eth9', mac: '00:16:3e:00:00:09', segment: 'vsw-1' };
const eth8 = { name: 'eth8', mac: '00:16:3e:00:00:08', segment: 'vsw-1' };
const extraOps: readonly Op[] = [
  { op: 'deviceAttach', ns: 'a', spec: eth9 },
  { op: 'deviceAttach', ns: 'b', spec: eth8 },
  { op: 'linkSetNetns', ns: 'a', link: 'eth9', target: 'b' },
  { op: 'linkSetUp', ns: 'b', link: 'eth9' },
  { op: 'deviceDetach', mac: '00:16:3e:00:00:09' },
  { op: 'netnsDel', ns: 'b' },
  { op: 'netnsAdd', ns: 'b' },
];

const step = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 8 })
      .map((choices) => randomOp(listPicker(choices))),
  },
  { weight: 1, arbitrary: fc.constantFrom(...extraOps) },
);
const plan = fc.array(fc.tuple(step, fc.boolean()), { minLength: 1, maxLength: 30 });

async function fresh(seed: number): Promise<ModelKernel> {
  const kernel = new ModelKernel({ rng: new Rng(seed) }, { renameRequiresDown: false });
  for (const ns of namespaces) await kernel.netnsAdd(ns);
  return kernel;
}

describe('ModelKernel checkpoints', () => {
  it('a restored model answers, renders and continues exactly as the original did', async () => {
    await fc.assert(fc.asyncProperty(plan, async (steps) => {
      const kernel = await fresh(3);
      const taken: Array<{ checkpoint: KernelCheckpoint; seen: unknown; at: number }> = [];
      for (const [at, [op, checkpointAfter]] of steps.entries()) {
        await applyOp(kernel, op);
        if (!checkpointAfter) continue;
        const checkpoint = kernel.checkpoint();
        // Every namespace's record, reused or not, equals what a fresh capture gives now.
        for (const ns of kernel.namespaces.values()) {
          expect(checkpoint.namespaces.get(ns.slot)).toEqual(captureNamespace(ns));
        }
        taken.push({ checkpoint, seen: await observeAll(kernel), at });
      }
      const final = await observeAll(kernel);
      for (const { checkpoint, seen, at } of taken) {
        const restored = ModelKernel.restore(checkpoint, { rng: new Rng(3) });
        expect(await observeAll(restored)).toEqual(seen);
        for (const [op] of steps.slice(at + 1)) await applyOp(restored, op);
        expect(await observeAll(restored)).toEqual(final);
      }
    }), { numRuns: 120 });
  });

  it('shares the record of every namespace unchanged since the previous checkpoint', async () => {
    const kernel = new ModelKernel();
    for (let n = 0; n < 50; n++) {
      await kernel.netnsAdd(`ns${n}`);
      await kernel.linkAdd(`ns${n}`, { kind: 'veth', name: 'v0', peer: { name: 'v1' } });
    }
    const first = kernel.checkpoint();
    await kernel.linkSetUp('ns7', 'v0');
    const peer = { name: 'x1', namespace: 'ns11' };
    await kernel.linkAdd('ns9', { kind: 'veth', name: 'x0', peer });
    const second = kernel.checkpoint();
    const changed = [...kernel.namespaces.values()].filter((ns) => (
      first.namespaces.get(ns.slot) !== second.namespaces.get(ns.slot)));
    expect(changed.map((ns) => ns.name).sort()).toEqual(['ns11', 'ns7', 'ns9']);
    expect(Object.isFrozen(second.namespaces.get(kernel.namespaces.get('ns7')!.slot))).toBe(true);
  });

  it('refuses a MAC stream already past the checkpoint (it would draw other MACs)', async () => {
    const kernel = await fresh(5);
    const checkpoint = kernel.checkpoint();
    const rng = new Rng(5);
    rng.stream('kernel.mac').float();
    expect(() => ModelKernel.restore(checkpoint, { rng })).toThrow(/kernel.mac stream has drawn 1/);
  });
});
