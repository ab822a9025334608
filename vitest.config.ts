import { defineConfig } from 'vitest/config';

// One configuration runs every package's tests and the repository's own (tools/: the package
// boundary check). Real-kernel tests live beside the model's
// tests and skip themselves (with a reason) when the process is not root.
// The workspace packages resolve through their "@terway-sim/source" export condition to their
// TypeScript sources, so tests need no build and never run a stale dist/ (the other conditions
// are Vite's defaults for code that runs in Node).
const conditions = ['@terway-sim/source', 'module', 'node', 'development|production'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tools/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
