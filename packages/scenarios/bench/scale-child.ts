// Runs one scenario in its own process and prints what the scale bench measures, as JSON: wall
// time, peak resident memory, simulated time, and the run's own figures. A separate process, so
// the peak memory is the scenario's alone.
import { loadScenarioFile } from '../src/scenario/load.js';
import { runScenario } from '../src/run/runner.js';

const file = process.argv[2]!;
const loaded = loadScenarioFile(file);
if (!loaded.ok) throw new Error(loaded.error.map((problem) => problem.message).join('\n'));
const started = performance.now();
const outcome = await runScenario(loaded.value, {});
const wallMs = performance.now() - started;
if (!outcome.ok) throw new Error(outcome.error.join('\n'));
const report = outcome.value.report;
console.log(
  JSON.stringify({
    wallMs,
    maxRssKb: process.resourceUsage().maxRSS,
    simulatedMs: report.simulatedMs,
    podsCreated: report.summary.podsCreated,
    readyAtEnd: report.summary.podsReadyAtEnd,
    apiCalls: report.summary.apiCalls,
    events: Object.values(report.eventKinds).reduce((sum, count) => sum + count, 0),
    failed: report.assertions
      .filter((assertion) => !assertion.ok)
      .map((assertion) => assertion.name),
  }),
);
