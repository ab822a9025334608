// Lint rules that keep the simulation deterministic. Only packages/sim-base may read the wall
// clock, arm timers or draw unseeded randomness; everything else takes time from the sim clock and
// randomness from named seeded streams (ARCHITECTURE.md, "Time, randomness and identity").
import tseslint from 'typescript-eslint';

const nondeterminism = 'breaks determinism: take time from the sim-base clock and randomness ' +
  'from a named sim-base stream';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'reports/**', '**/*.d.ts', 'packages/*/dist/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Lines a reader sees whole. Messages, test titles and patterns stay unsplit: they are what
    // people grep for.
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      'max-len': ['error', { code: 100, ignoreUrls: true, ignoreStrings: true,
        ignoreTemplateLiterals: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    // Functions a reader can hold in view; tests' describe blocks are tables of cases, not logic.
    files: ['packages/*/src/**/*.ts', 'packages/*/bench/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 70, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // A promise nobody awaits loses its failure and its place in virtual time's order.
    files: ['packages/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/sim-base/src/**'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: `Date.now ${nondeterminism}` },
        { object: 'Math', property: 'random', message: `Math.random ${nondeterminism}` },
        { object: 'performance', property: 'now', message: `performance.now ${nondeterminism}` },
        { object: 'crypto', property: 'randomUUID', message: `crypto.randomUUID ${nondeterminism}` },
        { object: 'crypto', property: 'randomBytes', message: `crypto.randomBytes ${nondeterminism}` },
      ],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: `a real timer ${nondeterminism}` },
        { name: 'setInterval', message: `a real timer ${nondeterminism}` },
        { name: 'setImmediate', message: `a real timer ${nondeterminism}` },
        { name: 'performance', message: `performance ${nondeterminism}` },
      ],
      'no-restricted-syntax': ['error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `new Date() ${nondeterminism}` },
        { selector: "ImportSpecifier[imported.name=/^(randomUUID|randomBytes|randomInt)$/]", message: `an unseeded random id ${nondeterminism}` },
        { selector: "ImportDeclaration[source.value=/^(node:)?timers/]", message: `a real timer ${nondeterminism}` },
      ],
    },
  },
);
