// every kernel of every backend against a naive reference written here; a wasm backend is one more entry in `backends`
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { allocate, setFloat32Allocator, type DType, type FloatArray } from '../../src/core/types.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { Kernels, UpdateRule } from '../../src/kernels/kernels.js';
import { wasmKernels, wasmRuntime } from '../../src/kernels/wasm/index.js';
import { normalCdf, normalPdf, SELU_ALPHA, SELU_SCALE, sigmoidRef } from '../helpers/reference-math.js';

interface Backend {
  label: string;
  k: Kernels;
  dtypes: readonly DType[];
  /** Allocate the test's float32 arrays in WebAssembly memory (zero-copy calls) instead of plain arrays (copied). */
  resident?: boolean;
}
const backends: readonly Backend[] = [
  { label: 'js', k: jsKernels, dtypes: ['float32', 'float64'] },
  { label: 'wasm, arrays copied in and out', k: wasmKernels, dtypes: ['float32'] },
  { label: 'wasm, arrays resident in its memory', k: wasmKernels, dtypes: ['float32'], resident: true },
];
const residentAllocator = { allocate: (size: number) => wasmRuntime().heap.allocateFloat32(size) };

interface Precision {
  dtype: DType;
  /** Relative tolerance: float32 results are compared with a float64 reference, float64 results tightly. */
  rtol: number;
}
const precisions: readonly Precision[] = [
  { dtype: 'float32', rtol: 1e-5 },
  { dtype: 'float64', rtol: 1e-12 },
];

/** Every kernel this suite checks; the first test fails when a backend has one that is not here. */
const TESTED = [
  'matmul',
  'matmulBiasActivation',
  'denseBackward',
  'addRowVector',
  'sumRows',
  'mul',
  'relu',
  'reluBackward',
  'leakyRelu',
  'leakyReluBackward',
  'elu',
  'eluBackward',
  'sigmoid',
  'sigmoidBackward',
  'tanh',
  'tanhBackward',
  'softplus',
  'softplusBackward',
  'swish',
  'swishBackward',
  'gelu',
  'geluBackward',
  'softmax',
  'softmaxBackward',
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'outputGradient',
  'dropoutMask',
  'l1l2',
  'batchNormTrain',
  'batchNormInfer',
  'batchNormBackward',
  'movingAverage',
  'sgdUpdate',
  'momentumUpdate',
  'sgdMomentumUpdate',
  'rmspropUpdate',
  'adamUpdate',
  'adagradUpdate',
  'updateParams',
  // convolution and pooling: in windows.test.ts
  'conv2d',
  'conv2dBackwardInput',
  'conv2dBackwardFilter',
  'maxPool2d',
  'maxPool2dBackward',
  'avgPool2d',
  'avgPool2dBackward',
  // recurrent steps: in recurrent.test.ts
  'rnnStep',
  'rnnStepBackward',
  'lstmStep',
  'lstmStepBackward',
  'gruGates',
  'gruOutput',
  'gruOutputBackward',
  'gruGatesBackward',
  'addProduct',
  'keepMasked',
  'takeMasked',
  'addMasked',
];

/** Random values in [low, high), stored in the dtype (so float32 inputs are already rounded). */
function random(dtype: DType, size: number, rng: Rng, low = -1, high = 1): FloatArray {
  const out = allocate(dtype, size);
  for (let i = 0; i < size; i++) out[i] = rng.uniform(low, high);
  return out;
}

/** f(i) at each i, in an array from `allocate` (a typed array's map() would copy it out of WebAssembly memory). */
function filledBy(dtype: DType, size: number, f: (i: number) => number): FloatArray {
  const out = allocate(dtype, size);
  for (let i = 0; i < size; i++) out[i] = f(i);
  return out;
}

function filled(dtype: DType, size: number, value: number): FloatArray {
  return allocate(dtype, size).fill(value);
}

/**
 * |actual − expected| ≤ rtol·(max(|expected|, scale) + 1e-3·max|expected|): relative, with a floor at the array's
 * scale for entries that cancel; `scale` gives per-entry magnitudes (e.g. Σ|a||b| for matmul).
 */
function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  scale?: ArrayLike<number>,
  what = 'values',
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) maxRef = Math.max(maxRef, Math.abs(expected[i]));
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const bound = rtol * (Math.max(Math.abs(expected[i]), scale ? scale[i] : 0) + 1e-3 * maxRef) || Number.MIN_VALUE;
    const ratio = Math.abs(actual[i] - expected[i]) / bound;
    if (!(ratio <= worst)) {
      worst = ratio;
      at = i;
    }
  }
  expect(worst, `${what}[${at}]: ${actual[at]} vs ${expected[at]}`).toBeLessThanOrEqual(1);
}

