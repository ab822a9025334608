// terway-sim's entry point: parses the command line, runs one command and turns its outcome into
// an exit code. Bad input never surfaces as a stack trace: a UsageError (or an argument the
// parser rejects) prints its message, or one line per problem, and exits 2; under `--json` the
// error is one JSON document on stdout instead (README.md, "The command line": `--json` prints one
// document and nothing else). An unknown command or flag gets the closest known ones.
//
// Also here: `--version`, `help COMMAND` (the same text as `COMMAND --help`), and the process's
// writer, which stops writing quietly when the reader of stdout goes away (`… | head`) and
// escapes every control character that could reach the terminal.

import { parseArgs } from 'node:util';
import { escapeControls, printable, quoted } from '../scenario/printable.js';
import { toolVersion } from '../version.js';
import {
  exitBadInput, exitOk, UsageError, type Command, type Io, type ParsedArgs, type Problem,
} from './command.js';
import { commands } from './commands/index.js';
import { commandHelp, mainHelp } from './help.js';

let pipeWatched = false;
const closed = { out: false, err: false };

/**
 * The real stdout and stderr. A write after the reader has gone fails with EPIPE, emitted as an
 * 'error' event that would crash the process; it only marks the stream closed, so the command
 * finishes (a run still writes its reports) and exits with its own code, saying nothing.
 */
export function processIo(): Io {
  if (!pipeWatched) {
    pipeWatched = true;
    process.stdout.on('error', () => { closed.out = true; });
    process.stderr.on('error', () => { closed.err = true; });
  }
  return {
    out: (text) => { if (!closed.out) process.stdout.write(escapeControls(text)); },
    err: (text) => { if (!closed.err) process.stderr.write(escapeControls(text)); },
    interactive: process.stdout.isTTY === true,
  };
}

/** Whether the arguments ask for `--json` (before a `--` that ends the options). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

async function parseCommandArgs(command: Command,
  argv: readonly string[]): Promise<ParsedArgs | 'help'> {
  if (command.rawArgs === true) {
    return argv[0] === '--help' || argv[0] === '-h' ? 'help' : { positionals: argv, values: {} };
  }
  const options = Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, {
    type: spec.type,
    ...(spec.multiple ? { multiple: true } : {}),
    ...(spec.short ? { short: spec.short } : {}),
  }]));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true, strict: true,
    });
  } catch (error) {
    throw new UsageError(await describeParseError(command, error as NodeJS.ErrnoException));
  }
  if (parsed.values.help === true) return 'help';
  const expected = command.positionals?.length ?? 0;
  const given = parsed.positionals.length;
  if (command.variadic === true ? given < expected - 1 : given !== expected) {
    const want = expected === 0 ? 'no arguments' : command.positionals!.join(' ');
    const got = parsed.positionals.length === 0 ? 'none' : parsed.positionals.map(quoted).join(' ');
    throw new UsageError(`${command.name} takes ${want}; got ${got}`);
  }
  return { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
}

/** node:util's parse errors, in this tool's words, with the closest option for a typo. */
async function describeParseError(command: Command, error: NodeJS.ErrnoException): Promise<string> {
  const flag = /Unknown option '([^']+)'/.exec(error.message)?.[1];
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || flag === undefined) return error.message;
  const names = [...Object.keys(command.options), 'help'].map((name) => `--${name}`);
  const close = await closest(flag, names);
  const hint = close.length > 0 ? `did you mean ${close.join(' or ')}? ` : '';
  return `unknown option ${quoted(flag)}; ${hint}${command.name} takes ${names.join(', ')}`;
}

/** Candidates within a small edit distance of `text`, closest first. */
async function closest(text: string, candidates: readonly string[]): Promise<string[]> {
  // Loaded only on this error path: terway-core takes a while to load.
  const { editDistance } = await import('@terway-sim/terway-core');
  const allowed = Math.max(1, Math.min(3, Math.floor(text.length / 3)));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(text, candidate) }))
    .filter(({ candidate, distance }) => distance <= allowed ||
      (text.length >= 3 && candidate.startsWith(text)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, 2)
    .map(({ candidate }) => candidate);
}

async function unknownCommand(name: string): Promise<UsageError> {
  const close = await closest(name, commands.map((command) => command.name));
  const hint = close.length > 0 ? `did you mean ${close.join(' or ')}? ` : '';
  return new UsageError(`unknown command ${quoted(name)}; ${hint}commands: ` +
    `${commands.map((command) => command.name).join(', ')} (terway-sim --help)`);
}

function problemLine(problem: Problem): string {
  const file = problem.file === undefined ? undefined : printable(problem.file);
  const where = file === undefined ? '' : problem.line === undefined ? `${file}: `
    : `${file}:${problem.line}:${problem.column ?? 1}: `;
  return `${where}${problem.path === undefined || problem.path === '' ? '' : `${problem.path}: `}` +
    problem.message;
}

/** Bad input, as one line per problem (or the message), or as one JSON document. */
function reportUsageError(io: Io, commandName: string | undefined, error: UsageError,
  json: boolean): number {
  if (json) {
    io.out(`${JSON.stringify({ ok: false, exitCode: exitBadInput, command: commandName ?? null,
      error: { message: error.message, problems: error.problems } })}\n`);
  } else if (error.problems.length > 0) {
    error.problems.forEach((problem) => io.err(`${problemLine(problem)}\n`));
  } else {
    io.err(`terway-sim${commandName === undefined ? '' : ` ${commandName}`}: ${error.message}\n`);
  }
  return exitBadInput;
}

/** `terway-sim`, `--help`, `help [COMMAND]` and `--version`; undefined for anything else. */
async function generalRequest(argv: readonly string[], io: Io): Promise<number | undefined> {
  const [name, topic] = argv;
  if (name === undefined) {
    io.out(mainHelp(commands));
    return exitBadInput;
  }
  if (name === '--version' || name === '-V') {
    io.out(wantsJson(argv) ? `${JSON.stringify({ name: 'terway-sim', version: toolVersion() })}\n`
      : `terway-sim ${toolVersion()}\n`);
    return exitOk;
  }
  if (name !== '--help' && name !== '-h' && name !== 'help') return undefined;
  if (topic === undefined || name !== 'help') {
    io.out(mainHelp(commands));
    return exitOk;
  }
  const command = commands.find((candidate) => candidate.name === topic);
  if (command === undefined) throw await unknownCommand(topic);
  io.out(commandHelp(command));
  return exitOk;
}

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const json = wantsJson(argv);
  const [name, ...rest] = argv;
  let command: Command | undefined;
  try {
    const general = await generalRequest(argv, io);
    if (general !== undefined) return general;
    command = commands.find((candidate) => candidate.name === name);
    if (command === undefined) throw await unknownCommand(name ?? '');
    const args = await parseCommandArgs(command, rest);
    if (args === 'help') {
      io.out(commandHelp(command));
      return exitOk;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(io, command?.name, error, json);
    throw error;
  }
}
