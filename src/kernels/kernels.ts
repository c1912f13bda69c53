import type { FloatArray } from '../core/types.js';
import type { ConvWindow, Window2d } from './windows.js';

/** Activations a GEMM can apply as it stores its result; each one's derivative can be read from its output alone. */
export type EpilogueActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/** An optimizer's rule with this step's hyper-parameters, for `updateParams`. */
export type UpdateRule =
  | { readonly kind: 'sgd'; readonly lr: number }
  | {
      readonly kind: 'momentum';
      readonly lr: number;
      readonly momentum: number;
      readonly dampening: number;
      readonly nesterov: boolean;
    }
  | { readonly kind: 'sgdMomentum'; readonly lr: number; readonly momentum: number; readonly nesterov: boolean }
  | {
      readonly kind: 'rmsprop';
      readonly lr: number;
      readonly rho: number;
      readonly epsilon: number;
      readonly momentum: number;
    }
  | {
      readonly kind: 'adam';
      readonly lr: number;
      readonly beta1: number;
      readonly beta2: number;
      readonly epsilon: number;
      readonly step: number;
      readonly weightDecay: number;
    }
  | { readonly kind: 'adagrad'; readonly lr: number; readonly epsilon: number };

/**
 * Parameters an optimizer updates together; entry i of every list belongs to parameter i. A backend may remember
 * a set by identity, so its lists must not change after the first `updateParams` call.
 */
export interface ParamSet {
  readonly values: readonly FloatArray[];
  readonly grads: readonly FloatArray[];
  /** The rule's state, in the order of its kernel's arguments (velocity; meanSquare, velocity; m, v; accumulator). */
  readonly slots: readonly (readonly FloatArray[])[];
  /** Where each value is copied before the update, so the caller can restore them if one ends non-finite; null: no guard. */
  readonly backups: readonly FloatArray[] | null;
}

/**
 * Raw typed-array loops. Kernels trust their inputs: no validation, no allocation; the caller owns `out`.
 * Every backend is declared `satisfies Kernels`, so a missing kernel is a compile error.
 */
export interface Kernels {
  readonly name: 'js' | 'wasm';
  /** out[m×n] = op(a)·op(b) (+ out when `accumulate`); op(a) is m×k, op(b) is k×n; transposes are flags, not copies. */
  matmul(
    a: FloatArray,
    b: FloatArray,
    out: FloatArray,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ): void;
  /** out[m×n] = activation(x[m×k]·w[k×n] + bias): a dense layer's forward pass in one sweep (`bias` may be null). */
  matmulBiasActivation(
    x: FloatArray,
    w: FloatArray,
    bias: FloatArray | null,
    out: FloatArray,
    m: number,
    k: number,
    n: number,
    activation: EpilogueActivation,
  ): void;
  /**
   * A dense layer's backward pass in one call: g = dy ⊙ activation'(a) into dz (for 'linear' g = dy, and `a` and `dz`
   * are not touched), then dW[k×n] = xᵀ·g, db[n] = Σ_rows g and dx[m×k] = g·Wᵀ (`db`, `dx` null: not wanted).
   */
  denseBackward(
    x: FloatArray,
    a: FloatArray,
    dy: FloatArray,
    dz: FloatArray,
    w: FloatArray,
    dW: FloatArray,
    db: FloatArray | null,
    dx: FloatArray | null,
    m: number,
    k: number,
    n: number,
    activation: EpilogueActivation,
  ): void;
  /** out[i, j] = x[i, j] + row[j]; `out` may be `x`. */
  addRowVector(x: FloatArray, row: FloatArray, out: FloatArray, rows: number, cols: number): void;
  /** out[j] = Σ_i x[i, j]: bias gradients. */
  sumRows(x: FloatArray, out: FloatArray, rows: number, cols: number): void;
  /** out = a ⊙ b. */
  mul(a: FloatArray, b: FloatArray, out: FloatArray): void;

