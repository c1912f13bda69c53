import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { ShapeError } from '../../src/core/errors.js';
import * as ops from '../../src/tensor/ops/index.js';
import { zeros, type Tensor } from '../../src/tensor/tensor.js';
import { randomTensor } from '../helpers/grad-check.js';

const at = (t: Tensor, ...index: number[]): number => {
  let flat = 0;
  index.forEach((i, d) => (flat = flat * t.shape[d] + i));
  return t.data[flat];
};

describe('ops over the last axis (float64 against naive loops)', () => {
  const rng = new Rng(4);
  const x = randomTensor([2, 3, 4], rng);
  const w = randomTensor([4, 5], rng);
  const bias = randomTensor([5], rng);

  it('matmul: [b, t, k] · [k, n] → [b, t, n]', () => {
    const out = ops.matmul(x, w, zeros([2, 3, 5], 'float64'));
    for (let b = 0; b < 2; b++)
      for (let t = 0; t < 3; t++)
        for (let n = 0; n < 5; n++) {
          let sum = 0;
          for (let k = 0; k < 4; k++) sum += at(x, b, t, k) * at(w, k, n);
          expect(at(out, b, t, n)).toBeCloseTo(sum, 12);
        }
  });

  it('linear applies bias and activation; matmulTransposeA/B and sumToLastAxis give the dense gradients', () => {
    const a = ops.linear(x, w, bias, 'relu', zeros([2, 3, 5], 'float64'));
    const z = ops.addBias(ops.matmul(x, w, zeros([2, 3, 5], 'float64')), bias, zeros([2, 3, 5], 'float64'));
    z.data.forEach((v, i) => expect(a.data[i]).toBeCloseTo(Math.max(v, 0), 12));
    const dy = randomTensor([2, 3, 5], rng);
    const dw = ops.matmulTransposeA(x, dy, zeros([4, 5], 'float64'));
    const db = ops.sumToLastAxis(dy, zeros([5], 'float64'));
    const dx = ops.matmulTransposeB(dy, w, zeros([2, 3, 4], 'float64'));
    for (let k = 0; k < 4; k++)
      for (let n = 0; n < 5; n++) {
        let sum = 0;
        for (let r = 0; r < 6; r++) sum += x.data[r * 4 + k] * dy.data[r * 5 + n];
        expect(at(dw, k, n)).toBeCloseTo(sum, 12);
      }
    for (let n = 0; n < 5; n++) {
      let sum = 0;
      for (let r = 0; r < 6; r++) sum += dy.data[r * 5 + n];
      expect(db.data[n]).toBeCloseTo(sum, 12);
    }
    for (let r = 0; r < 6; r++)
      for (let k = 0; k < 4; k++) {
        let sum = 0;
        for (let n = 0; n < 5; n++) sum += dy.data[r * 5 + n] * at(w, k, n);
        expect(dx.data[r * 4 + k]).toBeCloseTo(sum, 12);
      }
  });

  it('linearBackward gives what the relu derivative and the three products give, in one call; it checks its buffers', () => {
    const a = ops.linear(x, w, bias, 'relu', zeros([2, 3, 5], 'float64'));
    const dy = randomTensor([2, 3, 5], rng);
    const grads = { dz: zeros([2, 3, 5], 'float64'), dW: zeros([4, 5], 'float64') };
    const [db, dx] = [zeros([5], 'float64'), zeros([2, 3, 4], 'float64')];
    expect(ops.linearBackward(x, w, a, dy, 'relu', grads.dz, grads.dW, db, dx)).toBe(dx);
    const g = dy.data.map((v, i) => (a.data[i] > 0 ? v : 0));
    expect(Array.from(grads.dz.data)).toEqual(Array.from(g));
    const gt = zeros([2, 3, 5], 'float64');
    gt.data.set(g);
    // the same kernels in the same order: equal to the last bit
    expect(grads.dW.data).toEqual(ops.matmulTransposeA(x, gt, zeros([4, 5], 'float64')).data);
    expect(db.data).toEqual(ops.sumToLastAxis(gt, zeros([5], 'float64')).data);
    expect(dx.data).toEqual(ops.matmulTransposeB(gt, w, zeros([2, 3, 4], 'float64')).data);
    // linear: dy itself is g, and nothing else is wanted
    expect(ops.linearBackward(x, w, dy, dy, 'linear', dy, grads.dW, null, null)).toBeNull();
    expect(grads.dW.data).toEqual(ops.matmulTransposeA(x, dy, zeros([4, 5], 'float64')).data);
    expect(() => ops.linearBackward(x, w, a, dy, 'relu', grads.dz, grads.dW, db, zeros([2, 3, 5], 'float64'))).toThrow(
      /ops\.linearBackward\(\): expected the input gradient of shape \[2, 3, 4\], got \[2, 3, 5\]/,
    );
    expect(() => ops.linearBackward(x, w, a, dy, 'relu', grads.dz, grads.dW, zeros([4], 'float64'), dx)).toThrow(
      ShapeError,
    );
  });

  it('sum over any axis', () => {
    for (const axis of [0, 1, 2, -1]) {
      const out = ops.sum(x, axis);
      const a = axis < 0 ? 3 + axis : axis;
      expect(out.shape).toEqual(x.shape.filter((_, i) => i !== a));
      for (let i = 0; i < out.size; i++) {
        // out index → x indices with the summed axis inserted
        const idx: number[] = [];
        let rest = i;
        for (let d = out.rank - 1; d >= 0; d--) {
          idx.unshift(rest % out.shape[d]);
          rest = Math.floor(rest / out.shape[d]);
        }
        let sum = 0;
        for (let j = 0; j < x.shape[a]; j++) sum += at(x, ...idx.slice(0, a), j, ...idx.slice(a));
        expect(out.data[i]).toBeCloseTo(sum, 12);
      }
    }
    expect(() => ops.sum(x, 3)).toThrow(ShapeError);
  });

  it('reshape is a view and resolves one -1', () => {
    const v = ops.reshape(x, [6, -1]);
    expect(v.shape).toEqual([6, 4]);
    expect(v.data).toBe(x.data);
    expect(() => ops.reshape(x, [5, -1])).toThrow(/expected a shape of 24 values/);
    expect(() => ops.reshape(x, [-1, -1])).toThrow(ShapeError);
    expect(ops.asRows(x).shape).toEqual([6, 4]);
  });

  it('readStep and writeStep copy one time step', () => {
    const step = ops.readStep(x, 1, zeros([2, 4], 'float64'));
    for (let b = 0; b < 2; b++) for (let k = 0; k < 4; k++) expect(at(step, b, k)).toBe(at(x, b, 1, k));
    const seq = zeros([2, 3, 4], 'float64');
    ops.writeStep(seq, 2, step);
    for (let b = 0; b < 2; b++)
      for (let t = 0; t < 3; t++)
        for (let k = 0; k < 4; k++) expect(at(seq, b, t, k)).toBe(t === 2 ? at(x, b, 1, k) : 0);
    expect(() => ops.readStep(x, 3, step)).toThrow(ShapeError);
  });

  it('shape mismatches are ShapeErrors naming the op', () => {
    expect(() => ops.matmul(x, randomTensor([3, 5], rng), zeros([2, 3, 5], 'float64'))).toThrow(
      /ops\.matmul\(\): expected the weight matrix of shape \[4, 5\], got \[3, 5\]/,
    );
    expect(() => ops.matmul(x, w, zeros([2, 5], 'float64'))).toThrow(/expected the output of shape \[2, 3, 5\]/);
    expect(() => ops.mul(x, randomTensor([2, 3, 4], rng, -1, 1, 'float32'), x)).toThrow(/every tensor in float64/);
    expect(() => ops.addBias(x, bias, x)).toThrow(/the bias of shape \[4\]/);
  });
});
