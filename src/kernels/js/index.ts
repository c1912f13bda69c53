import type { Kernels, ParamSet, UpdateRule } from '../kernels.js';
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput } from './conv.js';
import { batchNormBackward, batchNormInfer, batchNormTrain, movingAverage } from './batch-norm.js';
import { denseBackward } from './dense-backward.js';
import { dropoutMask } from './draws.js';
import * as ew from './elementwise.js';
import { l1l2 } from './l1l2.js';
import { binaryCrossentropy, categoricalCrossentropy, outputGradient } from './losses.js';
import { matmul } from './matmul.js';
import { matmulBiasActivation } from './matmul-bias-activation.js';
import {
  adagradUpdate,
  adamUpdate,
  momentumUpdate,
  rmspropUpdate,
  sgdMomentumUpdate,
  sgdUpdate,
} from './optimizers.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { addRowVector, sumRows } from './reduce.js';
import * as recurrent from './recurrent.js';
import { updateParamsWith } from './update-params.js';

const rules = { sgdUpdate, momentumUpdate, sgdMomentumUpdate, rmspropUpdate, adamUpdate, adagradUpdate };

/** The plain-TypeScript kernels: the reference for every other backend, and the float64 path. */
export const jsKernels = {
  name: 'js',
  matmul,
  matmulBiasActivation,
  denseBackward,
  addRowVector,
  sumRows,
  mul: ew.mul,
  relu: ew.relu,
  reluBackward: ew.reluBackward,
  leakyRelu: ew.leakyRelu,
  leakyReluBackward: ew.leakyReluBackward,
  elu: ew.elu,
  eluBackward: ew.eluBackward,
  sigmoid: ew.sigmoid,
  sigmoidBackward: ew.sigmoidBackward,
  tanh: ew.tanh,
  tanhBackward: ew.tanhBackward,
  softplus: ew.softplus,
  softplusBackward: ew.softplusBackward,
  swish: ew.swish,
  swishBackward: ew.swishBackward,
  gelu: ew.gelu,
  geluBackward: ew.geluBackward,
  softmax: ew.softmax,
  softmaxBackward: ew.softmaxBackward,
  binaryCrossentropy,
  categoricalCrossentropy,
  outputGradient,
  dropoutMask,
  l1l2,
  batchNormTrain,
  batchNormInfer,
  batchNormBackward,
  movingAverage,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardFilter,
  maxPool2d,
  maxPool2dBackward,
  avgPool2d,
  avgPool2dBackward,
  rnnStep: recurrent.rnnStep,
  rnnStepBackward: recurrent.rnnStepBackward,
  lstmStep: recurrent.lstmStep,
  lstmStepBackward: recurrent.lstmStepBackward,
  gruGates: recurrent.gruGates,
  gruOutput: recurrent.gruOutput,
  gruOutputBackward: recurrent.gruOutputBackward,
  gruGatesBackward: recurrent.gruGatesBackward,
  addProduct: recurrent.addProduct,
  keepMasked: recurrent.keepMasked,
  takeMasked: recurrent.takeMasked,
  addMasked: recurrent.addMasked,
  sgdUpdate,
  momentumUpdate,
  sgdMomentumUpdate,
  rmspropUpdate,
  adamUpdate,
  adagradUpdate,
  updateParams: (set: ParamSet, rule: UpdateRule): number => updateParamsWith(rules, set, rule),
} as const satisfies Kernels;
