// A module resolution hook for running the command from the repository's TypeScript sources:
// it adds the "@terway-sim/source" condition, under which every workspace package's `exports`
// name its src/ entry instead of the dist/ build (the flag `node --conditions` gives the same,
// but a bin cannot pass flags to the Node that runs it). Registered by entry.js only when
// the sources are present; an installed package never loads it.
const condition = '@terway-sim/source';

export async function resolve(specifier, context, nextResolve) {
  if (context.conditions.includes(condition)) return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, condition] });
}
