// The properties the project's own CI runs with the kit, shared by the test that runs them with
// every mutation off (they must pass) and the test that turns each mutation on (one of them must
// fail, with a short replay). Budgets keep the whole kit under five minutes on two cores.

import { scenarioArbitrary, type CheckScenariosOptions } from '../../src/testing/index.js';

export interface CiProperty {
  readonly name: string;
  readonly options: CheckScenariosOptions;
}

/** Any fault, any mode: the invariants and, where sound, noLeaks / allPodsReady. */
export const anyFaults: CiProperty = {
  name: 'any-faults',
  options: { arbitrary: scenarioArbitrary(), runs: 30, name: 'any-faults', shrinkRunsMax: 60 },
};

/** Scenarios that heal: every pod that fits must become Ready once the faults stop. */
export const healing: CiProperty = {
  name: 'healing',
  options: {
    arbitrary: scenarioArbitrary({ healing: true }), runs: 30, name: 'healing', shrinkRunsMax: 60,
  },
};

export const ciProperties: readonly CiProperty[] = [anyFaults, healing];
