// CNI results and errors as the plugin prints them (containernetworking/cni types and skel).
// Terway reports every ADD/DEL failure as code 11 (`ErrTryAgainLater`) with the msg "failed to do
// add"/"failed to do del" and the cause in `details`; bad JSON or CNI_ARGS are code 6
// (`ErrDecodingFailure`); an unsupported cniVersion is code 1; a missing CNI_* variable code 4;
// any other error the plugin returns bare (a missing netns, every CHECK failure) is wrapped by
// skel as code 999 (`ErrInternal`) with the error text as msg.
//
// A caller (the container runtime's side, in the world package) branches on `kind`, the name of
// the code, and shows `message`, the text libcni's Error() gives a runtime (msg, then `; details`).

export const cniErrorCode = {
  incompatibleVersion: 1,
  invalidEnvironmentVariables: 4,
  decodingFailure: 6,
  tryAgainLater: 11,
  internal: 999,
} as const;

/** The name of a CNI error code (`tryAgainLater` = 11, …). */
export type CniErrorKind = keyof typeof cniErrorCode;

export interface CniError {
  readonly kind: CniErrorKind;
  readonly cniVersion: string;
  /** `cniErrorCode[kind]`, as the plugin prints it. */
  readonly code: number;
  readonly msg: string;
  readonly details?: string;
  /** For humans: msg, then `; details` when there are any (libcni types.Error.Error()). */
  readonly message: string;
}

export interface CniInterface {
  readonly name: string;
  /** Terway puts the infra container id here, not the netns path (a Terway quirk, kept). */
  readonly sandbox: string;
}

export interface CniIpConfig {
  /** Pod IP with the vSwitch prefix length, e.g. `10.0.1.20/24`. */
  readonly address: string;
  readonly gateway: string;
  readonly interface: number;
  /** Only in 0.3.x/0.4.0 results. */
  readonly version?: '4' | '6';
}

/** The ADD result, already converted to the config's cniVersion. */
export interface CniAddResult {
  readonly cniVersion: string;
  readonly interfaces: readonly CniInterface[];
  readonly ips: readonly CniIpConfig[];
  /** Always printed (an empty struct), as Go's encoder does. */
  readonly dns: Record<string, never>;
}

/** DEL prints an empty result of the config's version. */
export interface CniDelResult {
  readonly cniVersion: string;
  readonly dns: Record<string, never>;
}

export type CniOutcome<T> = { readonly ok: true; readonly value: T } | {
  readonly ok: false; readonly error: CniError
};

export const supportedCniVersions: readonly string[] = ['0.3.0', '0.3.1', '0.4.0', '1.0.0'];

export function cniError(cniVersion: string, kind: CniErrorKind, msg: string, details?: string): {
  ok: false; error: CniError
} {
  const detailed = details !== undefined && details !== '';
  return {
    ok: false,
    error: {
      kind, cniVersion, code: cniErrorCode[kind], msg, ...(detailed ? { details } : {}),
      message: detailed ? `${msg}; ${details}` : msg,
    },
  };
}

/** Builds the ADD result for `cniVersion` (0.3.x/0.4.0 results carry `version` on each IP). */
export function addResult(
  cniVersion: string, iface: CniInterface, ips: ReadonlyArray<{ address: string; gateway: string }>,
): CniAddResult {
  const legacy = cniVersion !== '1.0.0';
  return {
    cniVersion,
    interfaces: [iface],
    ips: ips.map((ip) => ({
      ...(legacy ? { version: ip.address.includes(':') ? '6' as const : '4' as const } : {}),
      address: ip.address, gateway: ip.gateway, interface: 0,
    })),
    dns: {},
  };
}
