// npx tsx bench/cnn-threads-paired.ts [--net cnn-small|cnn-keras] [--pairs N] [--steps N]: this tree's cnn-train
// net on one thread and on two, alternated in ONE process (1 2 2 1 …), so both see the same load on a shared
// machine; prints each median (min–max) and the median of the per-pair ratios (two ÷ one). Each run builds the net
// and trains 3 warm-up steps untimed, then --steps timed (as bench/cases/cnn-train.ts).
import * as st from '../src/index.js';
import { currentPool } from '../src/kernels/wasm/pool.js';

const flags = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++)
  if (process.argv[i].startsWith('--')) flags.set(process.argv[i].slice(2), process.argv[i + 1] ?? '');
const net = flags.get('net') ?? 'cnn-small';
const pairs = Number(flags.get('pairs') ?? 8);
const small = net === 'cnn-small';
const BATCH = small ? 64 : 128;
const WARMUP = 3;
const steps = Number(flags.get('steps') ?? (small ? 30 : 8));
const samples = (WARMUP + steps) * BATCH;

const rng = new st.Rng(42);
const x = st.tensor(
  Float32Array.from({ length: samples * 784 }, () => rng.uniform(0, 1)),
  [samples, 28, 28, 1],
);
const y = st.tensor(
  Float32Array.from({ length: samples }, () => Math.floor(rng.uniform(0, 10))),
  [samples, 1],
);
const layers = () =>
  small
    ? [
        st.layers.conv2d({ filters: 8, kernelSize: 5, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }),
        st.layers.maxPooling2d({ poolSize: 2 }),
        st.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' }),
        st.layers.maxPooling2d({ poolSize: 3 }),
        st.layers.flatten(),
        st.layers.dense({ units: 10, activation: 'softmax' }),
      ]
    : [
        st.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
        st.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
        st.layers.maxPooling2d({ poolSize: 2 }),
        st.layers.dropout({ rate: 0.25 }),
        st.layers.flatten(),
        st.layers.dense({ units: 128, activation: 'relu' }),
        st.layers.dropout({ rate: 0.5 }),
        st.layers.dense({ units: 10, activation: 'softmax' }),
      ];

async function rate(threads: number): Promise<number> {
  st.useKernels(st.selectKernels({ prefer: 'wasm', threads }));
  if (threads > 1) await currentPool()!.ready();
  const model = st.sequential({ layers: layers() });
  model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.001 }), loss: 'sparseCategoricalCrossentropy' });
  const marks: number[] = [];
  await model.fit(x, y, {
    epochs: 1,
    batchSize: BATCH,
    shuffle: false,
    verbose: 0,
    callbacks: [{ onBatchEnd: () => void marks.push(performance.now()) }],
  });
  return (steps * BATCH) / ((marks[WARMUP + steps - 1] - marks[WARMUP - 1]) / 1000);
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const one: number[] = [];
const two: number[] = [];
let jobs = 0;
for (let p = 0; p < pairs; p++) {
  const order = p % 2 ? [2, 1] : [1, 2];
  for (const t of order) {
    const r = await rate(t);
    if (t === 2) jobs = currentPool()?.jobs ?? 0;
    (t === 1 ? one : two).push(r);
  }
  process.stderr.write(`pair ${p}: 1t ${one[p].toFixed(0)}, 2t ${two[p].toFixed(0)}\n`);
}
const summary = (v: number[]) => `${median(v).toFixed(0)} (${Math.min(...v).toFixed(0)}–${Math.max(...v).toFixed(0)})`;
const ratios = one.map((o, i) => two[i] / o);
console.log(
  `${net}: 1 thread ${summary(one)}, 2 threads ${summary(two)} samples/s; 2t ÷ 1t per pair: median ` +
    `${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)}); ` +
    `pool jobs in the last 2-thread run: ${jobs}`,
);
await st.useKernels(st.selectKernels({ prefer: 'wasm' }));
