// npx tsx bench/ab-paired.ts [--base DIR] [--pairs N] [--only spiral,mlp-784,circles-complete,keras-classification]:
// this tree's default and ce3f5b6 with selectKernels wasm loaded side by side in ONE process and run alternately
// (A B B A …), so both see the same load on a shared machine (--current copy: this tree without placement); prints
// the median (min–max) per library and the median of the per-pair ratios. Run bench/ab.ts first: it makes the base
// worktree. circles-complete and keras-classification are bench/cases' networks (10 and 50 epochs a fit).
import * as current from '../src/index.js';

type St = typeof current;
const flags = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++)
  if (process.argv[i].startsWith('--')) flags.set(process.argv[i].slice(2), process.argv[i + 1] ?? '');
const pairs = Number(flags.get('pairs') ?? 15);
const base = flags.get('base') ?? '/tmp/strata-base-ce3f5b6';
const only = flags.get('only')?.split(',') ?? ['spiral', 'mlp-784', 'circles-complete', 'keras-classification'];
// --current copy: this tree with the design it replaces placement with (no placement: copies per kernel call)
if (flags.get('current') === 'copy') current.useKernels(current.selectKernels({ prefer: 'wasm', resident: false }));
const old = (await import(`${base}/src/index.ts`)) as St;
old.useKernels(old.selectKernels({ prefer: 'wasm' }));

async function spiral(st: St): Promise<number> {
  const { x, y } = st.datasets.spiral({ samplesPerClass: 100, classes: 2, noise: 0.2, seed: 42 });
  const dense = (units: number, activation: 'relu' | 'sigmoid', first = false) =>
    st.layers.dense({ units, activation, kernelInitializer: 'heNormal', ...(first ? { inputShape: [2] } : {}) });
  const model = st.sequential({
    layers: [dense(16, 'relu', true), dense(8, 'relu'), dense(4, 'relu'), dense(1, 'sigmoid')],
  });
  model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.5 }), loss: 'binaryCrossentropy' });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 1000, batchSize: x.shape[0], shuffle: false, verbose: 0 });
  return performance.now() - t0; // ms per training
}

const SAMPLES = 12_800;
const mlpData = new Map<St, { x: current.Tensor; y: current.Tensor }>();
async function mlp784(st: St): Promise<number> {
  if (!mlpData.has(st)) {
    const rng = new st.Rng(42);
    const x = st.tensor(
      Float32Array.from({ length: SAMPLES * 784 }, () => rng.uniform(0, 1)),
      [SAMPLES, 784],
    );
    const y = st.tensor(
      Float32Array.from({ length: SAMPLES }, () => Math.floor(rng.uniform(0, 10))),
      [SAMPLES, 1],
    );
    mlpData.set(st, { x, y });
  }
  const { x, y } = mlpData.get(st)!;
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: 256, activation: 'relu', inputShape: [784], kernelInitializer: 'heNormal' }),
      st.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
      st.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: 'heNormal' }),
    ],
  });
  model.compile({
    optimizer: st.optimizers.adam({ learningRate: 0.001, epsilon: 1e-8 }),
    loss: 'sparseCategoricalCrossentropy',
  });
  const marks: number[] = [];
  const timer = {
    onEpochBegin: () => void marks.push(performance.now()),
    onEpochEnd: () => void marks.push(performance.now()),
  };
  await model.fit(x, y, { epochs: 2, batchSize: 128, shuffle: true, verbose: 0, callbacks: [timer] });
  return SAMPLES / ((marks[3] - marks[2]) / 1000); // samples/s in the second epoch
}

