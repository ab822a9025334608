// The shape every terway-sim command has. Commands write through `Io` (not process.stdout) so
// tests can run them in-process, and they return their exit code instead of calling exit:
//   0 success, 1 a check or assertion failed, 2 bad input (README.md, "The command line").

import { quoted } from '../scenario/printable.js';

export const exitOk = 0;
export const exitCheckFailed = 1;
export const exitBadInput = 2;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (progress bars, colours). */
  readonly interactive: boolean;
}

export type OptionSpec = {
  readonly type: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly short?: string;
  /** Shown as `--name VALUE  description` in --help. */
  readonly value?: string;
  readonly description: string;
};

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Positional arguments, as shown in the usage line (e.g. `FILE`). */
  readonly positionals?: readonly string[];
  /** The last positional may repeat (`merge DIR…`): at least the others must be given. */
  readonly variadic?: boolean;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /**
   * The command parses its own arguments (`args.positionals` is the raw argv after the command
   * name): for commands whose trailing arguments belong to another tool (`inspect … kubectl get
   * pods -o wide`). `options` then only documents them for --help.
   */
  readonly rawArgs?: boolean;
  /** Extra help text after the options: examples, exit codes, output shape. */
  readonly details?: string;
  run(args: ParsedArgs, io: Io): Promise<number>;
}

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
}

/** One problem of a bad input, where it is known: shown as `FILE:LINE:COL: path: message`. */
export interface Problem {
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly path?: string | undefined;
  readonly message: string;
}

/**
 * Bad input: the message names the file, key or flag and says what is expected. Exit 2. With
 * `problems`, a person sees one line per problem and `--json` gets them as a list.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(message: string, readonly problems: readonly Problem[] = []) {
    super(message);
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' ? [value] : [];
}

export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** Parses an integer flag, or throws a UsageError naming the flag. */
export function intOption(
  args: ParsedArgs,
  name: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  const min = range.min ?? Number.MIN_SAFE_INTEGER;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!/^-?\d{1,16}$/.test(text) || value < min || value > max) {
    throw new UsageError(`--${name} ${quoted(text)}: expected an integer from ${min} to ${max}`);
  }
  return value;
}
