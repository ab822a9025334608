// Every registered command. Register only commands that work end to end.

import type { Command } from '../command.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { selfcheckCommand } from './selfcheck.js';
import { capacityCommand } from './capacity.js';
import { validateCommand } from './validate.js';
import { serveCommand } from './serve.js';
import { kernelCommand } from './kernel.js';
import { inspectCommand } from './inspect.js';
import { sweepCommand } from './sweep.js';
import { rehearseCommand } from './rehearse.js';

export const commands: readonly Command[] = [
  runCommand,
  selfcheckCommand,
  capacityCommand,
  validateCommand,
  serveCommand,
  inspectCommand,
  sweepCommand,
  rehearseCommand,
  kernelCommand,
  schemaCommand,
];
