#!/usr/bin/env node
// The terway-sim command. The sources are TypeScript; tsx compiles them on load so that a fresh
// `npm ci` is all a machine needs before `npx terway-sim`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
