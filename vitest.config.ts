import { defineConfig } from 'vitest/config';

// One configuration runs every package's tests and the repository's own (tools/: the package
// boundary check). Real-kernel tests live beside the model's
// tests and skip themselves (with a reason) when the process is not root.
export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tools/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
