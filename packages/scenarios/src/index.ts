// scenarios: the scenario DSL, the cluster model, the runner, invariants, reports and the CLI.
export { main } from './cli/main.js';
