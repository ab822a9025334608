// --help text, generated from the command specs so it cannot drift from what is parsed.

import type { Command } from './command.js';

export function commandHelp(command: Command): string {
  const positionals = (command.positionals ?? []).join(' ');
  const lines = [`Usage: terway-sim ${command.name}${positionals ? ` ${positionals}` : ''} [options]`, '', command.summary, ''];
  const entries = Object.entries(command.options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.description + (spec.multiple ? ' (repeatable)' : '')] as const;
  });
  entries.push(['-h, --help', 'show this help']);
  const width = Math.max(...entries.map(([flag]) => flag.length));
  lines.push('Options:', ...entries.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`));
  if (command.details) lines.push('', command.details.trim());
  return `${lines.join('\n')}\n`;
}

export function mainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'terway-sim: a deterministic simulator of Terway (Alibaba Cloud CNI) on a fake Alibaba Cloud.',
    '',
    'Usage: terway-sim <command> [options]    terway-sim help <command>    terway-sim --version',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Exit codes: 0 success, 1 a check or assertion failed, 2 bad input.',
    'With --json a command prints one JSON document on stdout, errors included.',
    '',
  ].join('\n');
}
