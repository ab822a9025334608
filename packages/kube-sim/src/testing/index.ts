// Test doubles for kube-sim, exported only through `@terway-sim/kube-sim/testing`.
export { FakePodNetwork } from './fake-pod-network.js';
