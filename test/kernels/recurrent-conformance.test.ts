// every backend's recurrent step kernels in float32 against the TypeScript reference run in float64 on the same
// (float32-rounded) inputs: odd units (not a multiple of 4: the vector tails), batch 1 and odd, every activation
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { allocate, setFloat32Allocator, type FloatArray } from '../../src/core/types.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { EpilogueActivation, Kernels } from '../../src/kernels/kernels.js';
import { wasmKernels, wasmRuntime } from '../../src/kernels/wasm/index.js';

const backends: { label: string; k: Kernels; resident?: boolean }[] = [
  { label: 'js', k: jsKernels },
  { label: 'wasm, arrays copied in and out', k: wasmKernels },
  { label: 'wasm, arrays resident in its memory', k: wasmKernels, resident: true },
];
const residentAllocator = { allocate: (size: number) => wasmRuntime().heap.allocateFloat32(size) };

/** [rows, units]: batch 1 and odd, units below, at and past a vector, never only whole vectors but one. */
const SIZES: [number, number][] = [
  [1, 1],
  [1, 5],
  [3, 7],
  [5, 4],
  [7, 13],
  [2, 33],
];
/** [act, recAct]: every activation in both places. */
const PAIRS: [EpilogueActivation, EpilogueActivation][] = [
  ['tanh', 'sigmoid'],
  ['sigmoid', 'tanh'],
  ['relu', 'linear'],
  ['linear', 'relu'],
];
const RTOL = 1e-5;

/** Runs `body` with float32 arrays allocated where the backend wants them (WebAssembly memory when resident). */
function placed(resident: boolean | undefined, body: () => void): void {
  const previous = resident ? setFloat32Allocator(residentAllocator) : null;
  try {
    body();
  } finally {
    if (resident) setFloat32Allocator(previous);
  }
}

/** float32 values in [low, high), with a few exact zeros (relu's kink, masks' "off"). */
function random(size: number, rng: Rng, low = -3, high = 3): Float32Array {
  const out = allocate('float32', size) as Float32Array;
  for (let i = 0; i < size; i++) out[i] = i % 11 === 5 ? 0 : rng.uniform(low, high);
  return out;
}

/** A float32 array of `size` NaNs (so an unwritten entry fails), where the backend wants it. */
const blank = (size: number): Float32Array => (allocate('float32', size) as Float32Array).fill(NaN);
const f64 = (a: FloatArray): Float64Array => Float64Array.from(a);

/**
 * |actual − expected| ≤ rtol·(max(|expected|, scale) + 1e-3·max|expected|), as the main conformance suite: relative,
 * with `scale` the size of the terms an entry sums (where they cancel, float32 keeps only their size's precision).
 */
function expectClose(what: string, actual: FloatArray, expected: FloatArray, scale?: ArrayLike<number>): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let maxRef = 0;
  for (const v of expected) maxRef = Math.max(maxRef, Math.abs(v));
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const bound = RTOL * (Math.max(Math.abs(expected[i]), scale ? scale[i] : 0) + 1e-3 * maxRef) || Number.MIN_VALUE;
    const ratio = Math.abs(actual[i] - expected[i]) / bound;
    if (!(ratio <= worst)) {
      worst = ratio;
      at = i;
    }
  }
  expect(worst, `${what}[${at}]: ${actual[at]} vs ${expected[at]}`).toBeLessThanOrEqual(1);
}

/** Per entry: the sum of |terms| of a state-sized sum, from per-entry term functions. */
const sizeOf = (n: number, ...terms: ((i: number) => number)[]): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => terms.reduce((s, t) => s + Math.abs(t(i)), 0));

