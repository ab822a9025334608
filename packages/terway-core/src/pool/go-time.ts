// Go's time.Time String form ("2006-01-02 15:04:05.999999999 -0700 MST", fraction trimmed), for
// the texts Terway prints with it (the "alloc inhibit, expire at …" trace, status dumps). All
// instants are UTC here; Go's monotonic-clock suffix (" m=+…") is left out.

import { isoMillis } from '@terway-sim/sim-base';

export function goTimeString(unixMs: number): string {
  const iso = isoMillis(unixMs); // 2026-01-01T00:10:00.300Z
  const [date = '', rest = ''] = iso.split('T');
  const [clock = '', millis = '000'] = rest.replace('Z', '').split('.');
  const fraction = millis.replace(/0+$/, '');
  return `${date} ${clock}${fraction === '' ? '' : `.${fraction}`} +0000 UTC`;
}
