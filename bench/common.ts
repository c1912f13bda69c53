// shared by the benchmark cases: flags, timing statistics, the one JSON line the runner reads, runtime set-up
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import * as st from '../src/index.js';
import { selectKernels } from '../src/kernels/select.js';
import { wasmRuntime } from '../src/kernels/wasm/index.js';
import { currentPool } from '../src/kernels/wasm/pool.js';

export type Runtime = 'strata-default' | 'strata-js' | 'strata-wasm' | 'strata-wasm-2t' | 'tfjs-cpu' | 'tfjs-wasm';
export const RUNTIMES: readonly Runtime[] = [
  'strata-default',
  'strata-js',
  'strata-wasm',
  'strata-wasm-2t',
  'tfjs-cpu',
  'tfjs-wasm',
];

export interface Args {
  runtime: Runtime;
  runs: number;
  json: boolean;
  /** Any other --name value pairs, e.g. --samples 6400. */
  options: Record<string, string>;
}

/** --runtime R --runs N [--json] [--name value …] */
export function parseArgs(defaultRuns = 5): Args {
  const argv = process.argv.slice(2);
  const options: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') json = true;
    else if (argv[i].startsWith('--')) options[argv[i].slice(2)] = argv[++i];
  }
  const runtime = (options.runtime ?? 'strata-wasm') as Runtime;
  if (!RUNTIMES.includes(runtime)) throw new Error(`--runtime must be one of ${RUNTIMES.join(', ')}`);
  return { runtime, runs: Number(options.runs ?? defaultRuns), json, options };
}

export const now = (): number => performance.now();

/** Progress goes to stderr; stdout carries only the result. */
export const log = (message: string): void => void process.stderr.write(`${message}\n`);

export interface Stats {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: values };
}

export interface Entry extends Stats {
  name: string;
  unit: string;
  [key: string]: unknown;
}

/** One result in the NumPy reference scripts' format: {name, unit, median, min, max, runs, extra}. */
export function report(args: Args, name: string, unit: string, values: number[], extra: object = {}): void {
  const result = { name, unit, ...stats(values), extra: { ...extra, ...describeRuntime(args.runtime) } };
  if (args.json) console.log(JSON.stringify(result));
  else console.log(`${name} [${args.runtime}]: median ${result.median.toPrecision(4)} ${unit} (${values.length} runs)`);
}

/** Several results in one object, as gemm.py reports them. */
export function reportEntries(args: Args, name: string, entries: Entry[], extra: object = {}): void {
  const result = { name, entries, extra: { ...extra, ...describeRuntime(args.runtime) } };
  if (args.json) console.log(JSON.stringify(result));
  else for (const e of entries) console.log(`${e.name} [${args.runtime}]: ${e.median.toPrecision(4)} ${e.unit}`);
}

function describeRuntime(runtime: Runtime): Record<string, unknown> {
  const rss = process.resourceUsage().maxRSS * 1024;
  if (runtime === 'strata-default' && st.getBackend().name !== 'wasm')
    return { runtime, backend: 'js', peak_rss_bytes: rss };
  if (!runtime.startsWith('strata-wasm') && runtime !== 'strata-default') return { runtime, peak_rss_bytes: rss };
  const rt = wasmRuntime();
  const pool = currentPool();
  const threads = pool
    ? { threads: pool.threads, pool_jobs: pool.jobs, worker_chunks: pool.chunks, min_work: pool.minWork }
    : { threads: 1 };
  return { runtime, wasm_build: rt.build, wasm_shared_memory: rt.shared, ...threads, peak_rss_bytes: rss };
}

/** Threads strata's wasm kernels use on this runtime: strata-wasm-2t runs large matmuls on two. */
export const threadsOf = (runtime: Runtime): number => (runtime === 'strata-wasm-2t' ? 2 : 1);

/**
 * Selects strata's kernels for this process: js, or wasm with a call's arrays in its memory; strata-default
 * selects nothing (what a user gets with no configuration).
 */
export function useStrataKernels(runtime: Runtime): typeof st {
  if (runtime === 'strata-default') return st;
  const prefer = runtime.startsWith('strata-wasm') ? 'wasm' : 'js';
  st.useKernels(selectKernels({ prefer, threads: threadsOf(runtime) }));
  return st;
}

/** Waits until strata-wasm-2t's worker runs (before anything is timed); throws where none can start. */
export async function threadsStarted(runtime: Runtime): Promise<void> {
  if (threadsOf(runtime) === 1) return;
  const pool = currentPool();
  if (pool === null) throw new Error(`${runtime}: no worker threads could start here`);
  await pool.ready();
}

export type Tf = typeof TfCore;
export type Tfl = typeof TfLayers;

/** TensorFlow.js with its cpu or wasm backend; the wasm binaries are read from node_modules (no network). */
export async function loadTfjs(runtime: Runtime): Promise<{ tf: Tf; tfl: Tfl }> {
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  const tfl = await import('@tensorflow/tfjs-layers');
  if (runtime === 'tfjs-wasm') {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  }
  const backend = runtime === 'tfjs-wasm' ? 'wasm' : 'cpu';
  const silence = console.warn;
  console.warn = () => {}; // the "install tfjs-node" banner
  try {
    if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend ${backend} did not initialize`);
    await tf.ready();
  } finally {
    console.warn = silence;
  }
  return { tf, tfl };
}

/** A strata float32 tensor's values as a TF.js tensor of the same shape. */
export function toTf(tf: Tf, t: st.Tensor): ReturnType<Tf['tensor']> {
  return tf.tensor(Float32Array.from(t.data), [...t.shape]);
}