  relu(x: FloatArray, out: FloatArray): void;
  reluBackward(z: FloatArray, dy: FloatArray, dz: FloatArray): void;
  leakyRelu(x: FloatArray, out: FloatArray, alpha: number): void;
  leakyReluBackward(z: FloatArray, dy: FloatArray, dz: FloatArray, alpha: number): void;
  elu(x: FloatArray, out: FloatArray, alpha: number, scale: number): void;
  eluBackward(z: FloatArray, a: FloatArray, dy: FloatArray, dz: FloatArray, alpha: number, scale: number): void;
  sigmoid(x: FloatArray, out: FloatArray): void;
  sigmoidBackward(a: FloatArray, dy: FloatArray, dz: FloatArray): void;
  tanh(x: FloatArray, out: FloatArray): void;
  tanhBackward(a: FloatArray, dy: FloatArray, dz: FloatArray): void;
  softplus(x: FloatArray, out: FloatArray): void;
  softplusBackward(z: FloatArray, dy: FloatArray, dz: FloatArray): void;
  swish(x: FloatArray, out: FloatArray): void;
  swishBackward(z: FloatArray, dy: FloatArray, dz: FloatArray): void;
  gelu(x: FloatArray, out: FloatArray): void;
  geluBackward(z: FloatArray, dy: FloatArray, dz: FloatArray): void;
  /** Row-wise, shifted by the row maximum. */
  softmax(x: FloatArray, out: FloatArray, rows: number, cols: number): void;
  softmaxBackward(a: FloatArray, dy: FloatArray, dz: FloatArray, rows: number, cols: number): void;

  /** Σ w·−(y·ln p + (1 − y)·ln(1 − p)) over [rows, cols], p clipped to [1e-7, 1 − 1e-7]; w one per row (or null). */
  binaryCrossentropy(p: FloatArray, y: FloatArray, weights: FloatArray | null, rows: number, cols: number): number;
  /** Σ w·−y·ln p over [rows, cols], p clipped below at 1e-7; w one per row (or null). */
  categoricalCrossentropy(p: FloatArray, y: FloatArray, weights: FloatArray | null, rows: number, cols: number): number;
  /** dz = scale·w·(a − y): the output layer's pre-activation gradient for sigmoid/softmax + cross-entropy. */
  outputGradient(
    a: FloatArray,
    y: FloatArray,
    weights: FloatArray | null,
    dz: FloatArray,
    rows: number,
    cols: number,
    scale: number,
  ): void;

  /**
   * mask[i] = x < ⌈rate·2³²⌉ ? 0 : scale, x the next 32-bit output of the xoshiro128** stream whose four state words
   * are `state` (advanced in place, one step per entry, so the masks are the same on every backend).
   */
  dropoutMask(state: Int32Array, mask: FloatArray, rate: number, scale: number): void;
  /** l1·Σ|w| + l2·Σw²; with `grad`, also grad += l1·sign(w) + 2·l2·w (Keras' L1L2 penalty and its gradient). */
  l1l2(w: FloatArray, grad: FloatArray | null, l1: number, l2: number): number;

  /** Batch statistics (biased variance): writes out, xHat, mean and invStd = 1/√(var + eps). */
  batchNormTrain(
    x: FloatArray,
    gamma: FloatArray,
    beta: FloatArray,
    out: FloatArray,
    xHat: FloatArray,
    mean: FloatArray,
    variance: FloatArray,
    invStd: FloatArray,
    rows: number,
    cols: number,
    epsilon: number,
  ): void;
  batchNormInfer(
    x: FloatArray,
    gamma: FloatArray,
    beta: FloatArray,
    movingMean: FloatArray,
    movingVariance: FloatArray,
    out: FloatArray,
    rows: number,
    cols: number,
    epsilon: number,
  ): void;
  batchNormBackward(
    dy: FloatArray,
    xHat: FloatArray,
    gamma: FloatArray,
    invStd: FloatArray,
    dx: FloatArray,
    dGamma: FloatArray,
    dBeta: FloatArray,
    rows: number,
    cols: number,
  ): void;
  /** moving = momentum·moving + (1 − momentum)·batch. */
  movingAverage(moving: FloatArray, batch: FloatArray, momentum: number): void;

