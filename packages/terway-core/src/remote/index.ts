// The daemon side of PodENI pods: the Remote backend, the Trunk slot, initTrunk and the per-mode
// backend stack, plus the net configs a PodENI allocation becomes.
export {
  Remote, judgePodEni, podEniNotReady, errPodEniNotReady, type RemoteDeps,
} from './remote-backend.js';
export { Trunk } from './trunk-backend.js';
export { initTrunk, chooseTrunk, type InitTrunkInput } from './init-trunk.js';
export {
  buildDaemonStack, stackNodeResources, trunkingEnabled, type DaemonStack, type DaemonStackDeps,
  type DaemonStackInput,
} from './daemon-stack.js';
export { remoteNetConfs } from './remote-netconf.js';
