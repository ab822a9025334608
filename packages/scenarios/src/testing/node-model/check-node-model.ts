// The runner of the model-based node test: fast-check generates command sequences, each runs on
// a fresh node (`NodeRig`) from an empty model, and a failing sequence is shrunk to the shortest
// one that still fails. The result names the commands, the findings and the fast-check seed and
// path that replay the search.
//
// When to use: `await checkNodeModel({ mode: 'eniip', runs: 15 })` in a test (one per mode). The
// scenario-level properties (property/check-scenarios.ts) cover whole clusters; this one goes
// command by command on one node, so a failure points at the command that broke the model.
// Gotcha: every run builds a node and starts Terway (about 0.1 s of CPU); keep `runs` modest.

import fc from 'fast-check';
import { nodeCommands, type NodeCommandOptions } from './commands.js';
import { emptyModel } from './node-model.js';
import { NodeRig, type NodeRigOptions } from './node-rig.js';
import { kitSeed } from '../property/kit-seed.js';

export interface CheckNodeModelOptions extends NodeCommandOptions {
  readonly runs?: number;
  /** fast-check seed (default TERWAY_SIM_KIT_SEED or fixed) and replay path. */
  readonly seed?: number;
  readonly path?: string;
  /** Node runs spent shrinking at most (default 400: a node run is cheap). */
  readonly shrinkRunsMax?: number;
  readonly instanceType?: NodeRigOptions['instanceType'];
  readonly eniConf?: NodeRigOptions['eniConf'];
  readonly mutations?: NodeRigOptions['mutations'];
}

export type NodeModelCheck =
  | { readonly ok: true; readonly runs: number }
  | { readonly ok: false; readonly commands: string; readonly commandCount: number;
    readonly message: string };

export async function checkNodeModel(options: CheckNodeModelOptions): Promise<NodeModelCheck> {
  const seed = kitSeed(options.seed);
  const shrinkRunsMax = options.shrinkRunsMax ?? 400;
  let failed = false;
  let shrinkRuns = 0;
  let lastError = '';
  const rigSeeds = fc.noShrink(fc.integer({ min: 1, max: 999_999 }));
  const property = fc.asyncProperty(rigSeeds, nodeCommands(options), async (rigSeed, commands) => {
    // Past the budget every candidate "passes": fast-check stops, keeping the last failure.
    if (failed && ++shrinkRuns > shrinkRunsMax) return true;
    const rig = await NodeRig.create({ mode: options.mode, seed: rigSeed,
      ...(options.instanceType === undefined ? {} : { instanceType: options.instanceType }),
      ...(options.eniConf === undefined ? {} : { eniConf: options.eniConf }),
      ...(options.mutations === undefined ? {} : { mutations: options.mutations }) });
    const model = emptyModel();
    model.quietSinceMs = rig.nowMs;
    try {
      await fc.asyncModelRun(() => ({ model, real: rig }), commands);
      return true;
    } catch (error) {
      failed = true;
      lastError = error instanceof Error ? error.message : String(error);
      return false;
    }
  });
  const path = options.path === undefined ? {} : { path: options.path };
  const details = await fc.check(property, { numRuns: options.runs ?? 15, seed, ...path });
  if (!details.failed) return { ok: true, runs: details.numRuns };
  if (details.counterexample === null) {
    const cause = String(details.errorInstance);
    throw new Error(`node model: fast-check failed without a counterexample: ${cause}`);
  }
  const [rigSeed, commands] = details.counterexample;
  // fast-check prints the commands that ran (one whose precondition failed was skipped).
  const ran = String(commands).replace(/\s*\/\*replayPath=.*\*\/\s*$/, '');
  const message = [
    `node model (${options.mode}) failed after ${details.numRuns} run(s), shrunk ` +
      `${details.numShrinks} time(s) (fast-check seed ${seed}, path ` +
      `"${details.counterexamplePath ?? ''}"; rig seed ${rigSeed})`,
    `commands: ${ran}`,
    lastError,
  ].join('\n');
  const commandCount = ran === '' ? 0 : ran.split(',').length;
  return { ok: false, commands: ran, commandCount, message };
}
