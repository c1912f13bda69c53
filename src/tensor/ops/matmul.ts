import type { EpilogueActivation } from '../../kernels/kernels.js';
import { kernelsFor } from '../backend.js';
import type { Tensor } from '../tensor.js';
import { expectLike, expectMatrix, expectSameDtype, expectVector, lastDim, rowCount } from './check.js';

/** Checks x [..., k] · w [k, n] → out [..., n] (returning nothing: ops run per batch and allocate nothing). */
function checkProduct(op: string, x: Tensor, w: Tensor, out: Tensor): void {
  expectMatrix(op, 'the weight matrix', w, lastDim(x), lastDim(w));
  expectLike(op, 'the output', out, x, lastDim(w));
  expectSameDtype(op, x, w, out);
}

/** out = x · w over x's last axis: x [..., k], w [k, n] → out [..., n]. */
export function matmul(x: Tensor, w: Tensor, out: Tensor): Tensor {
  checkProduct('ops.matmul()', x, w, out);
  kernelsFor(x.dtype).matmul(x.data, w.data, out.data, rowCount(x), lastDim(x), lastDim(w), false, false, false);
  return out;
}

/**
 * out = activation(x · w + bias) in one sweep (the backend applies the bias and activation as it stores the product):
 * a dense layer's forward pass. `bias` may be null.
 */
export function linear(x: Tensor, w: Tensor, bias: Tensor | null, activation: EpilogueActivation, out: Tensor): Tensor {
  const op = 'ops.linear()';
  checkProduct(op, x, w, out);
  const n = lastDim(w);
  if (bias) expectVector(op, 'the bias', bias, n);
  const kernels = kernelsFor(x.dtype);
  kernels.matmulBiasActivation(x.data, w.data, bias?.data ?? null, out.data, rowCount(x), lastDim(x), n, activation);
  return out;
}

/** out = xᵀ · dy, summed over every leading position: x [..., k], dy [..., n] → out [k, n] (a weight gradient). */
export function matmulTransposeA(x: Tensor, dy: Tensor, out: Tensor, accumulate = false): Tensor {
  const op = 'ops.matmulTransposeA()';
  const k = lastDim(x);
  const n = lastDim(dy);
  expectLike(op, 'the gradient', dy, x, n);
  expectMatrix(op, 'the output', out, k, n);
  expectSameDtype(op, x, dy, out);
  kernelsFor(x.dtype).matmul(x.data, dy.data, out.data, k, rowCount(x), n, true, false, accumulate);
  return out;
}

/** out = dy · wᵀ: dy [..., n], w [k, n] → out [..., k] (the gradient a dense layer passes back). */
export function matmulTransposeB(dy: Tensor, w: Tensor, out: Tensor): Tensor {
  const op = 'ops.matmulTransposeB()';
  const k = w.shape[0];
  const n = lastDim(dy);
  expectMatrix(op, 'the weight matrix', w, k, n);
  expectLike(op, 'the output', out, dy, k);
  expectSameDtype(op, dy, w, out);
  kernelsFor(dy.dtype).matmul(dy.data, w.data, out.data, rowCount(dy), n, k, false, true, false);
  return out;
}

/**
 * The backward pass of a = activation(x · w + b) in one call, from dy = ∂L/∂a: g = dy ⊙ activation'(a) into dz
 * (g = dy for 'linear', and a and dz are not read), dW = xᵀ · g, db = Σ g over every leading position (db null: no
 * bias), dx = g · wᵀ (dx null: not wanted). Returns dx.
 */
export function linearBackward(
  x: Tensor,
  w: Tensor,
  a: Tensor,
  dy: Tensor,
  activation: EpilogueActivation,
  dz: Tensor,
  dW: Tensor,
  db: Tensor | null,
  dx: Tensor | null,
): Tensor | null {
  const op = 'ops.linearBackward()';
  const k = lastDim(x);
  const n = lastDim(w);
  expectMatrix(op, 'the weight matrix', w, k, n);
  expectLike(op, 'the gradient', dy, x, n);
  expectMatrix(op, 'the weight gradient', dW, k, n);
  if (activation !== 'linear') {
    expectLike(op, 'the output', a, dy, n);
    expectLike(op, 'the pre-activation gradient', dz, dy, n);
  }
  if (db !== null) expectVector(op, 'the bias gradient', db, n);
  if (dx !== null) expectLike(op, 'the input gradient', dx, x, k);
  expectSameDtype(op, x, w, dy);
  expectSameDtype(op, x, dW, a);
  expectSameDtype(op, x, dz, db ?? x);
  if (dx !== null) expectSameDtype(op, x, dx);
  const kernels = kernelsFor(x.dtype);
  kernels.denseBackward(
    x.data,
    a.data,
    dy.data,
    dz.data,
    w.data,
    dW.data,
    db?.data ?? null,
    dx?.data ?? null,
    rowCount(x),
    k,
    n,
    activation,
  );
  return dx;
}
