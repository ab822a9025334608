// Test doubles for terway-core, exported only through `@terway-sim/terway-core/testing`.
export * from './fake-cloud.js';
export * from './fake-cloud-state.js';
export * from './fake-metadata.js';
export { eniEntry } from './fake-cloud-actions.js';
export * from './scripted-terway-backend.js';
export * from './fake-factory.js';
export * from './fake-kube.js';
