// Namespace names on the machine: every namespace the real backend creates is `<prefix><name>`,
// with a prefix unique to the run, so a crashed run's leftovers can be found and removed, and so
// nothing outside the run's own namespaces is ever touched. The fabric namespace (the VPC's
// stand-in) is `<prefix>_fabric`, a name no caller can choose.

export const runPrefixRoot = 'tsim';

export interface NamespaceNames {
  readonly prefix: string;
  real(logical: string): string;
  /** The caller's name for a real namespace (foreign names come back as they are). */
  logical(real: string): string;
  readonly fabric: string;
}

export function namespaceNames(prefix: string): NamespaceNames {
  return {
    prefix,
    real: (logical) => `${prefix}${logical}`,
    logical: (real) => (real.startsWith(prefix) ? real.slice(prefix.length) : real),
    fabric: '_fabric',
  };
}

let runCounter = 0;

/** A prefix unique to this process and call: `tsim<pid36>r<n>-`. */
export function newRunPrefix(): string {
  runCounter++;
  return `${runPrefixRoot}${process.pid.toString(36)}r${runCounter}-`;
}
