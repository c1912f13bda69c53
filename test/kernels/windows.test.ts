// the convolution and pooling kernels: the TypeScript reference checked against the definition and central
// differences (float64), then every backend against the reference on odd shapes
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { allocate, setFloat32Allocator, type DType, type FloatArray } from '../../src/core/types.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { Kernels } from '../../src/kernels/kernels.js';
import { wasmKernels, wasmRuntime } from '../../src/kernels/wasm/index.js';
import { convScratchLength, type ConvWindow } from '../../src/kernels/windows.js';
import { numericGradient, relativeError } from '../helpers/grad-check.js';
import { windowOf, type ConvCase as Case } from '../helpers/conv-case.js';

const CASES: Case[] = [
  {
    batch: 1,
    size: [5, 5],
    channels: 1,
    filters: 1,
    kernel: [3, 3],
    strides: [1, 1],
    dilation: [1, 1],
    padding: 'valid',
  },
  {
    batch: 2,
    size: [7, 6],
    channels: 3,
    filters: 4,
    kernel: [3, 2],
    strides: [1, 1],
    dilation: [1, 1],
    padding: 'same',
  },
  {
    batch: 2,
    size: [8, 7],
    channels: 2,
    filters: 5,
    kernel: [3, 3],
    strides: [2, 3],
    dilation: [1, 1],
    padding: 'same',
  },
  {
    batch: 1,
    size: [9, 11],
    channels: 3,
    filters: 2,
    kernel: [2, 3],
    strides: [1, 2],
    dilation: [2, 2],
    padding: 'valid',
  },
  {
    batch: 3,
    size: [1, 13],
    channels: 5,
    filters: 3,
    kernel: [1, 5],
    strides: [1, 3],
    dilation: [1, 1],
    padding: 'same',
  },
  {
    batch: 1,
    size: [6, 6],
    channels: 7,
    filters: 9,
    kernel: [5, 5],
    strides: [1, 1],
    dilation: [1, 1],
    padding: 'same',
  },
];

/**
 * The WebAssembly fast paths: many channels (whole vectors), channel counts off a multiple of 4 (tails), batches
 * (per-image GEMMs), one-channel first layers with few and many filters (direct loops, im2col), a stride whose padded
 * image outgrows the patches (im2col), 8 channels to 16 filters on 15 pixels (the narrow blocks), and the benchmark
 * nets' pooling windows. Checked against the reference only: central differences over this many weights would take
 * minutes.
 */
const FAST_PATH_CASES: Case[] = [
  {
    batch: 2,
    size: [8, 8],
    channels: 1,
    filters: 32,
    kernel: [3, 3],
    strides: [1, 1],
    dilation: [1, 1],
    padding: 'valid',
  },
  {
    batch: 2,
    size: [9, 9],
    channels: 4,
    filters: 6,
    kernel: [1, 1],
    strides: [3, 3],
    dilation: [1, 1],
    padding: 'valid',
  },
  {
    batch: 2,
    size: [6, 5],
    channels: 32,
    filters: 64,
    kernel: [3, 3],
    strides: [1, 1],
    dilation: [1, 1],
    padding: 'valid',
  },
  {
    batch: 3,
    size: [7, 9],
    channels: 6,
    filters: 10,
    kernel: [3, 3],
    strides: [1, 1],
    dilation: [1, 1],
    padding: 'same',
  },
  {
    batch: 2,
    size: [9, 9],
    channels: 1,
    filters: 8,
    kernel: [5, 5],
    strides: [1, 1],
    dilation: [1, 1],
    padding: 'same',
  },
  {
    batch: 2,
    size: [8, 10],
    channels: 16,
    filters: 3,
    kernel: [2, 2],
    strides: [2, 2],
    dilation: [1, 1],
    padding: 'valid',
  },
  {
    batch: 2,
    size: [14, 14],
    channels: 9,
    filters: 5,
    kernel: [3, 3],
    strides: [3, 3],
    dilation: [1, 1],
    padding: 'valid',
  },
  {
    // 8 filters, but the padded image (7×7) outgrows the patches (3×3): the narrow blocks' scratch does not fit
    batch: 2,
    size: [9, 9],
    channels: 4,
    filters: 8,
    kernel: [1, 1],
    strides: [3, 3],
    dilation: [1, 1],
    padding: 'valid',
  },
  {
    // cnn-small's second layer on 15 pixels: the narrow blocks for all three (a last block of one pixel)
    batch: 3,
    size: [3, 5],
    channels: 8,
    filters: 16,
    kernel: [5, 5],
    strides: [1, 1],
    dilation: [1, 1],
    padding: 'same',
  },
  {
    batch: 2,
    size: [7, 8],
    channels: 13,
    filters: 7,
    kernel: [3, 2],
    strides: [2, 1],
    dilation: [2, 3],
    padding: 'same',
  },
];

