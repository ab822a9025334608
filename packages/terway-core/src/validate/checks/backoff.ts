// backoff_override entries (pkg/backoff OverrideBackoff): the names are Terway's retry loops;
// durations are Go time.Duration, i.e. nanoseconds ("Duration": 2 is 2 ns, not 2 s); and Steps 0
// makes k8s wait.ExponentialBackoff give up before the first attempt.

import type { Check, Diagnostic } from '../diagnostic.js';
import { atKey } from '../locate.js';
import { defaultBackoffs } from '../../backoff/named.js';

/** Terway's named backoffs (pkg/backoff/backoff.go): the keys of the backoff table itself. */
export const backoffNames: readonly string[] = [...defaultBackoffs.keys()];

const durationFields = [['InitialDelay', 'initialDelayNs'], ['Duration', 'durationNs'], ['Cap',
  'capNs']] as const;

export const backoffCheck: Check = (context) => {
  const out: Diagnostic[] = [];
  for (const [name, entry] of Object.entries(context.config.backoffOverride).sort(([a], [
    b]) => a.localeCompare(b))) {
    if (!backoffNames.includes(name)) {
      out.push(atKey(context, 'backoff-unknown-key', ['backoff_override', name],
        `no Terway loop uses a backoff named "${name}"; known names: ` +
        `${backoffNames.filter((n) => n !== '').join(', ')}`));
      continue;
    }
    if (entry.steps <= 0) {
      out.push(atKey(context, 'backoff-steps-zero', ['backoff_override', name, 'Steps'],
        `Steps ${entry.steps}: the "${name}" loop gives up before its first attempt; an ` +
        `override replaces the whole entry, so set Steps (the built-in values are in ` +
        `Terway's pkg/backoff/backoff.go)`));
    }
    for (const [field, key] of durationFields) {
      const ns = entry[key];
      if (ns > 0 && ns < 1e6) {
        out.push(atKey(context, 'backoff-nanoseconds', ['backoff_override', name, field],
          `${field} ${ns} is ${ns} ns; backoff durations are nanoseconds, so write ${ns * 1e9} ` +
          `for ${ns} s`));
      }
    }
  }
  return out;
};
