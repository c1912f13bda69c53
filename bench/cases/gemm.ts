// gemm: float32 GFLOP/s at the MLP shapes and 1024³ in NN, TN, NT, plus the per-call time of a 32×16×8 matmul;
// each sample repeats the call for ≥ 50 ms (as bench/reference/gemm.py). strata calls its kernels directly
// (strata-wasm-2t: the threaded matmul, which runs products of THREAD_MIN_WORK multiply-adds or more on two threads).
import { jsKernels } from '../../src/kernels/js/index.js';
import { selectKernels } from '../../src/kernels/select.js';
import { wasmRuntime } from '../../src/kernels/wasm/index.js';
import {
  type Args,
  type Entry,
  loadTfjs,
  log,
  now,
  parseArgs,
  reportEntries,
  stats,
  threadsOf,
  threadsStarted,
} from '../common.js';

const SHAPES = [
  [128, 784, 256],
  [128, 256, 128],
  [256, 128, 784],
  [1024, 1024, 1024],
] as const;
const LAYOUTS = ['NN', 'TN', 'NT'] as const;
const MIN_MS = 50;
const args: Args = parseArgs(5);

/** Calls per sample: doubled until one sample lasts MIN_MS (this also warms up). */
function callsPerSample(fn: () => void): number {
  for (let n = 1; ; n *= 2) {
    const t0 = now();
    for (let i = 0; i < n; i++) fn();
    if (now() - t0 >= MIN_MS) return n;
  }
}

function msPerCall(fn: () => void, n: number): number {
  const t0 = now();
  for (let i = 0; i < n; i++) fn();
  return (now() - t0) / n;
}

/** A matmul call on fresh random operands stored as the layout says (a is [K, M] for T…, b is [N, K] for …T). */
type Maker = (m: number, k: number, n: number, layout: string) => () => void;

async function makerFor(): Promise<Maker> {
  const random = (size: number, into: Float32Array) => {
    for (let i = 0; i < size; i++) into[i] = Math.random() * 2 - 1;
    return into;
  };
  if (args.runtime.startsWith('strata')) {
    const wasm = args.runtime.startsWith('strata-wasm') || args.runtime === 'strata-default';
    const k = wasm ? selectKernels({ prefer: 'wasm', threads: threadsOf(args.runtime) }) : jsKernels;
    await threadsStarted(args.runtime);
    // wasm operands live in its memory (zero copy), as tensors do when the wasm kernels are selected
    const alloc = (size: number) => (wasm ? wasmRuntime().heap.allocateFloat32(size) : new Float32Array(size));
    return (m, kk, n, layout) => {
      const [a, b, c] = [random(m * kk, alloc(m * kk)), random(kk * n, alloc(kk * n)), alloc(m * n)];
      const [ta, tb] = [layout[0] === 'T', layout[1] === 'T'];
      return () => k.matmul(a, b, c, m, kk, n, ta, tb, false);
    };
  }
  const { tf } = await loadTfjs(args.runtime);
  return (m, kk, n, layout) => {
    const [ta, tb] = [layout[0] === 'T', layout[1] === 'T'];
    const a = tf.tensor(random(m * kk, new Float32Array(m * kk)), ta ? [kk, m] : [m, kk]);
    const b = tf.tensor(random(kk * n, new Float32Array(kk * n)), tb ? [n, kk] : [kk, n]);
    return () => tf.matMul(a, b, ta, tb).dispose();
  };
}

const make = await makerFor();
const entries: Entry[] = [];
for (const [m, k, n] of SHAPES) {
  for (const layout of LAYOUTS) {
    const fn = make(m, k, n, layout);
    const calls = callsPerSample(fn);
    const gflops = Array.from({ length: args.runs }, () => (2 * m * k * n) / msPerCall(fn, calls) / 1e6);
    const entry = { name: `${layout} ${m}x${k}x${n}`, unit: 'GFLOP/s', ...stats(gflops), M: m, K: k, N: n, layout };
    entries.push(entry);
    log(`gemm [${args.runtime}] ${entry.name}: ${entry.median.toFixed(2)} GFLOP/s`);
  }
}
const tiny = make(32, 16, 8, 'NN');
const calls = callsPerSample(tiny);
const us = Array.from({ length: args.runs }, () => 1000 * msPerCall(tiny, calls));
entries.push({ name: 'NN 32x16x8 per call', unit: 'us', ...stats(us), M: 32, K: 16, N: 8, layout: 'NN' });
log(`gemm [${args.runtime}] 32x16x8: ${stats(us).median.toFixed(3)} us per call`);
reportEntries(args, 'gemm', entries, { min_ms_per_sample: MIN_MS });
