// The kernel model used by these tests. kernel-shim does not export ModelKernel from its index
// yet, so it is imported from its source file here, in one place, to be switched to the package
// export once it exists.

export { ModelKernel } from '../../../kernel-shim/src/model/model-kernel.js';
