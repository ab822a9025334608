// The files commands are given on the command line (validate's FILE and --node-config, capacity's
// --config, serve's --world), read as bad input must be: with the size limit and the regular-file
// check of input-file.ts, and refused in one line, exit 2, when YAML aliases would expand without
// bound (an alias bomb crashed validate and serve with a stack trace, issue 17).

import { readInputFile } from '../scenario/input-file.js';
import { printable } from '../scenario/printable.js';
import { aliasBombInText } from '../scenario/yaml-size.js';
import { UsageError } from './command.js';

/** The text of the file `flag` names (`FILE` for a positional), or a UsageError saying why not. */
export function readFlagFile(path: string, flag: string): string {
  const text = readInputFile(path);
  if (!text.ok) throw new UsageError(`${flag} ${printable(path)}: ${text.error}`);
  refuseAliasBomb(text.value, `${flag} ${printable(path)}`);
  return text.value;
}

/** Throws a UsageError when the YAML's aliases are a bomb (yaml-size.ts says how that is told). */
function refuseAliasBomb(text: string, where: string): void {
  const bomb = aliasBombInText(text);
  if (bomb !== undefined) throw new UsageError(`${where}: the YAML ${bomb.replace(/^the /, '')}`);
}
