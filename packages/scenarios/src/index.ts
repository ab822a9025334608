// scenarios: the scenario DSL, the runner, the expectations, the reports and the CLI.
export { main } from './cli/main.js';
