// Test doubles for terway-core, exported only through `@terway-sim/terway-core/testing`.
export * from './fake-kube.js';
export * from './fake-crd.js';
export { crdPortContract, type ContractCase } from './crd-port-contract.js';
export { kubePortContract, type KubePortFixture } from './kube-port-contract.js';