/** Odd lengths, primes, and a multiple of 8, for the elementwise kernels. */
const LENGTHS = [1, 7, 24, 33, 91];
/** [rows, cols]: 1×1, primes, non-multiples of 4 and 8, and a tall one. */
const MATRICES: [number, number][] = [
  [1, 1],
  [1, 9],
  [7, 13],
  [13, 5],
  [3, 4],
  [64, 3],
  // 1, 2, 4 and 8 columns are summed as one flat array by the WebAssembly kernel: ragged ends and partial groups
  [9, 1],
  [33, 2],
  [13, 8],
];
/** [m, k, n] */
const MATMUL_SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [7, 13, 5],
  [5, 7, 13],
  [13, 5, 7],
  [3, 9, 17],
  [16, 8, 4],
  [8, 8, 8],
  [33, 17, 9],
  [1, 31, 1],
  [6, 1, 10],
  [2, 5, 1],
  // vector products (n = 1 or k = 1) take their own WebAssembly path: ragged row groups, depth and column tails
  [37, 9, 1],
  [21, 200, 1],
  [4, 7, 1],
  [203, 1, 19],
  // depth 2–4 with A by rows: the shallow path keeps B's panel in registers (full, ragged and narrow panels)
  [200, 2, 16],
  [37, 3, 5],
  [9, 4, 13],
  [5, 2, 8],
  [11, 4, 19],
  [1, 3, 4],
  // thin outputs summed over many rows (transA: a small layer's weight gradient): C in registers
  [8, 200, 4],
  [7, 33, 3],
  [4, 21, 8],
  [3, 9, 6],
  [2, 200, 16],
  [1, 17, 13],
  [2, 8, 9],
  // long depth under narrow and single-row tiles, which split it into even and odd steps
  [8, 201, 4],
  [3, 201, 11],
  // past the WebAssembly GEMM's blocking: 128 rows, 256 deep, 1024 columns per packed block
  [129, 260, 17],
  [3, 520, 5],
  [9, 13, 1029],
];

