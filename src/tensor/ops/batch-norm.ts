import { kernelsFor } from '../backend.js';
import type { Tensor } from '../tensor.js';
import { expectLike, expectSameDtype, expectVector, lastDim, rowCount } from './check.js';

/** Per-channel statistics of one batch: mean, biased variance and 1/√(variance + ε). */
export interface BatchStats {
  readonly mean: Tensor;
  readonly variance: Tensor;
  readonly invStd: Tensor;
}

/** Checks out is shaped like x and returns the channel count (the last axis). */
function channels(op: string, x: Tensor, out: Tensor): number {
  const c = lastDim(x);
  expectLike(op, 'the output', out, x, c);
  expectSameDtype(op, x, out);
  return c;
}

/** Checks the per-channel vectors of an op (listed, not gathered into an array: ops run per batch). */
function perChannel(op: string, c: number, a: Tensor, b: Tensor, d: Tensor, e: Tensor, f?: Tensor): void {
  expectVector(op, 'a per-channel vector', a, c);
  expectVector(op, 'a per-channel vector', b, c);
  expectVector(op, 'a per-channel vector', d, c);
  expectVector(op, 'a per-channel vector', e, c);
  if (f) expectVector(op, 'a per-channel vector', f, c);
}

/**
 * out = γ·x̂ + β with x̂ = (x − μ)/√(σ² + ε), μ and σ² per channel (the last axis) over every other axis;
 * writes x̂ and the batch statistics for the backward pass.
 */
export function batchNormTrain(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  epsilon: number,
  out: Tensor,
  xHat: Tensor,
  stats: BatchStats,
): Tensor {
  const op = 'ops.batchNormTrain()';
  const c = channels(op, x, out);
  perChannel(op, c, gamma, beta, stats.mean, stats.variance, stats.invStd);
  expectLike(op, 'x̂', xHat, x, c);
  const { mean, variance, invStd } = stats;
  kernelsFor(x.dtype).batchNormTrain(
    x.data,
    gamma.data,
    beta.data,
    out.data,
    xHat.data,
    mean.data,
    variance.data,
    invStd.data,
    rowCount(x),
    c,
    epsilon,
  );
  return out;
}

/** out = γ·(x − moving μ)/√(moving σ² + ε) + β: inference on the moving statistics. */
export function batchNormInfer(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  movingMean: Tensor,
  movingVariance: Tensor,
  epsilon: number,
  out: Tensor,
): Tensor {
  const op = 'ops.batchNormInfer()';
  const c = channels(op, x, out);
  perChannel(op, c, gamma, beta, movingMean, movingVariance);
  kernelsFor(x.dtype).batchNormInfer(
    x.data,
    gamma.data,
    beta.data,
    movingMean.data,
    movingVariance.data,
    out.data,
    rowCount(x),
    c,
    epsilon,
  );
  return out;
}

/** dx, dγ = Σ dy·x̂ and dβ = Σ dy from the cached x̂ and 1/√(σ² + ε); returns dx. */
export function batchNormBackward(
  dy: Tensor,
  xHat: Tensor,
  gamma: Tensor,
  invStd: Tensor,
  dx: Tensor,
  dGamma: Tensor,
  dBeta: Tensor,
): Tensor {
  const op = 'ops.batchNormBackward()';
  const c = channels(op, dy, dx);
  perChannel(op, c, gamma, invStd, dGamma, dBeta);
  expectLike(op, 'x̂', xHat, dy, c);
  kernelsFor(dy.dtype).batchNormBackward(
    dy.data,
    xHat.data,
    gamma.data,
    invStd.data,
    dx.data,
    dGamma.data,
    dBeta.data,
    rowCount(dy),
    c,
  );
  return dx;
}

/** moving = momentum·moving + (1 − momentum)·batch. */
export function movingAverage(moving: Tensor, batch: Tensor, momentum: number): Tensor {
  expectVector('ops.movingAverage()', 'the batch statistic', batch, moving.size);
  kernelsFor(moving.dtype).movingAverage(moving.data, batch.data, momentum);
  return moving;
}