  /**
   * out[b, oy, ox, f] = activation(bias[f] + Σ x[b, oy·sh − padTop + ky·dh, ox·sw − padLeft + kx·dw, c]·kernel[ky, kx, c, f])
   * over the window, pixels outside the image read as zero; channels-last, kernel [kh, kw, channels, filters].
   * `scratch` holds at least `convScratchLength(w)` elements, its contents on entry and exit undefined.
   */
  conv2d(
    x: FloatArray,
    kernel: FloatArray,
    bias: FloatArray | null,
    out: FloatArray,
    w: ConvWindow,
    activation: EpilogueActivation,
    scratch: FloatArray,
  ): void;
  /** dx = ∂(Σ dy·conv2d(x))/∂x, overwritten: the input gradient (dx is shaped as x). */
  conv2dBackwardInput(dy: FloatArray, kernel: FloatArray, dx: FloatArray, w: ConvWindow, scratch: FloatArray): void;
  /** dKernel = ∂(Σ dy·conv2d(x))/∂kernel, overwritten: the filter gradient. */
  conv2dBackwardFilter(x: FloatArray, dy: FloatArray, dKernel: FloatArray, w: ConvWindow, scratch: FloatArray): void;
  /**
   * out = the window's maximum per channel, padding never chosen; argmax[i] = the index into x of out[i]'s value
   * (the first, on ties), for the backward pass.
   */
  maxPool2d(x: FloatArray, out: FloatArray, argmax: Int32Array, w: Window2d): void;
  /** dx = 0, then dx[argmax[i]] += dy[i]. */
  maxPool2dBackward(dy: FloatArray, argmax: Int32Array, dx: FloatArray): void;
  /** out = the mean of the window's pixels inside the image (padding not counted, as TensorFlow does). */
  avgPool2d(x: FloatArray, out: FloatArray, w: Window2d): void;
  /** dx = the gradient of avgPool2d, overwritten. */
  avgPool2dBackward(dy: FloatArray, dx: FloatArray, w: Window2d): void;

