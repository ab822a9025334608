// Terway on a node across daemon restarts: the builder that runs before the pool, and the node's
// stable backend for the CNI plugin.
export {
  TerwayNode,
  type TerwayNodeDeps,
  type TerwayNodeOptions,
  type NodeFacts,
  type StartedNode,
} from './terway-node.js';
export { readInstanceIdentity, type InstanceIdentity } from './identity.js';
