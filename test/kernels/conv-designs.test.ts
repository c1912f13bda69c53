// each convolution design of wasm/assembly/conv.ts called by its own export (not through the chooser), on the
// shapes its conditions admit, against the float64 reference: so a design the chooser stops picking for the
// benchmark nets stays right. The narrow blocks' edges: pixel counts off a multiple of 4 (the last block repeats a
// pixel), kernel rows off a multiple of 4 (the filter gradient's last block stores fewer), 8, 16 and 24 filters,
// strides, dilation (one run per tap), the filter gradient's accumulate flag and batches of one.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import { CODES } from '../../src/kernels/wasm/bind-windows.js';
import { instantiateKernels } from '../../src/kernels/wasm/index.js';
import { convScratchLength, type ConvWindow } from '../../src/kernels/windows.js';
import { relativeError } from '../helpers/grad-check.js';
import { windowOf, type ConvCase as Case } from '../helpers/conv-case.js';

const rt = instantiateKernels();
type Fn = (...args: number[]) => void;
const exported = (name: string) => rt.exports[name] as Fn;
const rng = new Rng(17);

const one: [number, number] = [1, 1];
const c = (
  batch: number,
  size: [number, number],
  channels: number,
  filters: number,
  kernel: [number, number],
  strides: [number, number],
  dilation: [number, number],
  padding: 'valid' | 'same',
): Case => ({ batch, size, channels, filters, kernel, strides, dilation, padding });

/** Shapes for the narrow blocks (filters a multiple of 8); the input gradient's also need channels a multiple of 8. */
const NARROW: Case[] = [
  c(2, [28, 28], 1, 8, [5, 5], one, one, 'same'), // cnn-small's first layer
  c(2, [14, 14], 8, 16, [5, 5], one, one, 'same'), // its second
  c(3, [3, 5], 8, 16, [5, 5], one, one, 'same'), // 15 pixels: the last block repeats one
  c(1, [7, 6], 3, 8, [3, 2], [2, 1], [2, 2], 'same'), // dilation: one run per tap; 4·3·… taps
  c(2, [9, 11], 16, 24, [3, 3], [2, 3], one, 'valid'), // strides, three blocks of filters
  c(2, [5, 4], 8, 8, [2, 3], one, [1, 2], 'same'), // 2·3·8 = 48 kernel rows; dilation
  c(1, [6, 7], 2, 8, [3, 3], one, one, 'valid'), // 18 kernel rows: a last filter block of 2
  c(2, [4, 5], 1, 16, [1, 3], one, one, 'same'), // 3 kernel rows: a single short block
];
/** Shapes for the older designs, with filter counts the narrow blocks do not take. */
const OTHER: Case[] = [
  c(2, [9, 10], 1, 6, [5, 5], one, one, 'same'),
  c(2, [7, 9], 6, 10, [3, 3], one, one, 'same'),
  c(2, [9, 8], 13, 7, [3, 2], [2, 1], [2, 2], 'same'),
];

const label = (k: Case) =>
  `${k.batch}×${k.size.join('×')}×${k.channels} → ${k.filters}, kernel ${k.kernel.join('×')}, strides ${k.strides.join(',')}, dilation ${k.dilation.join(',')}, ${k.padding}`;

const resident = (size: number, fill = NaN): Float32Array => rt.heap.allocateFloat32(size).fill(fill);
const random = (size: number): Float32Array => {
  const a = resident(size);
  for (let i = 0; i < size; i++) a[i] = rng.uniform(-1, 1);
  return a;
};
const at = (a: Float32Array) => rt.heap.offset(a);
const GUARD = 16;
/** An output array with GUARD floats of 7 right after it, which a write past its end would change. */
const output = (size: number): Float32Array => {
  const block = resident(size + GUARD, 7);
  block.fill(NaN, 0, size);
  return block.subarray(0, size);
};
const guardIntact = (a: Float32Array) =>
  expect(Array.from(new Float32Array(a.buffer, a.byteOffset + a.byteLength, GUARD))).toEqual(Array(GUARD).fill(7));
const geometry = (w: ConvWindow) => [
  w.batch,
  w.inHeight,
  w.inWidth,
  w.channels,
  w.outHeight,
  w.outWidth,
  w.kernelHeight,
  w.kernelWidth,
  w.strideHeight,
  w.strideWidth,
  w.dilationHeight,
  w.dilationWidth,
  w.padTop,
  w.padLeft,
  w.filters,
];

