// kernels (rank 1): raw typed-array loops behind one interface; imports core only
export type { Kernels } from './kernels.js';
export { jsKernels } from './js/index.js';
export { selectKernels } from './select.js';
export type { SelectOptions } from './select.js';
export { wasmKernels } from './wasm/index.js';
