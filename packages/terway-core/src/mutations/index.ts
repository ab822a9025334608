// Deliberately broken variants of the pool and the daemon, passed to a node as a value.
export { Mutations, mutationNames, isMutationName, type MutationName } from './mutations.js';
