// Paired A/B of one vs two threads in one process, for a machine whose load comes and goes: each pair times the
// single-thread and the threaded matmul (or mlp-784 epoch) back to back, and the median of the per-pair ratios is
// reported. Usage: tsx bench/threads.ts [--pairs 9] [--samples 12800] [--min-work N]
import { loadavg } from 'node:os';
import * as st from '../src/index.js';
import { selectKernels } from '../src/kernels/select.js';
import { pooledGemm } from '../src/kernels/wasm/bind.js';
import { wasmKernels, wasmRuntime } from '../src/kernels/wasm/index.js';
import { GemmPool, THREAD_MIN_WORK } from '../src/kernels/wasm/pool.js';
import { log, now } from './common.js';

const flag = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const [pairs, samples, minWork] = [flag('pairs', 9), flag('samples', 12_800), flag('min-work', THREAD_MIN_WORK)];
st.useKernels(selectKernels({ prefer: 'wasm' }));
const rt = wasmRuntime();
const pool = GemmPool.start(rt, { threads: 2, minWork })!;
await pool.ready();
const single = wasmKernels;
const threaded: st.Kernels = { ...wasmKernels, matmul: pooledGemm(() => rt, pool, wasmKernels.matmul) };
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
const msPer = (fn: () => void, ms: number) => {
  let calls = 0;
  const t0 = now();
  for (; now() - t0 < ms; calls++) fn();
  return (now() - t0) / calls;
};
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}; threshold ${minWork} multiply-adds; ${pairs} pairs`,
);

const shapes = [
  [128, 128, 128],
  [128, 256, 128],
  [256, 128, 128],
  [128, 128, 256],
  [128, 784, 256],
  [256, 128, 784],
  [784, 128, 256],
  [1024, 1024, 1024],
];
const heap = rt.heap;
const [a, b, c] = [
  heap.allocateFloat32(1 << 20).fill(0.5),
  heap.allocateFloat32(1 << 20).fill(0.25),
  heap.allocateFloat32(1 << 20),
];
for (const [m, k, n] of shapes) {
  const cells: string[] = [];
  for (const layout of ['NN', 'TN', 'NT']) {
    const [ta, tb] = [layout[0] === 'T', layout[1] === 'T'];
    const one = () => single.matmul(a, b, c, m, k, n, ta, tb, false);
    const two = () => threaded.matmul(a, b, c, m, k, n, ta, tb, false);
    msPer(one, 20); // warm-up
    msPer(two, 20);
    const t1: number[] = [];
    const t2: number[] = [];
    for (let p = 0; p < pairs; p++) {
      t1.push(msPer(one, 50));
      t2.push(msPer(two, 50));
    }
    const gflops = (t: number[]) => ((2 * m * k * n) / median(t) / 1e6).toFixed(1);
    const ratio = median(t1.map((t, i) => t / t2[i])).toFixed(2);
    cells.push(`${layout} ${gflops(t1)} → ${gflops(t2)} (${ratio}×)`);
  }
  console.log(`gemm ${m}x${k}x${n} GFLOP/s 1t → 2t: ${cells.join(', ')}`);
}

// mlp-784 (784→256→128→10, ReLU, softmax, Adam, batch 128) on `samples` rows: epochs alternate the two kernel sets
const rng = new st.Rng(42);
const [x, y] = [heap.allocateFloat32(samples * 784), heap.allocateFloat32(samples)];
for (let i = 0; i < x.length; i++) x[i] = rng.uniform(0, 1);
for (let i = 0; i < samples; i++) y[i] = Math.floor(rng.uniform(0, 10));
const [xt, yt] = [new st.Tensor(x, [samples, 784], 'float32'), new st.Tensor(y, [samples, 1], 'float32')];
const model = st.sequential({
  layers: [
    st.layers.dense({ units: 256, activation: 'relu', inputShape: [784], kernelInitializer: 'heNormal' }),
    st.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
    st.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: 'heNormal' }),
  ],
});
model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.001 }), loss: 'sparseCategoricalCrossentropy' });
const epoch = async (kernels: st.Kernels): Promise<number> => {
  st.useKernels(kernels);
  const t0 = now();
  await model.fit(xt, yt, { epochs: 1, batchSize: 128, shuffle: true, verbose: 0 });
  return samples / ((now() - t0) / 1000);
};
await epoch(single); // warm-up
await epoch(threaded);
const r1: number[] = [];
const r2: number[] = [];
for (let p = 0; p < pairs; p++) {
  r1.push(await epoch(single));
  r2.push(await epoch(threaded));
}
const ratio = median(r2.map((r, i) => r / r1[i])).toFixed(2);
console.log(`mlp-784 samples/s 1t → 2t: ${median(r1).toFixed(0)} → ${median(r2).toFixed(0)} (${ratio}×)`);
console.log(
  `load ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}; worker jobs ${pool.jobs}, chunks ${pool.chunks}`,
);
log(`1t runs ${r1.map((r) => r.toFixed(0)).join(' ')}\n2t runs ${r2.map((r) => r.toFixed(0)).join(' ')}`);
await pool.terminate();
