// kernels/wasm (rank 1): WebAssembly SIMD kernels bound to typed arrays; imports core only
import { jsKernels } from '../js/index.js';
import type { Kernels } from '../kernels.js';
import { binary, bindKernel, gemm, rows2, rows3, unary, writes, type Signature } from './bind.js';
import { denseBackward, denseForward } from './bind-dense.js';
import { dropoutMask, l1l2 } from './bind-draws.js';
import { lossSum, outputGradient } from './bind-losses.js';
import { updateParams } from './bind-params.js';
import { recurrentKernels } from './bind-recurrent.js';
import { windowKernels } from './bind-windows.js';
import { instantiateKernels, type LoadOptions, type WasmRuntime } from './load.js';

export { instantiateKernels, unshareMemoryImport } from './load.js';
export type { LoadOptions, WasmBuild, WasmExports, WasmRuntime } from './load.js';
export { ResidentFloat32Array, WasmHeap } from './heap.js';

/** Kernels with bindings of their own (optional arrays, results): the rest map onto one export each. */
type Custom =
  | 'matmulBiasActivation'
  | 'denseBackward'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'outputGradient'
  | 'dropoutMask'
  | 'l1l2'
  | 'updateParams'
  | Windowed
  | Recurrent;
/** The recurrent step kernels (bind-recurrent.ts): activations coded as integers. */
type Recurrent = keyof ReturnType<typeof recurrentKernels>;
/** The convolution and pooling kernels: a window unpacked into integers (bind-windows.ts). */
type Windowed =
  | 'conv2d'
  | 'conv2dBackwardInput'
  | 'conv2dBackwardFilter'
  | 'maxPool2d'
  | 'maxPool2dBackward'
  | 'avgPool2d'
  | 'avgPool2dBackward';
type Name = Exclude<keyof Kernels, 'name' | Custom>;

/** [export, arrays, written arrays, elementwise] for every kernel; the compiler checks none is missing. */
const signatures: Record<Name, Signature> = {
  matmul: { fn: 'gemm', arrays: 3, written: writes(2), length: false },
  addRowVector: { fn: 'addRowVector', arrays: 3, written: writes(2), length: false },
  sumRows: { fn: 'sumRows', arrays: 2, written: writes(1), length: false },
  mul: { fn: 'mul', arrays: 3, written: writes(2), length: true },
  relu: { fn: 'relu', arrays: 2, written: writes(1), length: true },
  reluBackward: { fn: 'reluBackward', arrays: 3, written: writes(2), length: true },
  leakyRelu: { fn: 'leakyRelu', arrays: 2, written: writes(1), length: true },
  leakyReluBackward: { fn: 'leakyReluBackward', arrays: 3, written: writes(2), length: true },
  elu: { fn: 'elu', arrays: 2, written: writes(1), length: true },
  eluBackward: { fn: 'eluBackward', arrays: 4, written: writes(3), length: true },
  sigmoid: { fn: 'sigmoid', arrays: 2, written: writes(1), length: true },
  sigmoidBackward: { fn: 'sigmoidBackward', arrays: 3, written: writes(2), length: true },
  tanh: { fn: 'tanh', arrays: 2, written: writes(1), length: true },
  tanhBackward: { fn: 'tanhBackward', arrays: 3, written: writes(2), length: true },
  softplus: { fn: 'softplus', arrays: 2, written: writes(1), length: true },
  softplusBackward: { fn: 'softplusBackward', arrays: 3, written: writes(2), length: true },
  swish: { fn: 'swish', arrays: 2, written: writes(1), length: true },
  swishBackward: { fn: 'swishBackward', arrays: 3, written: writes(2), length: true },
  gelu: { fn: 'gelu', arrays: 2, written: writes(1), length: true },
  geluBackward: { fn: 'geluBackward', arrays: 3, written: writes(2), length: true },
  softmax: { fn: 'softmax', arrays: 2, written: writes(1), length: false },
  softmaxBackward: { fn: 'softmaxBackward', arrays: 3, written: writes(2), length: false },
  batchNormTrain: { fn: 'batchNormTrain', arrays: 8, written: writes(3, 4, 5, 6, 7), length: false },
  batchNormInfer: { fn: 'batchNormInfer', arrays: 6, written: writes(5), length: false },
  batchNormBackward: { fn: 'batchNormBackward', arrays: 7, written: writes(4, 5, 6), length: false },
  movingAverage: { fn: 'movingAverage', arrays: 2, written: writes(0), length: true },
  sgdUpdate: { fn: 'sgdUpdate', arrays: 2, written: writes(0), length: true },
  momentumUpdate: { fn: 'momentumUpdate', arrays: 3, written: writes(0, 2), length: true },
  sgdMomentumUpdate: { fn: 'sgdMomentumUpdate', arrays: 3, written: writes(0, 2), length: true },
  rmspropUpdate: { fn: 'rmspropUpdate', arrays: 4, written: writes(0, 2, 3), length: true },
  adamUpdate: { fn: 'adamUpdate', arrays: 4, written: writes(0, 2, 3), length: true },
  adagradUpdate: { fn: 'adagradUpdate', arrays: 3, written: writes(0, 2), length: true },
};

