// `terway-sim schema`: prints the JSON Schema of scenario files, for editors (e.g. the
// `yaml.schemas` setting of VS Code's YAML extension).

import { scenarioJsonSchema } from '../../scenario/schema/index.js';
import { exitOk, type Command } from '../command.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of scenario files (for editors)',
  options: {},
  details: 'Example: npx terway-sim schema > scenario.schema.json',
  run(_args, io) {
    io.out(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    return Promise.resolve(exitOk);
  },
};
