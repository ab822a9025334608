#!/usr/bin/env node
// The terway-sim command: the CLI's main() on the built JavaScript of an installed package, or
// on the TypeScript sources in the repository, where nothing needs a build (entry.js).
import { importEntry } from './entry.js';

const { main } = await importEntry('cli/main');
process.exitCode = await main(process.argv.slice(2));