/** 2×2 images of 5 channels (a vector and a tail) under a 1×1 window, for the padding edge cases. */
const POOL_EDGE: Case = {
  batch: 2,
  size: [2, 2],
  channels: 5,
  filters: 1,
  kernel: [1, 1],
  strides: [1, 1],
  dilation: [1, 1],
  padding: 'valid',
};

const sizes = (w: ConvWindow) => ({
  x: w.batch * w.inHeight * w.inWidth * w.channels,
  kernel: w.kernelHeight * w.kernelWidth * w.channels * w.filters,
  y: w.batch * w.outHeight * w.outWidth * w.filters,
  pooled: w.batch * w.outHeight * w.outWidth * w.channels,
});

function random(dtype: DType, size: number, rng: Rng): FloatArray {
  const out = allocate(dtype, size);
  for (let i = 0; i < size; i++) out[i] = rng.uniform(-1, 1);
  return out;
}

/** The definition, written from the padded input's point of view: y = Σ over the window of x_padded · kernel. */
function convDefinition(
  x: ArrayLike<number>,
  kernel: ArrayLike<number>,
  bias: ArrayLike<number>,
  w: ConvWindow,
): Float64Array {
  const y = new Float64Array(sizes(w).y);
  const at = (b: number, iy: number, ix: number, c: number) =>
    iy < 0 || iy >= w.inHeight || ix < 0 || ix >= w.inWidth
      ? 0
      : x[((b * w.inHeight + iy) * w.inWidth + ix) * w.channels + c];
  let i = 0;
  for (let b = 0; b < w.batch; b++)
    for (let oy = 0; oy < w.outHeight; oy++)
      for (let ox = 0; ox < w.outWidth; ox++)
        for (let f = 0; f < w.filters; f++, i++) {
          let s = bias[f];
          for (let ky = 0; ky < w.kernelHeight; ky++)
            for (let kx = 0; kx < w.kernelWidth; kx++)
              for (let c = 0; c < w.channels; c++)
                s +=
                  at(
                    b,
                    oy * w.strideHeight - w.padTop + ky * w.dilationHeight,
                    ox * w.strideWidth - w.padLeft + kx * w.dilationWidth,
                    c,
                  ) * kernel[((ky * w.kernelWidth + kx) * w.channels + c) * w.filters + f];
          y[i] = s;
        }
  return y;
}

const label = (c: Case) =>
  `${c.batch}×${c.size.join('×')}×${c.channels} → ${c.filters}, kernel ${c.kernel.join('×')}, strides ${c.strides.join(',')}, dilation ${c.dilation.join(',')}, ${c.padding}`;

