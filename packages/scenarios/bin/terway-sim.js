#!/usr/bin/env node
// The terway-sim command. An installed package runs its built JavaScript with plain Node. In
// the repository the sources are TypeScript and there may be no build: tsx compiles them on load
// and the workspace packages resolve through their "@terway-sim/source" export condition, so a
// fresh `npm ci` is all a machine needs before `npx terway-sim`.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);

async function loadMain() {
  if (!existsSync(source)) return (await import('../dist/cli/main.js')).main;
  const { register } = await import('node:module');
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  register(new URL('./source-condition.js', import.meta.url));
  return (await import(source.href)).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv.slice(2));
