// Every registered command. Register only commands that work end to end.

import type { Command } from '../command.js';
import { selfcheckCommand } from './selfcheck.js';
import { capacityCommand } from './capacity.js';
import { validateCommand } from './validate.js';
import { serveCommand } from './serve.js';

export const commands: readonly Command[] = [selfcheckCommand, capacityCommand, validateCommand, serveCommand];
