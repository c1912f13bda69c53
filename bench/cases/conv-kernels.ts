// conv-kernels: the convolution and pooling kernels at every layer shape of the cnn-small and cnn-keras benchmark nets
// (issue 12), called directly on arrays resident in WebAssembly memory, against the GEMM the convolution amounts to
// measured in the same run (the same product over the whole batch, its im2col matrix built beforehand) and the
// 1024³ GEMM ceiling. Each sample repeats the call for ≥ 50 ms, as bench/cases/gemm.ts; GFLOP/s count 2·M·K·N.
// On its own: npx tsx bench/cases/conv-kernels.ts [--runs N] [--json] [--only cnn-keras] [--batch N]
// (PyTorch's figures for the same convolutions: python3 bench/reference/conv_kernels.py)
import { selectKernels } from '../../src/kernels/select.js';
import { wasmRuntime } from '../../src/kernels/wasm/index.js';
import { convScratchLength, type ConvWindow, type Window2d } from '../../src/kernels/windows.js';
import { type Args, type Entry, log, now, parseArgs, reportEntries, stats } from '../common.js';

const MIN_MS = 50;
const args: Args = parseArgs(5);
if (!args.runtime.startsWith('strata-wasm')) throw new Error('conv-kernels runs the WebAssembly kernels only');

interface Layer {
  net: string;
  name: string;
  batch: number;
  size: number;
  channels: number;
  filters: number;
  kernel: number;
  padding: 'same' | 'valid';
}
interface Pool {
  net: string;
  name: string;
  batch: number;
  size: number;
  channels: number;
  pool: number;
}

// the nets' layers (28×28×1 inputs): cnn-small, batch 64; cnn-keras, batch 128
const batchOf = (net: string) => Number(args.options.batch ?? (net === 'cnn-small' ? 64 : 128));
const LAYERS: Layer[] = [
  { net: 'cnn-small', name: 'conv1 1→8 5×5 same', size: 28, channels: 1, filters: 8, kernel: 5, padding: 'same' },
  { net: 'cnn-small', name: 'conv2 8→16 5×5 same', size: 14, channels: 8, filters: 16, kernel: 5, padding: 'same' },
  { net: 'cnn-keras', name: 'conv1 1→32 3×3 valid', size: 28, channels: 1, filters: 32, kernel: 3, padding: 'valid' },
  { net: 'cnn-keras', name: 'conv2 32→64 3×3 valid', size: 26, channels: 32, filters: 64, kernel: 3, padding: 'valid' },
].map((l) => ({ ...l, batch: batchOf(l.net) }) as Layer);
const POOLS: Pool[] = [
  { net: 'cnn-small', name: 'maxpool 2 on 28×28×8', size: 28, channels: 8, pool: 2 },
  { net: 'cnn-small', name: 'maxpool 3 on 14×14×16', size: 14, channels: 16, pool: 3 },
  { net: 'cnn-keras', name: 'maxpool 2 on 24×24×64', size: 24, channels: 64, pool: 2 },
].map((p) => ({ ...p, batch: batchOf(p.net) }) as Pool);
const only = args.options.only?.split(',');

function convWindow(l: Layer): ConvWindow {
  const out = l.padding === 'same' ? l.size : l.size - l.kernel + 1;
  const pad = l.padding === 'same' ? (l.kernel - 1) >> 1 : 0;
  return {
    batch: l.batch,
    inHeight: l.size,
    inWidth: l.size,
    channels: l.channels,
    filters: l.filters,
    outHeight: out,
    outWidth: out,
    kernelHeight: l.kernel,
    kernelWidth: l.kernel,
    strideHeight: 1,
    strideWidth: 1,
    dilationHeight: 1,
    dilationWidth: 1,
    padTop: pad,
    padLeft: pad,
  };
}

function poolWindow(p: Pool): Window2d {
  const out = Math.floor(p.size / p.pool);
  return {
    batch: p.batch,
    inHeight: p.size,
    inWidth: p.size,
    channels: p.channels,
    outHeight: out,
    outWidth: out,
    kernelHeight: p.pool,
    kernelWidth: p.pool,
    strideHeight: p.pool,
    strideWidth: p.pool,
    dilationHeight: 1,
    dilationWidth: 1,
    padTop: 0,
    padLeft: 0,
  };
}