  // recurrent cells, one time step (js/recurrent.ts); states and gates are [rows, k·units] row-major
  /** h = act(z) over every value: a SimpleRNN step (`h` may be `z`). */
  rnnStep(z: FloatArray, h: FloatArray, act: EpilogueActivation): void;
  /** dz = dh ⊙ act'(z), read from h = act(z). */
  rnnStepBackward(h: FloatArray, dh: FloatArray, dz: FloatArray, act: EpilogueActivation): void;
  /** LSTM: gates [rows, 4u] pre-activations (i, f, c, o) in, activated out; c = f⊙cPrev + i⊙g; h = o⊙act(c). */
  lstmStep(
    gates: FloatArray,
    cPrev: FloatArray,
    c: FloatArray,
    h: FloatArray,
    rows: number,
    units: number,
    act: EpilogueActivation,
    recAct: EpilogueActivation,
  ): void;
  /** LSTM backwards: dz = the gates' pre-activation gradients; dc in: into c, out: into cPrev. */
  lstmStepBackward(
    gates: FloatArray,
    cPrev: FloatArray,
    c: FloatArray,
    dh: FloatArray,
    dc: FloatArray,
    dz: FloatArray,
    rows: number,
    units: number,
    act: EpilogueActivation,
    recAct: EpilogueActivation,
  ): void;
  /** GRU: z, r = recAct(gates[:, :2u] + inner) in place (gates [rows, 3u], inner [rows, 2u]); rh = r ⊙ hPrev. */
  gruGates(
    gates: FloatArray,
    inner: FloatArray,
    hPrev: FloatArray,
    rh: FloatArray,
    rows: number,
    units: number,
    recAct: EpilogueActivation,
  ): void;
  /** GRU: hh = act(x_h + (resetAfter ? r ⊙ innerH : innerH)) into gates[:, 2u:]; h = z⊙hPrev + (1 − z)⊙hh. */
  gruOutput(
    gates: FloatArray,
    innerH: FloatArray,
    hPrev: FloatArray,
    h: FloatArray,
    rows: number,
    units: number,
    act: EpilogueActivation,
    resetAfter: boolean,
  ): void;
  /** gruOutput backwards: the candidate's pre-activation gradient into dz[:, 2u:], innerH's into dInnerH. */
  gruOutputBackward(
    gates: FloatArray,
    dh: FloatArray,
    dz: FloatArray,
    dInnerH: FloatArray,
    rows: number,
    units: number,
    act: EpilogueActivation,
    resetAfter: boolean,
  ): void;
  /** gruGates backwards: dz[:, :2u] and dzr [rows, 2u]; dhPrev += dh⊙z (+ drh⊙r without resetAfter). */
  gruGatesBackward(
    gates: FloatArray,
    innerH: FloatArray,
    hPrev: FloatArray,
    dh: FloatArray,
    drh: FloatArray,
    dz: FloatArray,
    dzr: FloatArray,
    dhPrev: FloatArray,
    rows: number,
    units: number,
    recAct: EpilogueActivation,
    resetAfter: boolean,
  ): void;
  /** out += a ⊙ b. */
  addProduct(a: FloatArray, b: FloatArray, out: FloatArray): void;
  /** Masked steps keep the state: next[b, :] = prev[b, :] where mask[b] is 0 (mask one per row). */
  keepMasked(mask: FloatArray, prev: FloatArray, next: FloatArray, rows: number, units: number): void;
  /** saved[b, :] = grad[b, :] and grad[b, :] = 0 where mask[b] is 0. */
  takeMasked(mask: FloatArray, grad: FloatArray, saved: FloatArray, rows: number, units: number): void;
  /** grad[b, :] += saved[b, :] where mask[b] is 0. */
  addMasked(mask: FloatArray, saved: FloatArray, grad: FloatArray, rows: number, units: number): void;

  sgdUpdate(p: FloatArray, g: FloatArray, lr: number): void;
  /** v = momentum·v + (1 − dampening)·g; p −= lr·(nesterov ? g + momentum·v : v). */
  momentumUpdate(
    p: FloatArray,
    g: FloatArray,
    v: FloatArray,
    lr: number,
    momentum: number,
    dampening: number,
    nesterov: boolean,
  ): void;
  /** Keras' SGD: v = momentum·v − lr·g; p += v (nesterov: p += momentum·v − lr·g). */
  sgdMomentumUpdate(p: FloatArray, g: FloatArray, v: FloatArray, lr: number, momentum: number, nesterov: boolean): void;
  /** s = rho·s + (1 − rho)·g²; step = lr·g / (√s + eps), through a momentum buffer when momentum > 0. */
  rmspropUpdate(
    p: FloatArray,
    g: FloatArray,
    s: FloatArray,
    velocity: FloatArray,
    lr: number,
    rho: number,
    epsilon: number,
    momentum: number,
  ): void;
  /** Adam in the tutorials' form, eps outside the square root; `weightDecay` > 0 is AdamW's decoupled decay. */
  adamUpdate(
    p: FloatArray,
    g: FloatArray,
    m: FloatArray,
    v: FloatArray,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    step: number,
    weightDecay: number,
  ): void;
  adagradUpdate(p: FloatArray, g: FloatArray, s: FloatArray, lr: number, epsilon: number): void;
  /**
   * One step of `rule` over every parameter of `set`, in one call. With backups, the values are copied to them first
   * and the results checked: returns the index of the first parameter left non-finite, −1 when none (or no backups).
   */
  updateParams(set: ParamSet, rule: UpdateRule): number;
}
