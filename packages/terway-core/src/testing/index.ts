// Test doubles for terway-core, exported only through `@terway-sim/terway-core/testing`.
export * from './scripted-terway-backend.js';
export * from './fake-kube.js';
export * from './mutations.js';
