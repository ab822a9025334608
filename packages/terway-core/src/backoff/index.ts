// Backoff arithmetic, the wait loops on virtual time, and Terway's named backoff table.
export {
  stepBackoff, jitterMs, backoffProblem, type Backoff, type ExtendedBackoff, type BackoffStep,
  type UniformSource,
} from './backoff.js';
export {
  exponentialBackoff, exponentialBackoffWithInitialDelay, waitTimeoutMessage, waitFailureMessage,
  type WaitFailure, type WaitDeps,
} from './wait.js';
export { pollUntilContextTimeout, type PollOptions } from './poll.js';
export {
  BackoffTable, backoffKeys, defaultBackoffs, backoffFromGoJson, backoffFromConfig,
  backoffOverridesFromConfig, type GoBackoffJson,
} from './named.js';