describe.each(backends)('$label', ({ k, dtypes, resident }) => {
  // arrays made while running (it bodies) go where this backend wants them
  let previous: ReturnType<typeof setFloat32Allocator> = null;
  if (resident) {
    beforeAll(() => void (previous = setFloat32Allocator(residentAllocator)));
    afterAll(() => void setFloat32Allocator(previous));
  }
  /**
   * Arrays made while collecting (describe bodies), made where this backend wants them: vitest runs nested describe
   * bodies after this one has returned, so an allocator set here would be gone by then.
   */
  const made = <T>(make: () => T): T => {
    const before = resident ? setFloat32Allocator(residentAllocator) : null;
    try {
      return make();
    } finally {
      if (resident) setFloat32Allocator(before);
    }
  };

  it('every kernel of the backend is covered by this suite', () => {
    const names = Object.keys(k).filter((key) => key !== 'name');
    expect(names.sort()).toEqual([...TESTED].sort());
  });

  if (resident)
    it('really runs on resident arrays', () => {
      const a = allocate('float32', 8);
      expect(wasmRuntime().heap.offset(a)).toBeGreaterThan(0);
    });

  describe.each(precisions.filter((p) => dtypes.includes(p.dtype)))('$dtype', ({ dtype, rtol }) => {
    describe('matmul', () => {
      const modes = [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const;
      const cases = MATMUL_SHAPES.flatMap(([m, kk, n]) =>
        modes.flatMap(([transA, transB]) =>
          [false, true].map((accumulate) => ({ m, k: kk, n, transA, transB, accumulate })),
        ),
      );

      it.each(cases)(
        '$m×$k·$k×$n transA $transA transB $transB accumulate $accumulate',
        ({ m, k: depth, n, transA, transB, accumulate }) => {
          const rng = new Rng(m * 1000 + depth * 31 + n);
          // a is stored [k, m] when transposed, b is stored [n, k] when transposed
          const a = random(dtype, m * depth, rng);
          const b = random(dtype, depth * n, rng);
          const initial = random(dtype, m * n, rng);
          const out = Float64Array.from(initial);
          const outK = allocate(dtype, m * n);
          outK.set(initial);
          const opA = (i: number, p: number) => (transA ? a[p * m + i] : a[i * depth + p]);
          const opB = (p: number, j: number) => (transB ? b[j * depth + p] : b[p * n + j]);
          const scale = new Float64Array(m * n);
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              let sum = accumulate ? out[i * n + j] : 0;
              let mag = accumulate ? Math.abs(out[i * n + j]) : 0;
              for (let p = 0; p < depth; p++) {
                sum += opA(i, p) * opB(p, j);
                mag += Math.abs(opA(i, p) * opB(p, j));
              }
              out[i * n + j] = sum;
              scale[i * n + j] = mag;
            }
          k.matmul(a, b, outK, m, depth, n, transA, transB, accumulate);
          expectClose(outK, out, rtol, scale);
        },
      );

      it('overwrites stale values in out when not accumulating', () => {
        const a = random(dtype, 6, new Rng(1));
        const b = random(dtype, 6, new Rng(2));
        const out = filled(dtype, 4, 1e6);
        k.matmul(a, b, out, 2, 3, 2, false, false, false);
        const expected = [0, 1, 2, 3].map((idx) => {
          const [i, j] = [Math.floor(idx / 2), idx % 2];
          return a[i * 3] * b[j] + a[i * 3 + 1] * b[2 + j] + a[i * 3 + 2] * b[4 + j];
        });
        expectClose(out, expected, rtol);
      });
    });

    describe('matmulBiasActivation', () => {
      const activations = {
        linear: (v: number) => v,
        relu: (v: number) => Math.max(v, 0),
        sigmoid: sigmoidRef,
        tanh: Math.tanh,
      } as const;
      // odd widths cross the 8-column panels and the 4-lane tails; 129×260 crosses the row and depth blocking, where
      // the epilogue must run once, on the last depth panel only
      const shapes: [number, number, number][] = [
        [1, 1, 1],
        [7, 13, 5],
        [200, 2, 16],
        [13, 4, 1],
        [37, 9, 1],
        [203, 1, 19],
        [33, 17, 9],
        [129, 260, 17],
      ];
      const cases = shapes.flatMap(([m, depth, n]) =>
        (['linear', 'relu', 'sigmoid', 'tanh'] as const).flatMap((activation) =>
          [true, false].map((withBias) => ({ m, depth, n, activation, withBias })),
        ),
      );
      it.each(cases)('$m×$depth·$depth×$n, $activation, bias $withBias', ({ m, depth, n, activation, withBias }) => {
        const rng = new Rng(m * 7 + depth * 3 + n);
        const x = random(dtype, m * depth, rng);
        const w = random(dtype, depth * n, rng);
        const bias = withBias ? random(dtype, n, rng, -2, 2) : null;
        const out = filled(dtype, m * n, 1e6);
        const expected = new Float64Array(m * n);
        const scale = new Float64Array(m * n);
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            let z = bias ? bias[j] : 0;
            let mag = Math.abs(z);
            for (let p = 0; p < depth; p++) {
              z += x[i * depth + p] * w[p * n + j];
              mag += Math.abs(x[i * depth + p] * w[p * n + j]);
            }
            expected[i * n + j] = activations[activation](z);
            // every slope is ≤ 1, so the product's rounding (scaled by Σ|x·w|) bounds the result's
            scale[i * n + j] = mag;
          }
        k.matmulBiasActivation(x, w, bias, out, m, depth, n, activation);
        expectClose(out, expected, rtol, scale);
      });
    });

    describe('denseBackward', () => {
      // a's derivative as the layer reads it from the output: relu' is 1 where a > 0
      const slopes = {
        linear: () => 1,
        relu: (a: number) => (a > 0 ? 1 : 0),
        sigmoid: (a: number) => a * (1 - a),
        tanh: (a: number) => 1 - a * a,
      } as const;
      const shapes: [number, number, number][] = [
        [1, 1, 1],
        [200, 2, 16],
        [200, 16, 8],
        [13, 4, 1],
        [37, 9, 5],
        [129, 260, 17],
      ];
      const cases = shapes.flatMap(([m, depth, n]) =>
        (['linear', 'relu', 'sigmoid', 'tanh'] as const).flatMap((activation) =>
          [true, false].map((wanted) => ({ m, depth, n, activation, wanted })),
        ),
      );
      it.each(cases)('$m×$depth·$depth×$n, $activation, db and dx $wanted', ({ m, depth, n, activation, wanted }) => {
        const rng = new Rng(m * 5 + depth * 11 + n);
        const x = random(dtype, m * depth, rng);
        const w = random(dtype, depth * n, rng);
        // outputs in the activation's range, some exactly 0 (relu's kink)
        const a = random(dtype, m * n, rng, activation === 'sigmoid' ? 0.01 : -0.99, 0.99);
        if (activation === 'relu') for (let i = 0; i < a.length; i += 3) a[i] = 0;
        const dy = random(dtype, m * n, rng);
        const dz = filled(dtype, m * n, 1e6);
        const [dW, db, dx] = [filled(dtype, depth * n, 1e6), filled(dtype, n, 1e6), filled(dtype, m * depth, 1e6)];
        const g = Array.from(dy, (v, i) => v * slopes[activation](a[i]));
        const [eW, sW] = [new Float64Array(depth * n), new Float64Array(depth * n)];
        const [eb, sb] = [new Float64Array(n), new Float64Array(n)];
        const [ex, sx] = [new Float64Array(m * depth), new Float64Array(m * depth)];
        for (let i = 0; i < m; i++)
          for (let j = 0; j < n; j++) {
            const gij = g[i * n + j];
            eb[j] += gij;
            sb[j] += Math.abs(gij);
            for (let p = 0; p < depth; p++) {
              eW[p * n + j] += x[i * depth + p] * gij;
              sW[p * n + j] += Math.abs(x[i * depth + p] * gij);
              ex[i * depth + p] += gij * w[p * n + j];
              sx[i * depth + p] += Math.abs(gij * w[p * n + j]);
            }
          }
        k.denseBackward(x, a, dy, dz, w, dW, wanted ? db : null, wanted ? dx : null, m, depth, n, activation);
        expectClose(dW, eW, rtol, sW);
        if (activation === 'linear') expect(Array.from(dz)).toEqual(Array.from(filled(dtype, m * n, 1e6)));
        else expectClose(dz, g, rtol);
        if (wanted) {
          expectClose(db, eb, rtol, sb);
          expectClose(dx, ex, rtol, sx);
        } else {
          // not wanted: not written
          expect(db.every((v) => v === 1e6) && dx.every((v) => v === 1e6)).toBe(true);
        }
      });
    });

    describe('random draws and penalties', () => {
      it.each([1, 7, 33, 1000])('dropoutMask draws what Rng.nextUint32() draws, %i entries', (n) => {
        const reference = new Rng(n);
        const stream = new Rng(n);
        const mask = filled(dtype, n, 7);
        k.dropoutMask(stream.words, mask, 0.3, 1 / 0.7);
        const keep = allocate(dtype, 1).fill(1 / 0.7)[0];
        // x < ⌈0.3·2³²⌉ ⇔ x / 2³² < 0.3 for an integer x
        const expected = Array.from({ length: n }, () => (reference.nextUint32() / 2 ** 32 < 0.3 ? 0 : keep));
        expect(Array.from(mask)).toEqual(expected);
        // the stream goes on where the kernel left it
        expect(stream.next()).toBe(reference.next());
      });

      it('dropoutMask drops about a rate share, none at rate 0', () => {
        const mask = filled(dtype, 20_000, 7);
        k.dropoutMask(new Rng(5).words, mask, 0.2, 1.25);
        const dropped = mask.filter((v) => v === 0).length / mask.length;
        expect(Math.abs(dropped - 0.2)).toBeLessThan(0.01); // 3.5 standard errors
        k.dropoutMask(new Rng(6).words, mask, 0, 1);
        expect(mask.every((v) => v === 1)).toBe(true);
        // ⌈rate·2³²⌉ = 2³² for a rate this close to 1: every draw is below it
        k.dropoutMask(new Rng(7).words, mask, 1 - 2 ** -40, 2);
        expect(mask.every((v) => v === 0)).toBe(true);
      });

      it.each([
        [1, 0, 0.5],
        [13, 0.01, 0],
        [33, 0.02, 0.003],
      ])('l1l2 over %i weights (l1 %s, l2 %s): the penalty, then the gradient added', (n, l1, l2) => {
        const rng = new Rng(n + 5);
        const w = random(dtype, n, rng, -2, 2);
        w[0] = 0; // sign(0) = 0
        const grad = random(dtype, n, rng);
        const before = Array.from(grad);
        let penalty = 0;
        for (const v of w) penalty += l1 * Math.abs(v) + l2 * v * v;
        expectClose([k.l1l2(w, null, l1, l2)], [penalty], rtol);
        expect(Array.from(grad)).toEqual(before);
        expectClose([k.l1l2(w, grad, l1, l2)], [penalty], rtol);
        expectClose(
          grad,
          before.map((g, i) => g + l1 * Math.sign(w[i]) + 2 * l2 * w[i]),
          rtol,
        );
      });
    });

    describe.each([
      [1, 1],
      [200, 1],
      [7, 3],
      [33, 10],
      [64, 10],
    ])('loss kernels on %i×%i', (rows, cols) => {
      const EPS = 1e-7;
      const rng = new Rng(rows * 31 + cols);
      const n = rows * cols;
      const [p, y, hard, weights] = made(() => [
        random(dtype, n, rng, 0, 1),
        filledBy(dtype, n, (i) => (i % 3 === 0 ? 1 : i % 3 === 1 ? 0 : 0.25)),
        // labels of 0 and 1 only in the first half (one logarithm per entry, and runs of zeros skipped, in the
        // WebAssembly kernels), soft ones after it, so one call takes both paths
        filledBy(dtype, n, (i) => (i < n / 2 ? Number(i % 5 === 0) : i % 3 === 0 ? 0.25 : 0)),
        random(dtype, rows, rng, 0, 2),
      ]);
      // saturated and clipped entries: exactly 0 and 1, below ε, and within ε of 1
      [0, 1, 1e-9, 1 - 3e-8].forEach((v, i) => i < n && (p[(i * 7) % n] = v));
      const weightOf = (w: FloatArray | null, i: number) => (w === null ? 1 : w[Math.floor(i / cols)]);
      const cases = [false, true].flatMap((weighted) => [
        { weighted, labels: 'soft', y },
        { weighted, labels: 'hard then soft', y: hard },
      ]);

      if (resident)
        it('has every input in WebAssembly memory (else the binding would run the reference)', () => {
          for (const a of [p, y, hard, weights]) expect(wasmRuntime().heap.offset(a)).toBeGreaterThan(0);
        });

      it.each(cases)('binaryCrossentropy, weights $weighted, $labels labels', ({ weighted, y }) => {
        const w = weighted ? weights : null;
        let expected = 0;
        let scale = 0;
        for (let i = 0; i < n; i++) {
          const q = Math.min(Math.max(p[i], EPS), 1 - EPS);
          const term = -weightOf(w, i) * (y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q));
          expected += term;
          scale += Math.abs(term);
        }
        expectClose([k.binaryCrossentropy(p, y, w, rows, cols)], [expected], rtol, [scale]);
      });

      it.each(cases)('categoricalCrossentropy, weights $weighted, $labels labels', ({ weighted, y }) => {
        const w = weighted ? weights : null;
        let expected = 0;
        let scale = 0;
        for (let i = 0; i < n; i++) {
          const term = y[i] === 0 ? 0 : -weightOf(w, i) * y[i] * Math.log(Math.max(p[i], EPS));
          expected += term;
          scale += Math.abs(term);
        }
        expectClose([k.categoricalCrossentropy(p, y, w, rows, cols)], [expected], rtol, [scale]);
      });

      it.each([false, true])('outputGradient over stale values, weights %s', (weighted) => {
        const w = weighted ? weights : null;
        const dz = filled(dtype, n, 1e6);
        k.outputGradient(p, y, w, dz, rows, cols, 1 / rows);
        expectClose(
          dz,
          Array.from(p, (v, i) => (weightOf(w, i) * (v - y[i])) / rows),
          rtol,
        );
      });
    });

    describe.each(MATRICES)('row kernels on %i×%i', (rows, cols) => {
      const rng = new Rng(rows * 100 + cols);
      const [x, row] = made(() => [random(dtype, rows * cols, rng, -3, 3), random(dtype, cols, rng, -3, 3)]);

      it('addRowVector, into a separate out and in place', () => {
        const expected = Array.from(x, (v, i) => v + row[i % cols]);
        const out = allocate(dtype, rows * cols);
        k.addRowVector(x, row, out, rows, cols);
        expectClose(out, expected, rtol);
        const inPlace = allocate(dtype, rows * cols);
        inPlace.set(x);
        k.addRowVector(inPlace, row, inPlace, rows, cols);
        expectClose(inPlace, expected, rtol);
      });

      it('sumRows, over stale values in out', () => {
        const expected = new Float64Array(cols);
        const mag = new Float64Array(cols);
        for (let i = 0; i < rows; i++)
          for (let j = 0; j < cols; j++) {
            expected[j] += x[i * cols + j];
            mag[j] += Math.abs(x[i * cols + j]);
          }
        const out = filled(dtype, cols, 7);
        k.sumRows(x, out, rows, cols);
        expectClose(out, expected, rtol, mag);
      });

      it('softmax: exp(x − max) / Σ exp(x − max) per row', () => {
        const shifted = Array.from(x, (v) => v + 500); // large inputs must not overflow
        const input = allocate(dtype, rows * cols);
        input.set(shifted);
        const expected = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++) {
          let denom = 0;
          for (let j = 0; j < cols; j++) denom += Math.exp(x[r * cols + j]);
          for (let j = 0; j < cols; j++) expected[r * cols + j] = Math.exp(x[r * cols + j]) / denom;
        }
        const out = allocate(dtype, rows * cols);
        k.softmax(input, out, rows, cols);
        // float32 rounds x + 500 to about 3e-5, which moves the result by that much relatively
        expectClose(out, expected, dtype === 'float32' ? 1e-4 : rtol);
        const direct = allocate(dtype, rows * cols);
        k.softmax(x, direct, rows, cols);
        expectClose(direct, expected, rtol);
      });

      it('softmaxBackward: dz = Jᵀ·dy with J_ij = a_i(δ_ij − a_j)', () => {
        const a = allocate(dtype, rows * cols);
        k.softmax(x, a, rows, cols);
        const dy = random(dtype, rows * cols, new Rng(rows + cols));
        const expected = new Float64Array(rows * cols);
        const mag = new Float64Array(rows * cols);
        for (let r = 0; r < rows; r++)
          for (let i = 0; i < cols; i++) {
            let sum = 0;
            let m = 0;
            for (let j = 0; j < cols; j++) {
              const jac = a[r * cols + j] * ((i === j ? 1 : 0) - a[r * cols + i]);
              sum += jac * dy[r * cols + j];
              m += Math.abs(jac * dy[r * cols + j]);
            }
            expected[r * cols + i] = sum;
            mag[r * cols + i] = m;
          }
        const dz = allocate(dtype, rows * cols);
        k.softmaxBackward(a, dy, dz, rows, cols);
        expectClose(dz, expected, rtol, mag);
      });

      describe('batch norm', () => {
        const epsilon = 1e-3;
        const gamma = random(dtype, cols, rng, 0.5, 2);
        const beta = random(dtype, cols, rng, -1, 1);
        const data = random(dtype, rows * cols, rng, -2, 4);

        /** Column mean and biased variance, the textbook way. */
        const stats = () => {
          const mean = new Float64Array(cols);
          const variance = new Float64Array(cols);
          for (let j = 0; j < cols; j++) {
            for (let i = 0; i < rows; i++) mean[j] += data[i * cols + j] / rows;
            for (let i = 0; i < rows; i++) variance[j] += (data[i * cols + j] - mean[j]) ** 2 / rows;
          }
          return { mean, variance };
        };

        it('batchNormTrain writes out, xHat, mean, biased variance and 1/√(var + eps)', () => {
          const { mean, variance } = stats();
          const invStd = variance.map((v) => 1 / Math.sqrt(v + epsilon));
          const xHat = Array.from(data, (v, i) => (v - mean[i % cols]) * invStd[i % cols]);
          const out = xHat.map((h, i) => gamma[i % cols] * h + beta[i % cols]);
          const bufs = {
            out: filled(dtype, rows * cols, NaN),
            xHat: filled(dtype, rows * cols, NaN),
            mean: filled(dtype, cols, NaN),
            variance: filled(dtype, cols, NaN),
            invStd: filled(dtype, cols, NaN),
          };
          k.batchNormTrain(
            data,
            gamma,
            beta,
            bufs.out,
            bufs.xHat,
            bufs.mean,
            bufs.variance,
            bufs.invStd,
            rows,
            cols,
            epsilon,
          );
          expectClose(bufs.mean, mean, rtol, undefined, 'mean');
          expectClose(bufs.variance, variance, rtol, undefined, 'variance');
          expectClose(bufs.invStd, invStd, rtol, undefined, 'invStd');
          expectClose(bufs.xHat, xHat, rtol, undefined, 'xHat');
          expectClose(bufs.out, out, rtol, undefined, 'out');
        });

        it('batchNormInfer normalizes with the given moving statistics', () => {
          const stream = new Rng(rows * cols);
          const movingMean = random(dtype, cols, stream, -1, 1);
          const movingVariance = random(dtype, cols, stream, 0.1, 3);
          const expected = Array.from(
            data,
            (v, i) =>
              (gamma[i % cols] * (v - movingMean[i % cols])) / Math.sqrt(movingVariance[i % cols] + epsilon) +
              beta[i % cols],
          );
          const out = allocate(dtype, rows * cols);
          k.batchNormInfer(data, gamma, beta, movingMean, movingVariance, out, rows, cols, epsilon);
          expectClose(out, expected, rtol);
        });

        it('batchNormBackward matches the long-form chain rule through mean and variance', () => {
          const { mean, variance } = stats();
          const invStd = variance.map((v) => 1 / Math.sqrt(v + epsilon));
          const xHat = allocate(dtype, rows * cols);
          for (let i = 0; i < rows * cols; i++) xHat[i] = (data[i] - mean[i % cols]) * invStd[i % cols];
          const invStdK = allocate(dtype, cols);
          invStdK.set(invStd);
          const dy = random(dtype, rows * cols, new Rng(rows * cols + 1));
          // cs231n's staged backward: dxHat → dvar → dmean → dx
          const dx = new Float64Array(rows * cols);
          const dGamma = new Float64Array(cols);
          const dBeta = new Float64Array(cols);
          for (let j = 0; j < cols; j++) {
            let dvar = 0;
            let dmean = 0;
            let centredSum = 0;
            for (let i = 0; i < rows; i++) {
              const idx = i * cols + j;
              const centred = data[idx] - mean[j];
              const dxHat = dy[idx] * gamma[j];
              dvar += dxHat * centred * -0.5 * (variance[j] + epsilon) ** -1.5;
              dmean -= dxHat * invStd[j];
              centredSum += centred;
              dGamma[j] += dy[idx] * xHat[idx];
              dBeta[j] += dy[idx];
            }
            dmean += (dvar * -2 * centredSum) / rows;
            for (let i = 0; i < rows; i++) {
              const idx = i * cols + j;
              dx[idx] = dy[idx] * gamma[j] * invStd[j] + (dvar * 2 * (data[idx] - mean[j])) / rows + dmean / rows;
            }
          }
          const out = {
            dx: filled(dtype, rows * cols, NaN),
            dGamma: filled(dtype, cols, NaN),
            dBeta: filled(dtype, cols, NaN),
          };
          k.batchNormBackward(dy, xHat, gamma, invStdK, out.dx, out.dGamma, out.dBeta, rows, cols);
          // dx cancels (its columns sum to 0), so it is compared at the scale of |dy·gamma·invStd|
          const dxScale = Array.from(dy, (g, i) => 3 * Math.abs(g * gamma[i % cols] * invStd[i % cols]));
          expectClose(out.dx, dx, rtol, dxScale, 'dx');
          expectClose(out.dGamma, dGamma, rtol, undefined, 'dGamma');
          expectClose(out.dBeta, dBeta, rtol, undefined, 'dBeta');
        });
      });
    });

    describe('movingAverage', () => {
      it.each([0, 0.5, 0.99, 1])('momentum %s', (momentum) => {
        const rng = new Rng(5);
        const moving = random(dtype, 13, rng);
        const batch = random(dtype, 13, rng);
        const expected = Array.from(moving, (m, i) => momentum * m + (1 - momentum) * batch[i]);
        k.movingAverage(moving, batch, momentum);
        expectClose(moving, expected, rtol);
      });
    });

    describe.each(LENGTHS)('elementwise kernels on length %i', (n) => {
      const rng = new Rng(n);
      // one exact zero pins the convention at the kink: the derivative there is the left one (z > 0 is "on")
      const [x, dy] = made(() => [random(dtype, n, rng, -4, 4), random(dtype, n, rng)]);
      if (n > 1) x[0] = 0;

      const unary = (fn: (v: number) => number) => Array.from(x, fn);
      const withDy = (fn: (v: number) => number) => Array.from(x, (v, i) => dy[i] * fn(v));
      const run = (kernel: (x: FloatArray, out: FloatArray) => void, input: FloatArray = x): FloatArray => {
        const out = filled(dtype, n, NaN);
        kernel(input, out);
        return out;
      };
      const runBackward = (kernel: (z: FloatArray, dy: FloatArray, dz: FloatArray) => void, z: FloatArray = x) => {
        const dz = filled(dtype, n, NaN);
        kernel(z, dy, dz);
        return dz;
      };

      it('mul', () => {
        const b = random(dtype, n, new Rng(n + 1));
        const out = filled(dtype, n, NaN);
        k.mul(x, b, out);
        expectClose(
          out,
          unary((v) => v).map((v, i) => v * b[i]),
          rtol,
        );
      });

      it('relu and reluBackward', () => {
        expectClose(
          run(k.relu),
          unary((v) => (v > 0 ? v : 0)),
          rtol,
        );
        expectClose(
          runBackward(k.reluBackward),
          withDy((v) => (v > 0 ? 1 : 0)),
          rtol,
        );
      });

      it.each([0.2, 0.01])('leakyRelu and leakyReluBackward with alpha %s', (alpha) => {
        expectClose(
          run((xs, out) => k.leakyRelu(xs, out, alpha)),
          unary((v) => (v > 0 ? v : alpha * v)),
          rtol,
        );
        expectClose(
          runBackward((z, g, dz) => k.leakyReluBackward(z, g, dz, alpha)),
          withDy((v) => (v > 0 ? 1 : alpha)),
          rtol,
        );
      });

      it.each([
        ['elu', 1, 1],
        ['selu', SELU_ALPHA, SELU_SCALE],
        ['elu alpha 0.5 scale 2', 0.5, 2],
      ] as const)('%s forward and backward', (_name, alpha, scale) => {
        const a = run((xs, out) => k.elu(xs, out, alpha, scale));
        expectClose(
          a,
          unary((v) => scale * (v > 0 ? v : alpha * (Math.exp(v) - 1))),
          rtol,
        );
        const dz = filled(dtype, n, NaN);
        k.eluBackward(x, a, dy, dz, alpha, scale);
        expectClose(
          dz,
          withDy((v) => scale * (v > 0 ? 1 : alpha * Math.exp(v))),
          rtol,
        );
      });

      it('sigmoid and sigmoidBackward (given a)', () => {
        expectClose(run(k.sigmoid), unary(sigmoidRef), rtol);
        const a = random(dtype, n, new Rng(n + 2), 0, 1);
        expectClose(
          runBackward(k.sigmoidBackward, a),
          Array.from(a, (v, i) => dy[i] * v * (1 - v)),
          rtol,
        );
      });

      it('tanh and tanhBackward (given a)', () => {
        expectClose(
          run(k.tanh),
          unary((v) => Math.sinh(v) / Math.cosh(v)),
          rtol,
        );
        const a = random(dtype, n, new Rng(n + 3), -1, 1);
        expectClose(
          runBackward(k.tanhBackward, a),
          Array.from(a, (v, i) => dy[i] * (1 - v * v)),
          rtol,
        );
      });

      it('softplus and softplusBackward', () => {
        expectClose(
          run(k.softplus),
          unary((v) => Math.log(1 + Math.exp(v))),
          rtol,
        );
        expectClose(runBackward(k.softplusBackward), withDy(sigmoidRef), rtol);
      });

      it('swish and swishBackward', () => {
        expectClose(
          run(k.swish),
          unary((v) => v / (1 + Math.exp(-v))),
          rtol,
        );
        expectClose(
          runBackward(k.swishBackward),
          withDy((v) => sigmoidRef(v) * (1 + v * (1 - sigmoidRef(v)))),
          rtol,
        );
      });

      it('gelu and geluBackward (exact: x·Φ(x), Φ(x) + x·φ(x))', () => {
        expectClose(
          run(k.gelu),
          unary((v) => v * normalCdf(v)),
          rtol,
        );
        expectClose(
          runBackward(k.geluBackward),
          withDy((v) => normalCdf(v) + v * normalPdf(v)),
          rtol,
        );
      });
    });

    describe('optimizer updates', () => {
      const n = 13;
      const setup = (seed: number) => {
        const rng = new Rng(seed);
        return {
          p: random(dtype, n, rng, -2, 2),
          g: random(dtype, n, rng, -1, 1),
          s1: random(dtype, n, rng, 0, 0.5),
          s2: random(dtype, n, rng, 0, 0.5),
        };
      };

      it('sgdUpdate: p −= lr·g', () => {
        const { p, g } = setup(1);
        const expected = Array.from(p, (v, i) => v - 0.3 * g[i]);
        k.sgdUpdate(p, g, 0.3);
        expectClose(p, expected, rtol);
      });

      it.each([
        [0.9, 0, false],
        [0.9, 0.9, false],
        [0.7, 0, true],
        [0.5, 0.25, true],
      ] as const)('momentumUpdate with momentum %s, dampening %s, nesterov %s', (momentum, dampening, nesterov) => {
        const { p, g, s1: v } = setup(2);
        const v1 = Array.from(v, (vi, i) => momentum * vi + (1 - dampening) * g[i]);
        const expected = Array.from(p, (pi, i) => pi - 0.1 * (nesterov ? g[i] + momentum * v1[i] : v1[i]));
        k.momentumUpdate(p, g, v, 0.1, momentum, dampening, nesterov);
        expectClose(v, v1, rtol, undefined, 'velocity');
        expectClose(p, expected, rtol, undefined, 'p');
      });

      it.each([false, true])('sgdMomentumUpdate (Keras form), nesterov %s', (nesterov) => {
        const { p, g, s1: v } = setup(2);
        const v1 = Array.from(v, (vi, i) => 0.8 * vi - 0.1 * g[i]);
        const expected = Array.from(p, (pi, i) => pi + (nesterov ? 0.8 * v1[i] - 0.1 * g[i] : v1[i]));
        k.sgdMomentumUpdate(p, g, v, 0.1, 0.8, nesterov);
        expectClose(v, v1, rtol, undefined, 'velocity');
        expectClose(p, expected, rtol, undefined, 'p');
      });

      it.each([0, 0.6])('rmspropUpdate with momentum %s', (momentum) => {
        const { p, g, s1: s, s2: velocity } = setup(3);
        const velocityBefore = Array.from(velocity);
        const s1 = Array.from(s, (si, i) => 0.9 * si + 0.1 * g[i] * g[i]);
        const step = s1.map((si, i) => (0.01 * g[i]) / (Math.sqrt(si) + 1e-3));
        const v1 = momentum > 0 ? velocityBefore.map((vi, i) => momentum * vi + step[i]) : velocityBefore;
        const expected = Array.from(p, (pi, i) => pi - (momentum > 0 ? v1[i] : step[i]));
        k.rmspropUpdate(p, g, s, velocity, 0.01, 0.9, 1e-3, momentum);
        expectClose(s, s1, rtol, undefined, 'meanSquare');
        expectClose(velocity, v1, rtol, undefined, 'velocity');
        expectClose(p, expected, rtol, undefined, 'p');
      });

      it.each([
        [1, 0],
        [5, 0],
        [3, 0.01],
      ])('adamUpdate at step %s with weight decay %s', (t, weightDecay) => {
        const { p, g, s1: m, s2: v } = setup(4);
        const [lr, b1, b2, eps] = [0.01, 0.8, 0.95, 1e-4];
        const m1 = Array.from(m, (mi, i) => b1 * mi + (1 - b1) * g[i]);
        const v1 = Array.from(v, (vi, i) => b2 * vi + (1 - b2) * g[i] * g[i]);
        const expected = Array.from(p, (pi, i) => {
          const decayed = pi * (1 - lr * weightDecay);
          return decayed - (lr * (m1[i] / (1 - b1 ** t))) / (Math.sqrt(v1[i] / (1 - b2 ** t)) + eps);
        });
        k.adamUpdate(p, g, m, v, lr, b1, b2, eps, t, weightDecay);
        expectClose(m, m1, rtol, undefined, 'm');
        expectClose(v, v1, rtol, undefined, 'v');
        expectClose(p, expected, rtol, undefined, 'p');
      });

      it('adagradUpdate: s += g²; p −= lr·g / (√s + eps)', () => {
        const { p, g, s1: s } = setup(5);
        const s1 = Array.from(s, (si, i) => si + g[i] * g[i]);
        const expected = Array.from(p, (pi, i) => pi - (0.05 * g[i]) / (Math.sqrt(s1[i]) + 1e-7));
        k.adagradUpdate(p, g, s, 0.05, 1e-7);
        expectClose(s, s1, rtol, undefined, 'accumulator');
        expectClose(p, expected, rtol, undefined, 'p');
      });
      describe('updateParams: one call over a set of params', () => {
        const lengths = [1, 7, 13, 33];
        const rules: UpdateRule[] = [
          { kind: 'sgd', lr: 0.3 },
          { kind: 'momentum', lr: 0.1, momentum: 0.5, dampening: 0.25, nesterov: true },
          { kind: 'sgdMomentum', lr: 0.1, momentum: 0.8, nesterov: false },
          { kind: 'rmsprop', lr: 0.01, rho: 0.9, epsilon: 1e-3, momentum: 0.6 },
          { kind: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 1e-4, step: 3, weightDecay: 0.01 },
          { kind: 'adagrad', lr: 0.05, epsilon: 1e-7 },
        ];
        const slotCount = { sgd: 0, momentum: 1, sgdMomentum: 1, rmsprop: 2, adam: 2, adagrad: 1 } as const;
        const makeSet = (rule: UpdateRule, guard: boolean, seed: number) => {
          const rng = new Rng(seed);
          const list = (low: number, high: number) => lengths.map((len) => random(dtype, len, rng, low, high));
          return {
            values: list(-2, 2),
            grads: list(-1, 1),
            slots: Array.from({ length: slotCount[rule.kind] }, () => list(0, 0.5)),
            backups: guard ? lengths.map((len) => allocate(dtype, len)) : null,
          };
        };
        /** The same step param by param, on float64 copies, through the reference kernels checked above. */
        const reference = (set: ReturnType<typeof makeSet>, rule: UpdateRule) => {
          const copy = (a: FloatArray) => Float64Array.from(a);
          const ref = {
            values: set.values.map(copy),
            grads: set.grads.map(copy),
            slots: set.slots.map((s) => s.map(copy)),
            backups: null,
          };
          jsKernels.updateParams(ref, rule);
          return ref;
        };

        it.each(rules.flatMap((rule) => [false, true].map((guard) => ({ rule, guard }))))(
          '$rule.kind, backups $guard',
          ({ rule, guard }) => {
            const set = makeSet(rule, guard, 9);
            const before = set.values.map((v) => Array.from(v));
            const ref = reference(set, rule);
            expect(k.updateParams(set, rule)).toBe(-1);
            set.values.forEach((v, i) => expectClose(v, ref.values[i], rtol, undefined, `value ${i}`));
            set.slots.forEach((s, j) => s.forEach((v, i) => expectClose(v, ref.slots[j][i], rtol, undefined, 'slot')));
            if (guard) set.backups!.forEach((b, i) => expect(Array.from(b)).toEqual(before[i]));
          },
        );

        it('with backups, names the first param an update leaves non-finite, and keeps its old values', () => {
          const rule: UpdateRule = { kind: 'sgd', lr: 0.1 };
          const set = makeSet(rule, true, 10);
          const before = set.values.map((v) => Array.from(v));
          set.grads[2][5] = Infinity;
          set.grads[3][0] = Number.NaN;
          expect(k.updateParams(set, rule)).toBe(2);
          set.backups!.forEach((b, i) => expect(Array.from(b)).toEqual(before[i]));
          expect(set.values[2][5]).toBe(-Infinity);
        });

        it('without backups, checks nothing', () => {
          const rule: UpdateRule = { kind: 'sgd', lr: 0.1 };
          const set = makeSet(rule, false, 11);
          set.grads[1][6] = Number.NaN;
          expect(k.updateParams(set, rule)).toBe(-1);
          expect(set.values[1][6]).toBeNaN();
        });
      });
    });
  });
  if (resident) setFloat32Allocator(previous);
});
