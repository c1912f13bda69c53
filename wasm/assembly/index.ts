// strata's WebAssembly kernels: pointer-level SIMD over a memory the host imports (env.memory)
export { gemm, gemmInit, gemmRange, gemmWorkBytes } from './gemm';
export {
  mul,
  relu,
  reluBackward,
  leakyRelu,
  leakyReluBackward,
  elu,
  eluBackward,
  sigmoid,
  sigmoidBackward,
  tanh,
  tanhBackward,
  softplus,
  softplusBackward,
  swish,
  swishBackward,
  gelu,
  geluBackward,
  exp,
  log,
} from './elementwise';
export { addRowVector, sumRows, softmax, softmaxBackward } from './rows';
export { denseBackward } from './dense-backward';
export { batchNormTrain, batchNormInfer, batchNormBackward, movingAverage } from './batch-norm';
export { updateParams } from './param-set';
export {
  conv2d,
  conv2dIm2col,
  conv2dBackwardInput,
  conv2dBackwardInputCol2im,
  conv2dBackwardInputTransposed,
  conv2dBackwardFilter,
  conv2dBackwardFilterIm2col,
} from './conv';
export { conv2dDirect, conv2dBackwardFilterDirect } from './conv-direct';
export { conv2dNarrow, conv2dBackwardFilterNarrow, conv2dBackwardInputNarrow } from './conv-narrow';
export { maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward } from './pooling';
export { dropoutMask } from './draws';
export { l1l2 } from './l1l2';
export { binaryCrossentropy, categoricalCrossentropy, outputGradient } from './losses';
export {
  rnnStep,
  rnnStepBackward,
  lstmStep,
  lstmStepBackward,
  gruGates,
  gruOutput,
  gruOutputBackward,
  gruGatesBackward,
  addProduct,
  keepMasked,
  takeMasked,
  addMasked,
} from './recurrent';
export { sgdUpdate, momentumUpdate, sgdMomentumUpdate, rmspropUpdate, adamUpdate, adagradUpdate } from './optimizers';

/** First free byte after the module's static data: the host's allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