/** Calls per sample: doubled until one sample lasts MIN_MS (this also warms up). */
function callsPerSample(fn: () => void): number {
  for (let n = 1; ; n *= 2) {
    const t0 = now();
    for (let i = 0; i < n; i++) fn();
    if (now() - t0 >= MIN_MS) return n;
  }
}

/** Milliseconds per call, one value per run. */
function timed(fn: () => void): number[] {
  return timedTogether([fn])[0];
}

/** Milliseconds per call of each function, their samples taken in turn (so a busy spell of the machine hits all). */
function timedTogether(fns: (() => void)[]): number[][] {
  const n = fns.map(callsPerSample);
  const ms: number[][] = fns.map(() => []);
  for (let run = 0; run < args.runs; run++)
    fns.forEach((fn, j) => {
      const t0 = now();
      for (let i = 0; i < n[j]; i++) fn();
      ms[j].push((now() - t0) / n[j]);
    });
  return ms;
}

const k = selectKernels({ prefer: 'wasm', threads: 1 });
const heap = wasmRuntime().heap;
const random = (size: number): Float32Array => {
  const a = heap.allocateFloat32(size);
  for (let i = 0; i < size; i++) a[i] = Math.random() * 2 - 1;
  return a;
};
const entries: Entry[] = [];
const gflopsEntry = (name: string, flop: number, ms: number[], extra: object): Entry => {
  const e = { name, unit: 'GFLOP/s', ...stats(ms.map((t) => flop / t / 1e6)), ms_per_call: stats(ms).median, ...extra };
  entries.push(e);
  return e;
};

const ceiling = (() => {
  const n = 1024;
  const [a, b, c] = [random(n * n), random(n * n), heap.allocateFloat32(n * n)];
  const e = gflopsEntry(
    'gemm NN 1024³ (ceiling)',
    2 * n ** 3,
    timed(() => k.matmul(a, b, c, n, n, n, false, false, false)),
    {},
  );
  log(`ceiling: ${e.median.toFixed(1)} GFLOP/s`);
  return e.median;
})();

