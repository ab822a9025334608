// Every registered command. Register only commands that work end to end.

import type { Command } from '../command.js';
import { selfcheckCommand } from './selfcheck.js';

export const commands: readonly Command[] = [selfcheckCommand];
