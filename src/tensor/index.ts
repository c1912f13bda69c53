// tensor (rank 2): Tensor, its creation and the kernels that run it; imports core and kernels only
export { Tensor, tensor, zeros } from './tensor.js';
export type { NestedArray, NestedInput, TensorLike } from './tensor.js';
export { kernelsFor, useKernels } from './backend.js';
export type { Param, Regularizer } from './param.js';
export { Workspace } from './workspace.js';
