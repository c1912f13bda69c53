// kernels (rank 1): raw typed-array loops behind one interface; imports core only
export type { Kernels } from './kernels.js';
export { jsKernels } from './js/index.js';
