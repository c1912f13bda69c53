// the recurrent step kernels: forward against the cell formulas written out here, backward against central
// differences of the forward kernels (float64), then every backend against the TypeScript reference
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import type { FloatArray } from '../../src/core/types.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { EpilogueActivation, Kernels } from '../../src/kernels/kernels.js';
import { wasmKernels } from '../../src/kernels/wasm/index.js';
import { numericGradient, relativeError } from '../helpers/grad-check.js';

const [ROWS, UNITS] = [3, 4];
const ACTIVATIONS: EpilogueActivation[] = ['tanh', 'sigmoid', 'relu', 'linear'];
const g = (kind: EpilogueActivation, v: number) =>
  kind === 'tanh' ? Math.tanh(v) : kind === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : kind === 'relu' ? Math.max(v, 0) : v;

function random(size: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: size }, () => rng.uniform(-1.5, 1.5));
}
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0);

function expectGradient(name: string, analytic: ArrayLike<number>, numeric: Float64Array): void {
  expect(relativeError(analytic, numeric), name).toBeLessThan(1e-7);
  expect(Math.max(...numeric.map(Math.abs)), `${name} is not all zero`).toBeGreaterThan(0);
}

describe.each(ACTIVATIONS.flatMap((act) => ACTIVATIONS.map((rec) => [act, rec] as const)))(
  'activation %s, recurrent activation %s',
  (act, rec) => {
    it('rnnStep and its backward', () => {
      const z = random(ROWS * UNITS, 1);
      const h = new Float64Array(z.length);
      jsKernels.rnnStep(z, h, act);
      h.forEach((v, i) => expect(v).toBeCloseTo(g(act, z[i]), 14));
      const dh = random(z.length, 2);
      const dz = new Float64Array(z.length);
      jsKernels.rnnStepBackward(h, dh, dz, act);
      const numeric = numericGradient(
        z,
        () => {
          const out = new Float64Array(z.length);
          jsKernels.rnnStep(z, out, act);
          return out;
        },
        dh,
      );
      expectGradient('dz', dz, numeric);
    });

    it('lstmStep follows the formulas; lstmStepBackward matches central differences', () => {
      const pre = random(ROWS * 4 * UNITS, 3);
      const cPrev = random(ROWS * UNITS, 4);
      const run = (gates: FloatArray, prev: FloatArray) => {
        const out = {
          gates: Float64Array.from(gates),
          c: new Float64Array(ROWS * UNITS),
          h: new Float64Array(ROWS * UNITS),
        };
        jsKernels.lstmStep(out.gates, prev, out.c, out.h, ROWS, UNITS, act, rec);
        return out;
      };
      const { gates, c, h } = run(pre, cPrev);
      for (let r = 0; r < ROWS; r++)
        for (let j = 0; j < UNITS; j++) {
          const at = (k: number) => pre[r * 4 * UNITS + k * UNITS + j];
          const cell = g(rec, at(1)) * cPrev[r * UNITS + j] + g(rec, at(0)) * g(act, at(2));
          expect(c[r * UNITS + j]).toBeCloseTo(cell, 14);
          expect(h[r * UNITS + j]).toBeCloseTo(g(rec, at(3)) * g(act, cell), 14);
        }
      // f = Σ dh·h + Σ dcIn·c, so dz = ∂f/∂pre and dcPrev = ∂f/∂cPrev
      const [dh, dcIn] = [random(ROWS * UNITS, 5), random(ROWS * UNITS, 6)];
      const dc = Float64Array.from(dcIn);
      const dz = new Float64Array(pre.length);
      jsKernels.lstmStepBackward(gates, cPrev, c, dh, dc, dz, ROWS, UNITS, act, rec);
      const f = () => {
        const out = run(pre, cPrev);
        return [dot(out.h, dh) + dot(out.c, dcIn)];
      };
      expectGradient('dz', dz, numericGradient(pre, f, [1]));
      expectGradient('dcPrev', dc, numericGradient(cPrev, f, [1]));
    });

    it.each([true, false])('GRU step (resetAfter %s): kernels follow the formulas and their backward', (resetAfter) => {
      const pre = random(ROWS * 3 * UNITS, 7);
      const inner = random(ROWS * 2 * UNITS, 8);
      const hPrev = random(ROWS * UNITS, 9);
      const uh = random(UNITS * UNITS, 10);
      const ihGiven = random(ROWS * UNITS, 11);
      // the candidate's recurrent part: given (reset after), or (r ⊙ hPrev)·U_h (before)
      const run = () => {
        const gates = Float64Array.from(pre);
        const rh = new Float64Array(ROWS * UNITS);
        const ih = resetAfter ? ihGiven : new Float64Array(ROWS * UNITS);
        const h = new Float64Array(ROWS * UNITS);
        jsKernels.gruGates(gates, inner, hPrev, rh, ROWS, UNITS, rec);
        if (!resetAfter) jsKernels.matmul(rh, uh, ih, ROWS, UNITS, UNITS, false, false, false);
        jsKernels.gruOutput(gates, ih, hPrev, h, ROWS, UNITS, act, resetAfter);
        return { gates, rh, ih, h };
      };
      const { gates, ih, h } = run();
      for (let r = 0; r < ROWS; r++)
        for (let j = 0; j < UNITS; j++) {
          const z = g(rec, pre[r * 3 * UNITS + j] + inner[r * 2 * UNITS + j]);
          const reset = g(rec, pre[r * 3 * UNITS + UNITS + j] + inner[r * 2 * UNITS + UNITS + j]);
          const part = resetAfter ? reset * ih[r * UNITS + j] : ih[r * UNITS + j];
          const hh = g(act, pre[r * 3 * UNITS + 2 * UNITS + j] + part);
          expect(h[r * UNITS + j]).toBeCloseTo(z * hPrev[r * UNITS + j] + (1 - z) * hh, 14);
        }
      const dh = random(ROWS * UNITS, 12);
      const dz = new Float64Array(pre.length);
      const dzr = new Float64Array(inner.length);
      const dInnerH = new Float64Array(ROWS * UNITS);
      const drh = new Float64Array(ROWS * UNITS);
      const dhPrev = new Float64Array(ROWS * UNITS).fill(0.25);
      jsKernels.gruOutputBackward(gates, dh, dz, dInnerH, ROWS, UNITS, act, resetAfter);
      if (!resetAfter) jsKernels.matmul(dInnerH, uh, drh, ROWS, UNITS, UNITS, false, true, false);
      jsKernels.gruGatesBackward(gates, ih, hPrev, dh, drh, dz, dzr, dhPrev, ROWS, UNITS, rec, resetAfter);
      const f = () => run().h;
      expectGradient('dz', dz, numericGradient(pre, f, dh));
      expectGradient('dzr', dzr, numericGradient(inner, f, dh));
      // hPrev's gradient outside the products with U_zr (and with U_h after the reset), added to what was there
      expectGradient(
        'dhPrev',
        dhPrev.map((v) => v - 0.25),
        numericGradient(hPrev, f, dh),
      );
      if (resetAfter) expectGradient('dInnerH', dInnerH, numericGradient(ihGiven, f, dh));
    });
  },
);

