// Every scripted conformance case on the model: each step must answer what Linux answers (the
// `expect` recorded from Linux 6.x), and the model must never throw.
import { describe, expect, it } from 'vitest';
import { conformanceScripts } from '../src/conformance/cases.js';
import { runScript } from '../src/conformance/script.js';
import { ModelKernel } from '../src/model/model-kernel.js';

describe('model answers every scripted step as Linux does', () => {
  for (const script of conformanceScripts) {
    it(script.name, async () => {
      const run = await runScript(new ModelKernel({}, { renameRequiresDown: false }), script);
      expect(run.unexpected).toEqual([]);
      expect(run.observations).toHaveLength(script.steps.length);
    });
  }
});
