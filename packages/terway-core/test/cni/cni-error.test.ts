// A CNI error carries its code's name as `kind` (what a runtime branches on) and the text libcni's
// Error() gives a runtime as `message`: msg alone, or msg and details joined by "; ".

import { describe, expect, it } from 'vitest';
import { cniError, cniErrorCode, type CniErrorKind } from '../../src/cni/cni-error.js';

describe('cniError', () => {
  const cases: Array<{ kind: CniErrorKind; code: number; details?: string; message: string }> = [
    { kind: 'incompatibleVersion', code: 1, message: 'boom' },
    { kind: 'invalidEnvironmentVariables', code: 4, message: 'boom' },
    { kind: 'decodingFailure', code: 6, details: '', message: 'boom' },
    { kind: 'tryAgainLater', code: 11, details: 'why', message: 'boom; why' },
    { kind: 'internal', code: 999, details: 'why', message: 'boom; why' },
  ];
  it.each(cases)('$kind is code $code, shown as "$message"', ({ kind, code, details, message }) => {
    const { error } = cniError('1.0.0', kind, 'boom', details);
    expect(error).toMatchObject({ kind, code, msg: 'boom', message, cniVersion: '1.0.0' });
    expect(cniErrorCode[error.kind]).toBe(error.code);
    expect('details' in error).toBe(details !== undefined && details !== '');
  });
});
