import { Scheduler } from '@terway-sim/sim-base';
import { describe, it } from 'vitest';
import { FakeCrd, crdPortContract } from '../../src/testing/index.js';

describe('FakeCrd keeps the CrdPort contract the simulated API server keeps', () => {
  for (const contract of crdPortContract) {
    it(contract.name, () => contract.run(new FakeCrd(new Scheduler())));
  }
});