describe.each([
  ['js', jsKernels],
  ['wasm', wasmKernels],
] as [string, Kernels][])('%s backend in float32 against the float64 reference', (_, k) => {
  const f32 = (a: Float64Array) => Float32Array.from(a);
  const close = (actual: Float32Array, expected: Float64Array) =>
    expected.forEach((v, i) => expect(Math.abs(actual[i] - v)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));

  it('lstmStep, lstmStepBackward, addProduct', () => {
    const [pre, cPrev, dh, dcIn] = [random(24 * 16, 1), random(24 * 4, 2), random(24 * 4, 3), random(24 * 4, 4)];
    const ref = { gates: Float64Array.from(pre), c: new Float64Array(96), h: new Float64Array(96) };
    jsKernels.lstmStep(ref.gates, cPrev, ref.c, ref.h, 24, 4, 'tanh', 'sigmoid');
    const ours = { gates: f32(pre), c: new Float32Array(96), h: new Float32Array(96) };
    k.lstmStep(ours.gates, f32(cPrev), ours.c, ours.h, 24, 4, 'tanh', 'sigmoid');
    close(ours.h, ref.h);
    const [dc, dz] = [Float64Array.from(dcIn), new Float64Array(pre.length)];
    jsKernels.lstmStepBackward(ref.gates, cPrev, ref.c, dh, dc, dz, 24, 4, 'tanh', 'sigmoid');
    const [dc32, dz32] = [f32(dcIn), new Float32Array(pre.length)];
    k.lstmStepBackward(ours.gates, f32(cPrev), ours.c, f32(dh), dc32, dz32, 24, 4, 'tanh', 'sigmoid');
    close(dz32, dz);
    close(dc32, dc);
    const out = f32(dh);
    k.addProduct(f32(cPrev), f32(dcIn), out);
    close(
      out,
      dh.map((v, i) => v + cPrev[i] * dcIn[i]),
    );
  });
});

describe.each([
  ['js', jsKernels],
  ['wasm', wasmKernels],
] as [string, Kernels][])('%s: the step-mask kernels', (_, k) => {
  const mask = Float32Array.from([1, 0, 1, 0]);
  const rowsOf = (a: Float32Array) => [0, 1, 2, 3].map((b) => Array.from(a.subarray(b * 2, b * 2 + 2)));

  it('keepMasked copies the previous state into masked rows only', () => {
    const prev = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const next = Float32Array.from([9, 9, 9, 9, 9, 9, 9, 9]);
    k.keepMasked(mask, prev, next, 4, 2);
    expect(rowsOf(next)).toEqual([
      [9, 9],
      [3, 4],
      [9, 9],
      [7, 8],
    ]);
  });

  it('takeMasked moves masked rows aside and zeroes them; addMasked adds them back to masked rows only', () => {
    const grad = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const saved = new Float32Array(8);
    k.takeMasked(mask, grad, saved, 4, 2);
    expect(rowsOf(grad)).toEqual([
      [1, 2],
      [0, 0],
      [5, 6],
      [0, 0],
    ]);
    expect(rowsOf(saved)).toEqual([
      [0, 0],
      [3, 4],
      [0, 0],
      [7, 8],
    ]);
    const target = Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1]);
    saved[0] = 100; // an unmasked row of `saved` is never read
    k.addMasked(mask, saved, target, 4, 2);
    expect(rowsOf(target)).toEqual([
      [1, 1],
      [4, 5],
      [1, 1],
      [8, 9],
    ]);
  });
});
