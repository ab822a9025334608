// Terway's named backoff table (pkg/backoff/backoff.go) over apimachinery's backoff arithmetic
// and wait loops, which live in sim-base (shared with kube-sim's controllers).
export {
  BackoffTable, backoffKeys, defaultBackoffs, backoffFromGoJson, backoffFromConfig,
  backoffOverridesFromConfig, type GoBackoffJson,
} from './named.js';