/** The Kernels over one instantiated module (tests use this to run a particular build or memory). */
export function createWasmKernels(runtime: () => WasmRuntime) {
  const bind = <N extends Name>(name: N): Kernels[N] => bindKernel(runtime, signatures[name], jsKernels[name]);
  const u = (name: UnaryName) => unary(runtime, signatures[name], jsKernels[name] as Parameters<typeof unary>[2]);
  const b = (name: BinaryName) => binary(runtime, signatures[name], jsKernels[name] as Parameters<typeof binary>[2]);
  const matmul = gemm(runtime, signatures.matmul, jsKernels.matmul);
  const addRowVector = rows3(runtime, signatures.addRowVector, jsKernels.addRowVector);
  const [relu, sigmoid, tanh] = [u('relu'), u('sigmoid'), u('tanh')];
  const sumRows = rows2(runtime, signatures.sumRows, jsKernels.sumRows);
  const [reluBackward, sigmoidBackward, tanhBackward] = [b('reluBackward'), b('sigmoidBackward'), b('tanhBackward')];
  const rules = {
    sgdUpdate: u('sgdUpdate'),
    momentumUpdate: bind('momentumUpdate'),
    sgdMomentumUpdate: bind('sgdMomentumUpdate'),
    rmspropUpdate: bind('rmspropUpdate'),
    adamUpdate: bind('adamUpdate'),
    adagradUpdate: bind('adagradUpdate'),
  };
  return {
    name: 'wasm',
    matmul,
    matmulBiasActivation: denseForward(runtime, { matmul, addRowVector, relu, sigmoid, tanh }),
    denseBackward: denseBackward(runtime, { matmul, sumRows, reluBackward, sigmoidBackward, tanhBackward }),
    addRowVector,
    sumRows,
    mul: b('mul'),
    relu,
    reluBackward,
    leakyRelu: u('leakyRelu'),
    leakyReluBackward: b('leakyReluBackward'),
    elu: u('elu'),
    eluBackward: bind('eluBackward'),
    sigmoid,
    sigmoidBackward,
    tanh,
    tanhBackward,
    softplus: u('softplus'),
    softplusBackward: b('softplusBackward'),
    swish: u('swish'),
    swishBackward: b('swishBackward'),
    gelu: u('gelu'),
    geluBackward: b('geluBackward'),
    softmax: rows2(runtime, signatures.softmax, jsKernels.softmax),
    softmaxBackward: rows3(runtime, signatures.softmaxBackward, jsKernels.softmaxBackward),
    binaryCrossentropy: lossSum(runtime, 'binaryCrossentropy', jsKernels.binaryCrossentropy),
    categoricalCrossentropy: lossSum(runtime, 'categoricalCrossentropy', jsKernels.categoricalCrossentropy),
    outputGradient: outputGradient(runtime, jsKernels.outputGradient),
    dropoutMask: dropoutMask(runtime, jsKernels.dropoutMask),
    l1l2: l1l2(runtime, jsKernels.l1l2),
    batchNormTrain: bind('batchNormTrain'),
    batchNormInfer: bind('batchNormInfer'),
    batchNormBackward: bind('batchNormBackward'),
    movingAverage: bind('movingAverage'),
    ...windowKernels(runtime, jsKernels),
    ...recurrentKernels(runtime, jsKernels),
    ...rules,
    updateParams: updateParams(runtime, rules),
  } as const satisfies Kernels;
}

type UnaryName = 'relu' | 'leakyRelu' | 'elu' | 'sigmoid' | 'tanh' | 'softplus' | 'swish' | 'gelu' | 'sgdUpdate';
type BinaryName =
  | 'mul'
  | 'reluBackward'
  | 'leakyReluBackward'
  | 'sigmoidBackward'
  | 'tanhBackward'
  | 'softplusBackward'
  | 'swishBackward'
  | 'geluBackward';

let shared: WasmRuntime | undefined;

/**
 * The process-wide module behind `wasmKernels`, instantiated on first use (synchronously); options apply only to
 * that first call.
 */
export function wasmRuntime(options?: LoadOptions): WasmRuntime {
  return (shared ??= instantiateKernels(options));
}

/**
 * The WebAssembly SIMD kernels (float32; float64 arrays run on the TypeScript kernels). The module is instantiated
 * on the first call; `selectKernels({ prefer: 'wasm' })` does it up front and falls back to js when it fails.
 */
export const wasmKernels = createWasmKernels(() => wasmRuntime());