for (const l of LAYERS) {
  if (only && !only.includes(l.net)) continue;
  const w = convWindow(l);
  const M = w.outHeight * w.outWidth;
  const K = l.kernel * l.kernel * l.channels;
  const F = l.filters;
  const flop = 2 * l.batch * M * K * F;
  const x = random(l.batch * l.size * l.size * l.channels);
  const kernel = random(K * F);
  const bias = random(F);
  const y = heap.allocateFloat32(l.batch * M * F);
  const dy = random(l.batch * M * F);
  const dx = heap.allocateFloat32(x.length);
  const dk = heap.allocateFloat32(K * F);
  const scratch = heap.allocateFloat32(convScratchLength(w));
  // the same products as one GEMM over the whole batch, on a prepared patch matrix [batch·M, K]
  const col = random(l.batch * M * K);
  const dcol = heap.allocateFloat32(l.batch * M * K);
  const ops: [string, () => void, () => void, string][] = [
    [
      'forward (bias, relu)',
      () => k.conv2d(x, kernel, bias, y, w, 'relu', scratch),
      () => k.matmulBiasActivation(col, kernel, bias, y, l.batch * M, K, F, 'relu'),
      `NN ${l.batch * M}×${K}×${F}`,
    ],
    [
      'input gradient',
      () => k.conv2dBackwardInput(dy, kernel, dx, w, scratch),
      () => k.matmul(dy, kernel, dcol, l.batch * M, F, K, false, true, false),
      `NT ${l.batch * M}×${F}×${K}`,
    ],
    [
      'filter gradient',
      () => k.conv2dBackwardFilter(x, dy, dk, w, scratch),
      () => k.matmul(col, dy, dk, K, l.batch * M, F, true, false, false),
      `TN ${K}×${l.batch * M}×${F}`,
    ],
  ];
  // the two designs behind conv2d, called by their own exports: im2col + GEMM and the direct loops
  const exports = wasmRuntime().exports;
  const at = (a: Float32Array) => heap.offset(a);
  const geometry = [
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
  const forward = [at(x), at(kernel), at(bias), at(y), at(scratch), ...geometry, 1];
  const filter = [at(x), at(dy), at(dk), at(scratch), ...geometry];
  const input = [at(dy), at(kernel), at(dx), at(scratch), ...geometry];
  const designs: [string, () => void, () => void][] = [
    ['forward', () => exports.conv2dIm2col(...forward), () => exports.conv2dDirect(...forward)],
    [
      'filter gradient',
      () => exports.conv2dBackwardFilterIm2col(...filter),
      () => exports.conv2dBackwardFilterDirect(...filter),
    ],
  ];
  for (const [op, conv, gemm, shape] of ops) {
    const [gms, cms] = timedTogether([gemm, conv]);
    const g = gflopsEntry(`${l.net} ${l.name} ${op}: gemm ${shape}`, flop, gms, { net: l.net, batch: l.batch });
    const c = gflopsEntry(`${l.net} ${l.name} ${op}`, flop, cms, {
      net: l.net,
      batch: l.batch,
      of_gemm: 0, // filled below
      of_ceiling: 0,
    });
    c.of_gemm = c.median / g.median;
    c.of_ceiling = c.median / ceiling;
    log(
      `${l.net} ${l.name} ${op}: ${c.median.toFixed(1)} GFLOP/s (${c.min.toFixed(1)}–${c.max.toFixed(1)}), ` +
        `${(c.ms_per_call as number).toFixed(2)} ms; its GEMM ${g.median.toFixed(1)} (${(100 * (c.of_gemm as number)).toFixed(0)}%), ` +
        `ceiling ${(100 * (c.of_ceiling as number)).toFixed(0)}%`,
    );
  }
  designs.push([
    'input gradient (col2im ÷ transposed)',
    () => exports.conv2dBackwardInputCol2im(...input),
    () => exports.conv2dBackwardInputTransposed(...input),
  ]);
  for (const [op, im2col, direct] of designs) {
    const [ims, dms] = timedTogether([im2col, direct]);
    const a = gflopsEntry(`${l.net} ${l.name} ${op}, im2col + GEMM`, flop, ims, { net: l.net, batch: l.batch });
    const b = gflopsEntry(`${l.net} ${l.name} ${op}, direct loops`, flop, dms, { net: l.net, batch: l.batch });
    const ratio = stats(ims.map((t, i) => t / dms[i]));
    log(
      `${l.net} ${l.name} ${op}: im2col ${a.median.toFixed(1)} (${a.min.toFixed(1)}–${a.max.toFixed(1)}), direct ` +
        `${b.median.toFixed(1)} (${b.min.toFixed(1)}–${b.max.toFixed(1)}) GFLOP/s; direct ÷ im2col speed, per pair: ` +
        `${ratio.median.toFixed(2)} (${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)})`,
    );
  }
}

for (const p of POOLS) {
  if (only && !only.includes(p.net)) continue;
  const w = poolWindow(p);
  const outs = p.batch * w.outHeight * w.outWidth * p.channels;
  const x = random(p.batch * p.size * p.size * p.channels);
  const y = heap.allocateFloat32(outs);
  const dy = random(outs);
  const dx = heap.allocateFloat32(x.length);
  // argmax as an Int32Array view of a resident block, as a layer would keep it
  const block = heap.allocateFloat32(outs);
  const argmax = new Int32Array(block.buffer, block.byteOffset, outs);
  const copied = new Int32Array(outs);
  const ops: [string, () => void][] = [
    ['maxPool2d', () => k.maxPool2d(x, y, argmax, w)],
    ['maxPool2dBackward', () => k.maxPool2dBackward(dy, argmax, dx)],
    ['maxPool2d, argmax copied out', () => k.maxPool2d(x, y, copied, w)],
    ['avgPool2d', () => k.avgPool2d(x, y, w)],
    ['avgPool2dBackward', () => k.avgPool2dBackward(dy, dx, w)],
  ];
  for (const [op, fn] of ops) {
    const ms = timed(fn);
    const e = { name: `${p.net} ${p.name} ${op}`, unit: 'ms', ...stats(ms), net: p.net, batch: p.batch };
    entries.push(e);
    log(`${e.name}: ${e.median.toFixed(3)} ms (${e.min.toFixed(3)}–${e.max.toFixed(3)})`);
  }
}

reportEntries(args, 'conv-kernels', entries, { min_ms_per_sample: MIN_MS, ceiling_gflops: ceiling });