describe('TypeScript reference (float64)', () => {
  for (const c of CASES) {
    describe(label(c), () => {
      const w = windowOf(c);
      const n = sizes(w);
      const rng = new Rng(7);
      const x = random('float64', n.x, rng);
      const kernel = random('float64', n.kernel, rng);
      const bias = random('float64', c.filters, rng);
      const dy = random('float64', n.y, rng);
      const scratch = allocate('float64', convScratchLength(w));
      const forward = () => {
        const y = allocate('float64', n.y);
        jsKernels.conv2d(x, kernel, bias, y, w, 'linear', scratch);
        return y;
      };

      it('conv2d is the definition', () => {
        const y = forward();
        const ref = convDefinition(x, kernel, bias, w);
        for (let i = 0; i < n.y; i++) expect(y[i]).toBeCloseTo(ref[i], 12);
      });

      it('conv2dBackwardInput and conv2dBackwardFilter match central differences', () => {
        const dx = allocate('float64', n.x).fill(NaN);
        jsKernels.conv2dBackwardInput(dy, kernel, dx, w, scratch);
        expect(relativeError(dx, numericGradient(x, forward, dy))).toBeLessThan(1e-8);
        const dk = allocate('float64', n.kernel).fill(NaN);
        jsKernels.conv2dBackwardFilter(x, dy, dk, w, scratch);
        expect(relativeError(dk, numericGradient(kernel, forward, dy))).toBeLessThan(1e-8);
      });

      const pool = w;
      const dyPool = random('float64', n.pooled, rng);

      it('avgPool2d averages the pixels inside the image; its backward matches central differences', () => {
        const avg = () => {
          const y = allocate('float64', n.pooled);
          jsKernels.avgPool2d(x, y, pool);
          return y;
        };
        const dx = allocate('float64', n.x).fill(NaN);
        jsKernels.avgPool2dBackward(dyPool, dx, pool);
        expect(relativeError(dx, numericGradient(x, avg, dyPool))).toBeLessThan(1e-8);
        // the definition: a 1-channel, 1-filter convolution with ones, divided by how many taps were inside
        const y = avg();
        for (let ch = 0; ch < c.channels; ch++) {
          const single = { ...w, channels: 1, filters: 1 };
          const plane = Float64Array.from({ length: n.x / c.channels }, (_, i) => x[i * c.channels + ch]);
          const ones = new Float64Array(w.kernelHeight * w.kernelWidth).fill(1);
          const sums = convDefinition(plane, ones, [0], single);
          const counts = convDefinition(new Float64Array(plane.length).fill(1), ones, [0], single);
          for (let i = 0; i < sums.length; i++) expect(y[i * c.channels + ch]).toBeCloseTo(sums[i] / counts[i], 12);
        }
      });

      it('maxPool2d takes the window maximum; its backward routes dy to the argmax (central differences)', () => {
        const argmax = new Int32Array(n.pooled);
        const max = () => {
          const y = allocate('float64', n.pooled);
          jsKernels.maxPool2d(x, y, argmax, pool);
          return y;
        };
        const y = max();
        for (let i = 0; i < n.pooled; i++) expect(y[i]).toBe(x[argmax[i]]);
        const dx = allocate('float64', n.x).fill(NaN);
        jsKernels.maxPool2dBackward(dyPool, argmax, dx);
        expect(relativeError(dx, numericGradient(x, max, dyPool, 1e-7))).toBeLessThan(1e-8);
      });
    });
  }

  it('average pooling does not count padding, as TensorFlow', () => {
    const w = windowOf({
      batch: 1,
      size: [2, 2],
      channels: 1,
      filters: 1,
      kernel: [3, 3],
      strides: [1, 1],
      dilation: [1, 1],
      padding: 'same',
    });
    const y = new Float64Array(4);
    jsKernels.avgPool2d(Float64Array.of(1, 2, 3, 4), y, w);
    // 'same' with a 3×3 window on 2×2: every window holds all four pixels (pad after), so each mean is 2.5
    expect(Array.from(y)).toEqual([2.5, 2.5, 2.5, 2.5]);
  });
});

const backends: { label: string; k: Kernels; resident?: boolean }[] = [
  { label: 'js', k: jsKernels },
  { label: 'wasm, arrays copied in and out', k: wasmKernels },
  { label: 'wasm, arrays resident in its memory', k: wasmKernels, resident: true },
];
const residentAllocator = { allocate: (size: number) => wasmRuntime().heap.allocateFloat32(size) };

