// terway-sim's entry point: parses the command line, runs one command and turns its outcome into
// an exit code. Bad input never surfaces as a stack trace: a UsageError (or an argument the
// parser rejects) prints its message and exits 2.

import { parseArgs } from 'node:util';
import { exitBadInput, exitOk, UsageError, type Command, type Io, type ParsedArgs } from './command.js';
import { commands } from './commands/index.js';
import { commandHelp, mainHelp } from './help.js';

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  interactive: process.stdout.isTTY === true,
};

function parseCommandArgs(command: Command, argv: readonly string[]): ParsedArgs | 'help' {
  if (command.rawArgs === true) {
    return argv[0] === '--help' || argv[0] === '-h' ? 'help' : { positionals: argv, values: {} };
  }
  const options = Object.fromEntries(Object.entries(command.options).map(([name, spec]) => [name, {
    type: spec.type,
    ...(spec.multiple ? { multiple: true } : {}),
    ...(spec.short ? { short: spec.short } : {}),
  }]));
  try {
    const parsed = parseArgs({
      args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true, strict: true,
    });
    if (parsed.values.help === true) return 'help';
    const expected = command.positionals?.length ?? 0;
    if (parsed.positionals.length !== expected) {
      const want = expected === 0 ? 'no arguments' : command.positionals!.join(' ');
      throw new UsageError(`${command.name} takes ${want}; got ${parsed.positionals.length === 0 ? 'none' : parsed.positionals.join(' ')}`);
    }
    return { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp(commands));
    return name === undefined ? exitBadInput : exitOk;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.err(`terway-sim: unknown command ${JSON.stringify(name)}; commands: ${commands.map((c) => c.name).join(', ')}\n`);
    return exitBadInput;
  }
  try {
    const args = parseCommandArgs(command, rest);
    if (args === 'help') {
      io.out(commandHelp(command));
      return exitOk;
    }
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`terway-sim ${command.name}: ${error.message}\n`);
      return exitBadInput;
    }
    throw error;
  }
}
