// One entry point for per-node capacity in any mode (`terway-sim capacity`).
// When to use: capacity planning and the `pool above capacity` validation. Gotcha: fails only
// when the config has an idle-reclaim value Terway cannot parse (the daemon would not start).

import { ok, type Result } from '@terway-sim/sim-base';
import type { ConfigIssue } from '../config/config-issue.js';
import { populateTerwayConfig } from '../config/terway-config.js';
import { eniCapacity } from './eni-capacity.js';
import { eniipCapacity } from './eniip-capacity.js';
import { trunkCapacity } from './trunk-capacity.js';
import type { CapacityInput, NodeCapacity } from './types.js';
import { vpcCapacity } from './vpc-capacity.js';

export function nodeCapacity(input: CapacityInput): Result<NodeCapacity, ConfigIssue> {
  const config = input.config ?? populateTerwayConfig({});
  switch (input.mode) {
    case 'vpc': return ok(vpcCapacity(input));
    case 'eni': return eniCapacity(input, config);
    case 'eniip': return eniipCapacity(input, config);
    case 'trunk': return trunkCapacity(input, config);
  }
}