/** Runs `body` with float32 arrays allocated where the backend wants them (WebAssembly memory when resident). */
function placed(resident: boolean | undefined, body: () => void): void {
  const previous = resident ? setFloat32Allocator(residentAllocator) : null;
  try {
    body();
  } finally {
    if (resident) setFloat32Allocator(previous);
  }
}

/** An argmax array: plain, or for the resident backend an Int32Array view of a block of WebAssembly memory. */
function argmaxArray(resident: boolean | undefined, size: number): Int32Array {
  if (!resident) return new Int32Array(size);
  const block = allocate('float32', size);
  const view = new Int32Array(block.buffer, block.byteOffset, size);
  expect(wasmRuntime().heap.offset(block)).toBeGreaterThan(0);
  return view;
}

describe('every backend against the float64 reference (float32)', () => {
  for (const { label: name, k, resident } of backends) {
    // 5 channels: the general loop (a vector and a tail); 8: the whole-window loop for channels a multiple of 4
    it.each([5, 8])(
      `${name}: maxPool2d lets NaN win and takes the first of equal values, as the reference (%i channels)`,
      (channels) => {
        placed(resident, () => {
          const w = windowOf({
            batch: 2,
            size: [4, 4],
            channels,
            filters: 1,
            kernel: [2, 2],
            strides: [2, 2],
            dilation: [1, 1],
            padding: 'valid',
          });
          const n = sizes(w);
          const x = allocate('float32', n.x);
          // few distinct values (many ties), a NaN in some windows
          for (let i = 0; i < n.x; i++) x[i] = i % 7 === 3 ? NaN : (i * 5) % 3;
          const out = allocate('float32', n.pooled);
          const argmax = argmaxArray(resident, n.pooled);
          const ref = new Float64Array(n.pooled);
          const refArgmax = new Int32Array(n.pooled);
          k.maxPool2d(x, out, argmax, w);
          jsKernels.maxPool2d(Float64Array.from(x), ref, refArgmax, w);
          expect(Array.from(out)).toEqual(Array.from(ref));
          expect(Array.from(argmax)).toEqual(Array.from(refArgmax));
          expect(Array.from(out).some(Number.isNaN)).toBe(true);
        });
      },
    );

    it(`${name}: windows wholly in the padding give -Infinity, argmax -1 (skipped backward) and 0/0 averages`, () => {
      placed(resident, () => {
        // a 1×1 window with a pad of 1: the first row and column of outputs see no pixel
        const w = { ...windowOf(POOL_EDGE), outHeight: 3, outWidth: 3, padTop: 1, padLeft: 1 };
        const n = sizes(w);
        const x = random('float32', n.x, new Rng(3));
        const out = allocate('float32', n.pooled);
        const argmax = argmaxArray(resident, n.pooled);
        const ref = new Float64Array(n.pooled);
        const refArgmax = new Int32Array(n.pooled);
        k.maxPool2d(x, out, argmax, w);
        jsKernels.maxPool2d(Float64Array.from(x), ref, refArgmax, w);
        expect(Array.from(out)).toEqual(Array.from(ref));
        expect(Array.from(argmax)).toEqual(Array.from(refArgmax));
        expect(argmax[0]).toBe(-1);
        // dx with a guard float just before it, which a write to dx[-1] would change
        const block = allocate('float32', n.x + 1).fill(7);
        const dx = block.subarray(1);
        const dy = random('float32', n.pooled, new Rng(4));
        const dxRef = new Float64Array(n.x);
        k.maxPool2dBackward(dy, argmax, dx);
        jsKernels.maxPool2dBackward(Float64Array.from(dy), refArgmax, dxRef);
        expect(block[0]).toBe(7);
        expect(relativeError(dx, dxRef)).toBeLessThan(1e-6);
        k.avgPool2d(x, out, w);
        jsKernels.avgPool2d(Float64Array.from(x), ref, w);
        expect(Array.from(out).map(Math.fround)).toEqual(Array.from(ref).map(Math.fround));
        expect(out[0]).toBeNaN();
      });
    });

    for (const c of [...CASES, ...FAST_PATH_CASES]) {
      it(`${name}: ${label(c)}`, () =>
        placed(resident, () => {
          const w = windowOf(c);
          const n = sizes(w);
          const rng = new Rng(11);
          const x = random('float32', n.x, rng);
          const kernel = random('float32', n.kernel, rng);
          const bias = random('float32', c.filters, rng);
          const dy = random('float32', n.y, rng);
          const scratch = allocate('float32', convScratchLength(w));
          if (resident)
            for (const a of [x, kernel, bias, dy, scratch]) expect(wasmRuntime().heap.offset(a)).toBeGreaterThan(0);
          const x64 = Float64Array.from(x);
          const k64 = Float64Array.from(kernel);
          const b64 = Float64Array.from(bias);
          const dy64 = Float64Array.from(dy);
          const s64 = new Float64Array(scratch.length);
          const close = (got: FloatArray, want: FloatArray) => expect(relativeError(got, want)).toBeLessThan(1e-5);

          for (const act of ['linear', 'relu', 'sigmoid', 'tanh'] as const) {
            const y = allocate('float32', n.y).fill(NaN);
            k.conv2d(x, kernel, act === 'linear' ? null : bias, y, w, act, scratch);
            const ref = new Float64Array(n.y);
            jsKernels.conv2d(x64, k64, act === 'linear' ? null : b64, ref, w, act, s64);
            close(y, ref);
          }
          const dx = allocate('float32', n.x).fill(NaN);
          const dx64 = new Float64Array(n.x);
          k.conv2dBackwardInput(dy, kernel, dx, w, scratch);
          jsKernels.conv2dBackwardInput(dy64, k64, dx64, w, s64);
          close(dx, dx64);
          // a scratch of only one image's patches (a caller sizing it by hand) still gives the gradient
          const patches = w.outHeight * w.outWidth * w.kernelHeight * w.kernelWidth * w.channels;
          dx.fill(NaN);
          k.conv2dBackwardInput(dy, kernel, dx, w, allocate('float32', patches));
          close(dx, dx64);
          const dk = allocate('float32', n.kernel).fill(NaN);
          const dk64 = new Float64Array(n.kernel);
          k.conv2dBackwardFilter(x, dy, dk, w, scratch);
          jsKernels.conv2dBackwardFilter(x64, dy64, dk64, w, s64);
          close(dk, dk64);

          const pooled = allocate('float32', n.pooled).fill(NaN);
          const pooled64 = new Float64Array(n.pooled);
          const argmax = argmaxArray(resident, n.pooled);
          const argmax64 = new Int32Array(n.pooled);
          k.maxPool2d(x, pooled, argmax, w);
          jsKernels.maxPool2d(x64, pooled64, argmax64, w);
          close(pooled, pooled64);
          expect(Array.from(argmax)).toEqual(Array.from(argmax64));
          const dyPool = random('float32', n.pooled, rng);
          const dxPool = allocate('float32', n.x).fill(NaN);
          const dxPool64 = new Float64Array(n.x);
          k.maxPool2dBackward(dyPool, argmax, dxPool);
          jsKernels.maxPool2dBackward(Float64Array.from(dyPool), argmax64, dxPool64);
          close(dxPool, dxPool64);
          k.avgPool2d(x, pooled, w);
          jsKernels.avgPool2d(x64, pooled64, w);
          close(pooled, pooled64);
          k.avgPool2dBackward(dyPool, dxPool, w);
          jsKernels.avgPool2dBackward(Float64Array.from(dyPool), dxPool64, w);
          close(dxPool, dxPool64);
        }));
    }
  }
});