for (const { label, k, resident } of backends)
  describe(label, () => {
    describe.each(SIZES)('rows %i, units %i', (rows, units) => {
      const n = rows * units;
      const rowOf = (i: number) => Math.floor(i / units);
      const col = (i: number) => i % units;

      describe.each(PAIRS)('activation %s, recurrent activation %s', (act, rec) => {
        it('rnnStep and rnnStepBackward', () =>
          placed(resident, () => {
            const rng = new Rng(rows * 100 + units);
            const z = random(n, rng);
            const h = blank(n);
            k.rnnStep(z, h, act);
            const ref = new Float64Array(n);
            jsKernels.rnnStep(f64(z), ref, act);
            expectClose('h', h, ref);
            // in place, as SimpleRNN may call it
            const same = allocate('float32', n) as Float32Array;
            same.set(z);
            k.rnnStep(same, same, act);
            expectClose('h in place', same, ref);
            const dh = random(n, rng);
            const dz = blank(n);
            k.rnnStepBackward(h, dh, dz, act);
            const dzRef = new Float64Array(n);
            jsKernels.rnnStepBackward(f64(h), f64(dh), dzRef, act);
            expectClose('dz', dz, dzRef);
          }));

        it('lstmStep and lstmStepBackward', () =>
          placed(resident, () => {
            const rng = new Rng(rows * 200 + units);
            const pre = random(4 * n, rng);
            const cPrev = random(n, rng, -2, 2);
            const [gatesIn, c, h] = [allocate('float32', 4 * n) as Float32Array, blank(n), blank(n)];
            gatesIn.set(pre);
            k.lstmStep(gatesIn, cPrev, c, h, rows, units, act, rec);
            const ref = { gates: f64(pre), c: new Float64Array(n), h: new Float64Array(n) };
            jsKernels.lstmStep(ref.gates, f64(cPrev), ref.c, ref.h, rows, units, act, rec);
            const gate = (g: number) => (i: number) => ref.gates[rowOf(i) * 4 * units + g * units + col(i)];
            expectClose('gates', gatesIn, ref.gates);
            const cScale = sizeOf(
              n,
              (i) => gate(1)(i) * cPrev[i],
              (i) => gate(0)(i) * gate(2)(i),
            );
            expectClose('c', c, ref.c, cScale);
            expectClose(
              'h',
              h,
              ref.h,
              sizeOf(n, (i) => gate(3)(i) * cScale[i]),
            );

            // backwards from the float32 forward's own gates and cell states, as the layer runs it
            const [dh, dcIn] = [random(n, rng), random(n, rng)];
            const dc = allocate('float32', n) as Float32Array;
            dc.set(dcIn);
            const dz = blank(4 * n);
            k.lstmStepBackward(gatesIn, cPrev, c, dh, dc, dz, rows, units, act, rec);
            const refDc = f64(dcIn);
            const refDz = new Float64Array(4 * n);
            jsKernels.lstmStepBackward(f64(gatesIn), f64(cPrev), f64(c), f64(dh), refDc, refDz, rows, units, act, rec);
            // the gradient reaching c sums the carried one and the one through h
            const total = sizeOf(
              n,
              (i) => dcIn[i],
              (i) => dh[i],
            );
            const dzScale = Float64Array.from({ length: 4 * n }, (_, j) => {
              const r = Math.floor(j / (4 * units));
              return total[r * units + (j % units)];
            });
            expectClose('dz', dz, refDz, dzScale);
            expectClose('dcPrev', dc, refDc, total);
          }));

        it.each([true, false])('the GRU kernels, resetAfter %s', (resetAfter) =>
          placed(resident, () => {
            const rng = new Rng(rows * 300 + units + (resetAfter ? 1 : 0));
            const pre = random(3 * n, rng);
            const inner = random(2 * n, rng);
            const hPrev = random(n, rng, -1, 1);
            const innerH = random(n, rng);
            const gates = allocate('float32', 3 * n) as Float32Array;
            gates.set(pre);
            const rh = blank(n);
            k.gruGates(gates, inner, hPrev, rh, rows, units, rec);
            const ref = { gates: f64(pre), rh: new Float64Array(n), h: new Float64Array(n) };
            jsKernels.gruGates(ref.gates, f64(inner), f64(hPrev), ref.rh, rows, units, rec);
            expectClose('z and r', gates, ref.gates);
            expectClose('r ⊙ hPrev', rh, ref.rh);

            // the output from the float32 gates, as the layer runs it
            const h = blank(n);
            const refGates = f64(gates);
            k.gruOutput(gates, innerH, hPrev, h, rows, units, act, resetAfter);
            jsKernels.gruOutput(refGates, f64(innerH), f64(hPrev), ref.h, rows, units, act, resetAfter);
            const gate = (g: number, from: FloatArray) => (i: number) =>
              from[rowOf(i) * 3 * units + g * units + col(i)];
            expectClose('gates with the candidate', gates, refGates, [
              ...Array.from({ length: 3 * n }, (_, j) => {
                const i = Math.floor(j / (3 * units)) * units + (j % units);
                return j % (3 * units) < 2 * units ? 0 : Math.abs(pre[j]) + Math.abs(innerH[i]);
              }),
            ]);
            const hScale = sizeOf(
              n,
              (i) => gate(0, refGates)(i) * hPrev[i],
              (i) =>
                (1 - gate(0, refGates)(i)) *
                (Math.abs(pre[rowOf(i) * 3 * units + 2 * units + col(i)]) + Math.abs(innerH[i])),
            );
            expectClose('h', h, ref.h, hScale);

            const dh = random(n, rng);
            const dz = blank(3 * n);
            const dInnerH = blank(n);
            k.gruOutputBackward(gates, dh, dz, dInnerH, rows, units, act, resetAfter);
            const refDz = new Float64Array(3 * n);
            const refDInnerH = new Float64Array(n);
            jsKernels.gruOutputBackward(f64(gates), f64(dh), refDz, refDInnerH, rows, units, act, resetAfter);
            expectClose('dInnerH', dInnerH, refDInnerH);
            const drh = random(n, rng);
            const dzr = blank(2 * n);
            const dhPrevIn = random(n, rng);
            const dhPrev = allocate('float32', n) as Float32Array;
            dhPrev.set(dhPrevIn);
            k.gruGatesBackward(gates, innerH, hPrev, dh, drh, dz, dzr, dhPrev, rows, units, rec, resetAfter);
            const refDzr = new Float64Array(2 * n);
            const refDhPrev = f64(dhPrevIn);
            jsKernels.gruGatesBackward(
              f64(gates),
              f64(innerH),
              f64(hPrev),
              f64(dh),
              f64(drh),
              refDz,
              refDzr,
              refDhPrev,
              rows,
              units,
              rec,
              resetAfter,
            );
            // dz's update gate reads hPrev − hh, which cancels
            const dzScale = Float64Array.from({ length: 3 * n }, (_, j) => {
              const i = Math.floor(j / (3 * units)) * units + (j % units);
              const g = Math.floor((j % (3 * units)) / units);
              return g === 0 ? Math.abs(dh[i]) * (Math.abs(hPrev[i]) + Math.abs(gate(2, refGates)(i))) : 0;
            });
            expectClose('dz', dz, refDz, dzScale);
            const dzrScale = Float64Array.from(
              { length: 2 * n },
              (_, j) => dzScale[Math.floor(j / (2 * units)) * 3 * units + (j % (2 * units))],
            );
            expectClose('dzr', dzr, refDzr, dzrScale);
            expectClose(
              'dhPrev',
              dhPrev,
              refDhPrev,
              sizeOf(
                n,
                (i) => dhPrevIn[i],
                (i) => dh[i],
                (i) => (resetAfter ? 0 : drh[i]),
              ),
            );
          }),
        );
      });

      it('addProduct, keepMasked, takeMasked and addMasked', () =>
        placed(resident, () => {
          const rng = new Rng(rows * 400 + units);
          const [a, b, outIn] = [random(n, rng), random(n, rng), random(n, rng)];
          const out = allocate('float32', n) as Float32Array;
          out.set(outIn);
          k.addProduct(a, b, out);
          const ref = f64(outIn);
          jsKernels.addProduct(f64(a), f64(b), ref);
          expectClose(
            'out',
            out,
            ref,
            sizeOf(
              n,
              (i) => outIn[i],
              (i) => a[i] * b[i],
            ),
          );

          // every other row masked, starting with the first
          const mask = allocate('float32', rows) as Float32Array;
          for (let r = 0; r < rows; r++) mask[r] = r % 2;
          const [prev, nextIn] = [random(n, rng), random(n, rng)];
          const next = allocate('float32', n) as Float32Array;
          next.set(nextIn);
          k.keepMasked(mask, prev, next, rows, units);
          const refNext = f64(nextIn);
          jsKernels.keepMasked(f64(mask), f64(prev), refNext, rows, units);
          expect(Array.from(next)).toEqual(Array.from(refNext));

          const gradIn = random(n, rng);
          const grad = allocate('float32', n) as Float32Array;
          grad.set(gradIn);
          const saved = allocate('float32', n).fill(0) as Float32Array;
          k.takeMasked(mask, grad, saved, rows, units);
          const refGrad = f64(gradIn);
          const refSaved = new Float64Array(n);
          jsKernels.takeMasked(f64(mask), refGrad, refSaved, rows, units);
          expect(Array.from(grad)).toEqual(Array.from(refGrad));
          expect(Array.from(saved)).toEqual(Array.from(refSaved));

          const target = allocate('float32', n) as Float32Array;
          target.set(outIn);
          k.addMasked(mask, saved, target, rows, units);
          const refTarget = f64(outIn);
          jsKernels.addMasked(f64(mask), refSaved, refTarget, rows, units);
          expectClose(
            'grad',
            target,
            refTarget,
            sizeOf(
              n,
              (i) => outIn[i],
              (i) => saved[i],
            ),
          );
          if (resident)
            for (const t of [a, b, out, mask, next, grad, saved, target])
              expect(wasmRuntime().heap.offset(t)).toBeGreaterThan(0);
        }));
    });
  });
