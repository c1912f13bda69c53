// ops: shape-checked operations on tensors over the active kernels, so layers read like their formulas
export { batchNormBackward, batchNormInfer, batchNormTrain, movingAverage } from './batch-norm.js';
export type { BatchStats } from './batch-norm.js';
export { conv2d, conv2dBackwardFilter, conv2dBackwardInput } from './conv.js';
export { addBias, mul } from './elementwise.js';
export { linear, linearBackward, matmul, matmulTransposeA, matmulTransposeB } from './matmul.js';
export { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
export { sum, sumToLastAxis } from './reduce.js';
export { asRows, reshape } from './reshape.js';
export { readStep, writeStep } from './steps.js';
export { lastDim, rowCount } from './check.js';
export { convWindow, window2d, windowAxis } from './window.js';
export type { Padding, WindowSpec } from './window.js';
export { copyStep, joinColumns, setStep, splitColumns, toBatchMajor, toTimeMajor } from './sequence.js';
export {
  gruBackward,
  gruForward,
  lstmBackward,
  lstmForward,
  previousStates,
  simpleRnnBackward,
  simpleRnnForward,
} from './recurrent.js';
export type { GruWeights, RecurrentDropout, RecurrentPass } from './recurrent.js';
export { mergeBackward, mergeOutputs } from './merge.js';
export type { MergeMode } from './merge.js';
