// the convolutions split over the pool's threads by images: every design (direct, im2col, transposed, col2im) on
// odd batches, batches smaller than the thread count, against the float64 reference; the workers really run them
// (their job count), the filter gradient's partial sums add up, and what is not resident or too small stays alone
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import type { EpilogueActivation } from '../../src/kernels/kernels.js';
import { selectKernels } from '../../src/kernels/select.js';
import { CONV_MIN_WORK } from '../../src/kernels/wasm/image-job.js';
import { createWasmKernels, instantiateKernels, wasmRuntime } from '../../src/kernels/wasm/index.js';
import { currentPool, GemmPool, stopThreads } from '../../src/kernels/wasm/pool.js';
import { pooledWindows } from '../../src/kernels/wasm/pooled-windows.js';
import { convScratchLength, type ConvWindow } from '../../src/kernels/windows.js';
import { relativeError } from '../helpers/grad-check.js';
import { windowOf, type ConvCase } from '../helpers/conv-case.js';

type Case = Omit<ConvCase, 'batch'>;

const rt = instantiateKernels();
const single = createWasmKernels(() => rt);
const two = GemmPool.start(rt, { threads: 2, minConvWork: 1 })!;
const three = GemmPool.start(rt, { threads: 3, minConvWork: 1 })!;
beforeAll(() => Promise.all([two.ready(), three.ready()]));
afterAll(async () => {
  await Promise.all([two.terminate(), three.terminate()]);
  await stopThreads();
});

const one = [1, 1] as [number, number];
// the designs wasm/assembly/conv.ts chooses between, each reached by one case
const CASES: [string, Case][] = [
  [
    'direct forward and filter gradient (1→6, 5×5 same)',
    { size: [9, 10], channels: 1, filters: 6, kernel: [5, 5], strides: one, dilation: one, padding: 'same' },
  ],
  [
    'im2col forward and filter gradient (1→20)',
    { size: [8, 7], channels: 1, filters: 20, kernel: [3, 3], strides: one, dilation: one, padding: 'valid' },
  ],
  [
    'transposed input gradient (6→10, stride 1)',
    { size: [7, 9], channels: 6, filters: 10, kernel: [3, 3], strides: one, dilation: one, padding: 'same' },
  ],
  [
    'col2im input gradient, stride 2, dilation 2 (13→7)',
    { size: [9, 8], channels: 13, filters: 7, kernel: [3, 2], strides: [2, 1], dilation: [2, 2], padding: 'same' },
  ],
  [
    'narrow blocks, all three (8→16, 5×5 same, 15 pixels)',
    { size: [3, 5], channels: 8, filters: 16, kernel: [5, 5], strides: one, dilation: one, padding: 'same' },
  ],
  [
    'many channels (32→64, narrow blocks)',
    { size: [6, 5], channels: 32, filters: 64, kernel: [3, 3], strides: one, dilation: one, padding: 'valid' },
  ],
];

/** cnn-small's first layer (1→8, 5×5 same) on a small image. */
const FIRST: Case = {
  size: [9, 10],
  channels: 1,
  filters: 8,
  kernel: [5, 5],
  strides: one,
  dilation: one,
  padding: 'same',
};

const rng = new Rng(5);
const resident = (size: number, fill = NaN): Float32Array => {
  const a = rt.heap.allocateFloat32(size).fill(fill);
  return a;
};
const random = (size: number): Float32Array => {
  const a = resident(size);
  for (let i = 0; i < size; i++) a[i] = rng.uniform(-1, 1);
  return a;
};

