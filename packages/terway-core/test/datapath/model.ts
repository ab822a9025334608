// The kernel model used by these tests (a test-only dependency: terway-core's sources import
// kernel-shim's types only).

export { ModelKernel } from '@terway-sim/kernel-shim';