/** The arrays of one window, with the reference's results. */
function fixture(k: Case) {
  const w = windowOf(k);
  const n = {
    x: w.batch * w.inHeight * w.inWidth * w.channels,
    y: w.batch * w.outHeight * w.outWidth * w.filters,
    kernel: w.kernelHeight * w.kernelWidth * w.channels * w.filters,
  };
  const [x, kernel, bias, dy] = [random(n.x), random(n.kernel), random(w.filters), random(n.y)];
  // large enough for every design, the transposed input gradient's flipped kernel and dy patches included
  const transposed = w.kernelHeight * w.kernelWidth * w.filters * (w.channels + w.inHeight * w.inWidth);
  const scratch = resident(Math.max(convScratchLength(w), transposed));
  const [x64, k64, b64, dy64] = [x, kernel, bias, dy].map((a) => Float64Array.from(a));
  const s64 = new Float64Array(scratch.length);
  const dx64 = new Float64Array(n.x);
  jsKernels.conv2dBackwardInput(dy64, k64, dx64, w, s64);
  const dk64 = new Float64Array(n.kernel);
  jsKernels.conv2dBackwardFilter(x64, dy64, dk64, w, s64);
  const forward = (act: 'linear' | 'relu' | 'sigmoid' | 'tanh') => {
    const y64 = new Float64Array(n.y);
    jsKernels.conv2d(x64, k64, act === 'linear' ? null : b64, y64, w, act, s64);
    return y64;
  };
  return { w, n, x, kernel, bias, dy, scratch, dx64, dk64, forward };
}

const close = (got: Float32Array, want: Float64Array) => expect(relativeError(got, want)).toBeLessThan(1e-5);

function checkForward(name: string, k: Case): void {
  const f = fixture(k);
  for (const act of ['linear', 'relu', 'sigmoid', 'tanh'] as const) {
    const y = output(f.n.y);
    const bias = act === 'linear' ? 0 : at(f.bias);
    exported(name)(at(f.x), at(f.kernel), bias, at(y), at(f.scratch), ...geometry(f.w), CODES[act]);
    close(y, f.forward(act));
    guardIntact(y);
  }
}

function checkFilter(name: string, k: Case): void {
  const f = fixture(k);
  const dk = output(f.n.kernel);
  exported(name)(at(f.x), at(f.dy), at(dk), at(f.scratch), ...geometry(f.w), 0);
  close(dk, f.dk64);
  guardIntact(dk);
  // accumulate: a second call adds the same gradient on top
  exported(name)(at(f.x), at(f.dy), at(dk), at(f.scratch), ...geometry(f.w), 1);
  close(
    dk,
    f.dk64.map((v) => 2 * v),
  );
  guardIntact(dk);
}

function checkInput(name: string, k: Case): void {
  const f = fixture(k);
  const dx = output(f.n.x);
  exported(name)(at(f.dy), at(f.kernel), at(dx), at(f.scratch), ...geometry(f.w), f.scratch.length);
  close(dx, f.dx64);
  guardIntact(dx);
}

describe('the narrow blocks (filters a multiple of 8)', () => {
  describe.each(NARROW.map((k) => [label(k), k] as const))('%s', (_, k) => {
    it('conv2dNarrow: every activation, with and without bias', () => checkForward('conv2dNarrow', k));
    it('conv2dBackwardFilterNarrow: overwrites, then accumulates', () => checkFilter('conv2dBackwardFilterNarrow', k));
  });
  // the input gradient's narrow block needs channels a multiple of 8 and stride 1: only those shapes get the test
  const strideOne = NARROW.filter((k) => k.channels % 8 === 0 && k.strides[0] === 1 && k.strides[1] === 1);
  it.each(strideOne.map((k) => [label(k), k] as const))('%s: conv2dBackwardInputNarrow', (_, k) =>
    checkInput('conv2dBackwardInputNarrow', k),
  );
});

describe('the older designs, still chosen for other filter counts', () => {
  describe.each([...OTHER, ...NARROW].map((k) => [label(k), k] as const))('%s', (_, k) => {
    it('conv2dDirect and conv2dIm2col', () => {
      checkForward('conv2dDirect', k);
      checkForward('conv2dIm2col', k);
    });
    it('conv2dBackwardFilterDirect and conv2dBackwardFilterIm2col', () => {
      checkFilter('conv2dBackwardFilterDirect', k);
      checkFilter('conv2dBackwardFilterIm2col', k);
    });
    it('conv2dBackwardInputCol2im, and conv2dBackwardInputTransposed at stride 1', () => {
      checkInput('conv2dBackwardInputCol2im', k);
      if (k.strides[0] === 1 && k.strides[1] === 1) checkInput('conv2dBackwardInputTransposed', k);
    });
  });
});