/** The three convolutions of `k` against the float64 reference on one window. */
function checkAll(k: ReturnType<typeof pooledWindows>, w: ConvWindow, act: EpilogueActivation): void {
  const n = {
    x: w.batch * w.inHeight * w.inWidth * w.channels,
    y: w.batch * w.outHeight * w.outWidth * w.filters,
    kernel: w.kernelHeight * w.kernelWidth * w.channels * w.filters,
  };
  const [x, kernel, bias, dy] = [random(n.x), random(n.kernel), random(w.filters), random(n.y)];
  const scratch = resident(convScratchLength(w));
  const [x64, k64, b64, dy64] = [x, kernel, bias, dy].map((a) => Float64Array.from(a));
  const s64 = new Float64Array(scratch.length);
  const y = resident(n.y);
  const y64 = new Float64Array(n.y);
  k.conv2d(x, kernel, bias, y, w, act, scratch);
  jsKernels.conv2d(x64, k64, b64, y64, w, act, s64);
  expect(relativeError(y, y64)).toBeLessThan(1e-5);
  const dx = resident(n.x);
  const dx64 = new Float64Array(n.x);
  k.conv2dBackwardInput(dy, kernel, dx, w, scratch);
  jsKernels.conv2dBackwardInput(dy64, k64, dx64, w, s64);
  expect(relativeError(dx, dx64)).toBeLessThan(1e-5);
  // NaN before: the calling thread's first chunk overwrites, the workers' partials are added after
  const dk = resident(n.kernel);
  const dk64 = new Float64Array(n.kernel);
  k.conv2dBackwardFilter(x, dy, dk, w, scratch);
  jsKernels.conv2dBackwardFilter(x64, dy64, dk64, w, s64);
  expect(relativeError(dk, dk64)).toBeLessThan(1e-5);
}

describe.each([
  ['2 threads', two],
  ['3 threads', three],
])('conv kernels split by images over %s', (_, pool) => {
  const k = pooledWindows(() => rt, pool, single);
  describe.each(CASES)('%s', (_, c) => {
    it.each([1, 2, 3, 5, 7])('batch %i matches the reference; every image job ran on the workers too', (batch) => {
      const before = pool.jobs;
      checkAll(k, windowOf(c, batch), batch % 2 ? 'relu' : 'tanh');
      // one job per waiting worker and kernel, at most batch - 1 of them (each has a chunk); batch 1 stays alone
      const workers = Math.min(pool.threads - 1, batch - 1);
      expect(pool.jobs - before).toBe(3 * workers);
      expect(pool.error).toBeNull();
    });
  });
});

describe('what stays on the calling thread', () => {
  const w = windowOf(FIRST, 4);
  const n = w.batch * w.inHeight * w.inWidth;

  it('arrays outside WebAssembly memory, and work under minConvWork', async () => {
    const k = pooledWindows(() => rt, two, single);
    const before = two.jobs;
    const x = Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
    const kernel = random(25 * 8);
    const y = new Float32Array(n * 8);
    const y64 = new Float64Array(n * 8);
    k.conv2d(x, kernel, null, y, w, 'linear', resident(convScratchLength(w)));
    jsKernels.conv2d(Float64Array.from(x), Float64Array.from(kernel), null, y64, w, 'linear', new Float64Array(1e4));
    expect(relativeError(y, y64)).toBeLessThan(1e-5);
    expect(two.jobs).toBe(before);

    const high = GemmPool.start(rt, { threads: 2, minConvWork: 1e12 })!;
    await high.ready();
    pooledWindows(() => rt, high, single).conv2d(random(n), kernel, null, y, w, 'linear', y.subarray(0, 0));
    expect(high.jobs).toBe(0);
    await high.terminate();
  });

  it('selectKernels with threads routes large resident convolutions to the process-wide pool', async () => {
    const k = selectKernels({ prefer: 'wasm', threads: 2 });
    const pool = currentPool()!;
    await pool.ready();
    expect(pool.minConvWork).toBe(CONV_MIN_WORK);
    // cnn-small's first layer at batch 64
    const big = windowOf({ ...FIRST, size: [28, 28] }, 64);
    expect(big.batch * big.outHeight * big.outWidth * 25 * 8).toBeGreaterThan(CONV_MIN_WORK);
    // resident in the process-wide runtime's memory, the one selectKernels uses
    const own = (size: number) => wasmRuntime().heap.allocateFloat32(size).fill(0.5);
    const before = pool.jobs;
    k.conv2d(own(64 * 784), own(200), null, own(64 * 784 * 8), big, 'linear', own(convScratchLength(big)));
    expect(pool.jobs).toBe(before + 1);
    selectKernels({ prefer: 'wasm' });
  });
});
