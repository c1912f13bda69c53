// central finite differences in float64 for any Layer, Loss or Activation
import { expect } from 'vitest';
import type { Activation } from '../../src/activations/activation.js';
import { Rng } from '../../src/core/rng.js';
import type { Shape } from '../../src/core/shape.js';
import type { DType, FloatArray } from '../../src/core/types.js';
import type { Layer } from '../../src/layers/layer.js';
import type { Loss } from '../../src/losses/loss.js';
import { Tensor, zeros } from '../../src/tensor/tensor.js';

/** What the issue asks of every layer, activation and loss in float64. */
export const GRAD_TOLERANCE = 1e-6;

/** Step of the central differences: truncation error ~ε², rounding ~1e-16/ε, both far below 1e-6. */
export const GRAD_EPSILON = 1e-6;

/** One gradient tensor, analytic (backward) against numeric (central differences). */
export interface GradCheckResult {
  readonly name: string;
  readonly analytic: Float64Array;
  readonly numeric: Float64Array;
  /**
   * max|a − n| / max(|a| + |n|) over the tensor: the worst disagreement relative to the tensor's largest gradient.
   * An element-wise ratio would blow up on entries that are zero up to rounding (e.g. where a ReLU is off).
   */
  readonly relError: number;
}

/** max|a − n| / max(|a| + |n|); 0 when both are exactly zero. */
export function relativeError(analytic: ArrayLike<number>, numeric: ArrayLike<number>): number {
  if (analytic.length !== numeric.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i];
    const n = numeric[i];
    if (!Number.isFinite(a) || !Number.isFinite(n)) return Infinity;
    diff = Math.max(diff, Math.abs(a - n));
    scale = Math.max(scale, Math.abs(a) + Math.abs(n));
  }
  return scale === 0 ? 0 : diff / scale;
}

/** Values uniform in [low, high) from a seeded generator. */
export function randomArray(size: number, rng: Rng, low = -1, high = 1): Float64Array {
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.uniform(low, high);
  return out;
}

/** A tensor of values uniform in [low, high). */
export function randomTensor(shape: Shape, rng: Rng, low = -1, high = 1, dtype: DType = 'float64'): Tensor {
  const t = zeros(shape, dtype);
  t.data.set(randomArray(t.size, rng, low, high));
  return t;
}

/**
 * ∂(Σ_j w_j·y_j)/∂v_i by central differences, perturbing `values` in place (and restoring it).
 * The difference is taken output by output (Σ w_j (y⁺_j − y⁻_j)), so unchanged outputs cancel exactly
 * instead of losing digits in a large sum.
 */
export function numericGradient(
  values: FloatArray,
  outputs: () => ArrayLike<number>,
  weights: ArrayLike<number>,
  epsilon = GRAD_EPSILON,
): Float64Array {
  const grad = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    values[i] = v + epsilon;
    const hi = values[i];
    const up = Float64Array.from(outputs());
    values[i] = v - epsilon;
    const lo = values[i];
    const down = Float64Array.from(outputs());
    values[i] = v;
    let sum = 0;
    for (let j = 0; j < up.length; j++) sum += weights[j] * (up[j] - down[j]);
    grad[i] = sum / (hi - lo);
  }
  return grad;
}

function result(name: string, analytic: ArrayLike<number>, numeric: Float64Array): GradCheckResult {
  const a = Float64Array.from(analytic);
  return { name, analytic: a, numeric, relError: relativeError(a, numeric) };
}

export interface LayerGradCheckOptions {
  /** Seed of the random upstream gradient r. */
  seed?: number;
  epsilon?: number;
  /**
   * Runs before every training forward: e.g. rebuilding a seeded Dropout so that each pass draws the same mask,
   * which makes the layer a fixed function of x for the finite differences.
   */
  beforeForward?: () => void;
}

/**
 * Checks a built layer at input x: with f = Σ forward(x, 'train') ⊙ r for a random r, compares
 * `backward(r, true)` with ∂f/∂x and each trainable param's grad with ∂f/∂param.
 * Returns one result per tensor: 'x' first, then the params by name.
 */
export function gradCheckLayer(layer: Layer, x: Tensor, options: LayerGradCheckOptions = {}): GradCheckResult[] {
  const { seed = 1, epsilon = GRAD_EPSILON, beforeForward } = options;
  const forward = (): Tensor => {
    beforeForward?.();
    return layer.forward(x, 'train');
  };
  const y = forward();
  const r = randomArray(y.size, new Rng(seed));
  const upstream = new Tensor(x.dtype === 'float64' ? r.slice() : Float32Array.from(r), [...y.shape], x.dtype);
  const dx = layer.backward(upstream, true);
  if (dx === null) throw new Error(`${layer.name}: backward(dy, true) returned null`);
  if (dx.size !== x.size) throw new Error(`${layer.name}: dx has ${dx.size} values, x has ${x.size}`);
  // layers reuse their buffers, so every gradient is copied before the next forward
  const analyticX = Float64Array.from(dx.data);
  const trainable = layer.params().filter((p) => p.trainable);
  const analyticParams = trainable.map((p) => Float64Array.from(p.grad.data));
  const outputs = (): Float64Array => Float64Array.from(forward().data);
  return [
    result('x', analyticX, numericGradient(x.data, outputs, r, epsilon)),
    ...trainable.map((p, i) => result(p.name, analyticParams[i], numericGradient(p.value.data, outputs, r, epsilon))),
  ];
}

/** Checks `backward(z, a, dy, dz)` of an activation at z against ∂(Σ g(z) ⊙ dy)/∂z, for a random dy. */
export function gradCheckActivation(
  activation: Activation,
  z: Tensor,
  options: { seed?: number; epsilon?: number } = {},
): GradCheckResult {
  const { seed = 1, epsilon = GRAD_EPSILON } = options;
  const apply = (): Tensor => {
    const a = zeros(z.shape, z.dtype);
    activation.forward(z, a);
    return a;
  };
  const a = apply();
  const dy = zeros(z.shape, z.dtype);
  dy.data.set(randomArray(z.size, new Rng(seed)));
  const dz = zeros(z.shape, z.dtype);
  activation.backward(z, a, dy, dz);
  return result(
    activation.name,
    dz.data,
    numericGradient(z.data, () => apply().data, dy.data, epsilon),
  );
}

/** Checks `loss.gradient` at yPred against the central differences of `loss.value`. */
export function gradCheckLoss(loss: Loss, yPred: Tensor, yTrue: Tensor, epsilon = GRAD_EPSILON): GradCheckResult {
  const dy = zeros(yPred.shape, yPred.dtype);
  loss.gradient(yPred, yTrue, dy);
  const numeric = numericGradient(yPred.data, () => [loss.value(yPred, yTrue)], [1], epsilon);
  return result(loss.name, dy.data, numeric);
}

/** Asserts every result is below the tolerance and, unless allowed, not vacuously zero. */
export function expectGradientsMatch(
  results: readonly GradCheckResult[],
  { tolerance = GRAD_TOLERANCE, allowZero = false }: { tolerance?: number; allowZero?: boolean } = {},
): void {
  for (const r of results) {
    expect(r.relError, `${r.name}: relative error`).toBeLessThan(tolerance);
    if (!allowZero) expect(Math.max(...r.numeric.map(Math.abs)), `${r.name}: gradient is all zero`).toBeGreaterThan(0);
  }
}
