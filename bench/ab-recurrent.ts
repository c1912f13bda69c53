// npx tsx bench/ab-recurrent.ts --base DIR [--pairs N] [--steps N] [--cell lstm|gru] [--size small]: char-lstm's
// training step (bench/cases/char-lstm.ts) on this tree and on the copy of another commit at DIR (e.g. `git archive
// <commit> | tar -x -C DIR`, with node_modules linked), both with wasm kernels on one thread, loaded side by side in
// ONE process and timed alternately (A B B A …), so both see the same load on a shared machine. Prints sequences/s as
// median (min–max) per tree and the median of the per-pair ratios, by the wall clock and by the process' CPU time
// (user + system: what the step itself used, so less disturbed by others' load on a shared machine).
import * as current from '../src/index.js';

type St = typeof current;
const flags = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++)
  if (process.argv[i].startsWith('--')) flags.set(process.argv[i].slice(2), process.argv[i + 1] ?? '');
const base = flags.get('base');
if (base === undefined) throw new Error('--base DIR: a copy of the tree to compare with');
const pairs = Number(flags.get('pairs') ?? 11);
const steps = Number(flags.get('steps') ?? 3);
const cell = flags.get('cell') ?? 'lstm';
const small = flags.get('size') === 'small';
const [BATCH, TIME, VOCAB, UNITS] = small ? [16, 20, 8, 32] : [32, 50, 65, 128];
const old = (await import(`${base}/src/index.ts`)) as St;
for (const st of [current, old]) st.useKernels(st.selectKernels({ prefer: 'wasm', threads: 1 }));

/** Sequences per second of wall clock and of CPU time. */
interface Rate {
  wall: number;
  cpu: number;
}

/** One model per tree on the same random one-hot characters and labels; returns a timed run of `steps` steps. */
function stepper(st: St): () => Rate {
  const rng = new st.Rng(42);
  const xData = new Float32Array(BATCH * TIME * VOCAB);
  const yData = new Float32Array(BATCH * TIME);
  for (let i = 0; i < BATCH * TIME; i++) {
    xData[i * VOCAB + rng.int(VOCAB)] = 1;
    yData[i] = rng.int(VOCAB);
  }
  const options = { units: UNITS, returnSequences: true, inputShape: [TIME, VOCAB] };
  const recurrent = cell === 'gru' ? st.layers.gru(options) : st.layers.lstm(options);
  const model = st.sequential({ layers: [recurrent, st.layers.dense({ units: VOCAB, activation: 'softmax' })] });
  model.compile({
    optimizer: st.optimizers.adam({ learningRate: 0.001, epsilon: 1e-7 }),
    loss: 'sparseCategoricalCrossentropy',
  });
  const x = new st.Tensor(xData, [BATCH, TIME, VOCAB], 'float32');
  const y = new st.Tensor(yData, [BATCH, TIME], 'float32');
  return () => {
    const [t0, c0] = [performance.now(), process.cpuUsage()];
    for (let i = 0; i < steps; i++) model.trainOnBatch(x, y);
    const cpu = process.cpuUsage(c0);
    return {
      wall: (steps * BATCH) / ((performance.now() - t0) / 1000),
      cpu: (steps * BATCH) / ((cpu.user + cpu.system) / 1e6),
    };
  };
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (v: number[], digits = 0) =>
  `${median(v).toFixed(digits)} (${Math.min(...v).toFixed(digits)}–${Math.max(...v).toFixed(digits)})`;

const runs = new Map<St, () => Rate>([
  [current, stepper(current)],
  [old, stepper(old)],
]);
for (const run of runs.values()) for (let i = 0; i < 3; i++) run(); // warm-up, as the bench case
const [a, b, ratio, aCpu, bCpu, ratioCpu]: number[][] = [[], [], [], [], [], []];
for (let i = 0; i < pairs; i++) {
  const order = i % 2 === 0 ? [old, current] : [current, old];
  const t = new Map(order.map((st) => [st, runs.get(st)!()]));
  const [now, then] = [t.get(current)!, t.get(old)!];
  a.push(now.wall);
  b.push(then.wall);
  ratio.push(now.wall / then.wall);
  aCpu.push(now.cpu);
  bCpu.push(then.cpu);
  ratioCpu.push(now.cpu / then.cpu);
}
const name = `${small ? `${cell}-small` : `char-${cell}`}`;
console.log(
  `${name} (sequences/s, ${pairs} pairs of ${steps} steps): this tree ${fmt(a)}; ${base} ${fmt(b)}; ` +
    `this ÷ base per pair: median ${fmt(ratio, 3)}`,
);
console.log(
  `${name} (sequences per CPU second): this tree ${fmt(aCpu)}; ${base} ${fmt(bCpu)}; ` +
    `this ÷ base per pair: median ${fmt(ratioCpu, 3)}`,
);