const circlesData = new Map<St, current.Tensor[]>();
async function circlesComplete(st: St): Promise<number> {
  if (!circlesData.has(st)) {
    const { x, y } = st.datasets.circles({ samples: 2000, noise: 0.1, factor: 0.5, seed: 7 });
    const part = (t: current.Tensor, from: number, to: number, width: number) =>
      st.tensor(t.data.slice(from * width, to * width), [to - from, width]);
    circlesData.set(st, [part(x, 0, 1600, 2), part(y, 0, 1600, 1), part(x, 1600, 2000, 2), part(y, 1600, 2000, 1)]);
  }
  const [xTrain, yTrain, xVal, yVal] = circlesData.get(st)!;
  const reg = () => ({ kernelRegularizer: st.regularizers.l2({ l2: 0.01 / 64 }) });
  const hidden = (units: number, first = false) => [
    st.layers.dense({
      units,
      activation: 'relu',
      kernelInitializer: 'heNormal',
      ...(first ? { inputShape: [2] } : {}),
      ...reg(),
    }),
    st.layers.dropout({ rate: 0.2 }),
  ];
  const model = st.sequential({
    layers: [
      ...hidden(32, true),
      ...hidden(16),
      ...hidden(8),
      st.layers.dense({ units: 1, activation: 'sigmoid', ...reg() }),
    ],
  });
  model.compile({
    optimizer: st.optimizers.adam({ learningRate: 0.001, epsilon: 1e-8 }),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  const t0 = performance.now();
  await model.fit(xTrain, yTrain, {
    epochs: 10,
    batchSize: 32,
    validationData: [xVal, yVal],
    shuffle: true,
    verbose: 0,
  });
  return (performance.now() - t0) / 10; // ms per epoch
}

const kerasData = new Map<St, current.Tensor[]>();
async function kerasClassification(st: St): Promise<number> {
  if (!kerasData.has(st)) {
    const data = st.datasets.makeClassification({
      samples: 1000,
      features: 20,
      informative: 15,
      redundant: 2,
      classes: 3,
      seed: 42,
    });
    const raw = st.tensor(data.x.data.slice(0, 800 * 20), [800, 20]);
    kerasData.set(st, [new st.StandardScaler().fitTransform(raw), st.tensor(data.y.data.slice(0, 800), [800, 1])]);
  }
  const [x, y] = kerasData.get(st)!;
  const model = st.sequential({
    layers: [
      ...[
        [64, 0.3],
        [32, 0.3],
        [16, 0.2],
      ].flatMap(([units, rate], i) => [
        st.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [20] } : {}) }),
        st.layers.batchNormalization(),
        st.layers.dropout({ rate }),
      ]),
      st.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({
    optimizer: st.optimizers.adam({ learningRate: 0.001 }),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  const t0 = performance.now();
  await model.fit(x, y, { epochs: 50, batchSize: 32, validationSplit: 0.2, verbose: 0 });
  return performance.now() - t0; // ms per fit
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (v: number[]) => `${median(v).toFixed(1)} (${Math.min(...v).toFixed(1)}–${Math.max(...v).toFixed(1)})`;

console.log(`backend with no configuration: ${JSON.stringify(current.getBackend())}; ${pairs} pairs per case`);
for (const [name, run, higherIsBetter] of [
  ['spiral', spiral, false],
  ['mlp-784', mlp784, true],
  ['circles-complete', circlesComplete, false],
  ['keras-classification', kerasClassification, false],
] as const) {
  if (!only.includes(name)) continue;
  // warm-up of both copies (V8 keeps tiering up over the first few thousand epochs)
  for (let i = 0; i < (name === 'mlp-784' ? 1 : 5); i++) for (const st of [current, old]) await run(st);
  const [a, b, ratio]: number[][] = [[], [], []];
  for (let i = 0; i < pairs; i++) {
    const order = i % 2 === 0 ? [old, current] : [current, old];
    const t: Record<string, number> = {};
    for (const st of order) t[st === current ? 'new' : 'old'] = await run(st);
    a.push(t.new);
    b.push(t.old);
    ratio.push(higherIsBetter ? t.new / t.old : t.old / t.new);
  }
  console.log(
    `${name} (${higherIsBetter ? 'samples/s' : 'ms'}): default ${fmt(a)}; ce3f5b6 + wasm ${fmt(b)}; ` +
      `new speed ÷ base speed per pair: median ${median(ratio).toFixed(3)} (${Math.min(...ratio).toFixed(3)}–${Math.max(...ratio).toFixed(3)})`,
  );
}
