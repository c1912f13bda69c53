// char-lstm (issue 13): one-hot vocabulary 65 → LSTM 128 (returnSequences) → Dense 65 softmax at every step,
// sequence length 50, batch 32, Adam 1e-3, sparse categorical cross-entropy on random characters: training
// sequences/s. --cell gru: the same sizes with a GRU (reset_after, as Keras 2 and PyTorch). --size small: LSTM 32 on
// 8 features, sequence 20, batch 16, Dense 8 at every step (where per-call overhead rules). Each run times --steps
// training steps (trainOnBatch on one fixed batch) after three warm-up steps, so TF.js cpu can time a few steps.
import { type Args, loadTfjs, log, now, parseArgs, report, threadsStarted, useStrataKernels } from '../common.js';

const args: Args = parseArgs(5);
const cell = args.options.cell ?? 'lstm';
if (cell !== 'lstm' && cell !== 'gru') throw new Error('--cell must be lstm or gru');
const small = args.options.size === 'small';
const [BATCH, TIME, VOCAB, UNITS] = small ? [16, 20, 8, 32] : [32, 50, 65, 128];
const steps = Number(args.options.steps ?? 5);
const WARMUP = 3;
const name = small ? `${cell}-small` : `char-${cell}`;
const st = useStrataKernels(args.runtime);
await threadsStarted(args.runtime);

// one-hot characters and random next-character labels from a fixed seed (throughput needs only the shapes)
const rng = new st.Rng(42);
const xData = new Float32Array(BATCH * TIME * VOCAB);
const yData = new Float32Array(BATCH * TIME);
for (let i = 0; i < BATCH * TIME; i++) {
  xData[i * VOCAB + rng.int(VOCAB)] = 1;
  yData[i] = rng.int(VOCAB);
}

function strataStep(): () => Promise<void> {
  const recurrent =
    cell === 'lstm'
      ? st.layers.lstm({ units: UNITS, returnSequences: true, inputShape: [TIME, VOCAB] })
      : st.layers.gru({ units: UNITS, returnSequences: true, inputShape: [TIME, VOCAB] });
  const model = st.sequential({ layers: [recurrent, st.layers.dense({ units: VOCAB, activation: 'softmax' })] });
  model.compile({
    optimizer: st.optimizers.adam({ learningRate: 0.001, epsilon: 1e-7 }),
    loss: 'sparseCategoricalCrossentropy',
  });
  const x = new st.Tensor(xData, [BATCH, TIME, VOCAB], 'float32');
  const y = new st.Tensor(yData, [BATCH, TIME], 'float32');
  return async () => void model.trainOnBatch(x, y);
}

async function tfjsStep(): Promise<() => Promise<void>> {
  const { tf, tfl } = await loadTfjs(args.runtime);
  // TF.js' orthogonal initializer needs ops its Node bundle lacks: Glorot for the recurrent kernel (speed only)
  const options = {
    units: UNITS,
    returnSequences: true,
    inputShape: [TIME, VOCAB],
    recurrentInitializer: 'glorotUniform',
  };
  // (TF.js' GRU has only reset_after = false: its candidate's recurrent product comes after the reset gate)
  const recurrent = cell === 'lstm' ? tfl.layers.lstm(options) : tfl.layers.gru(options);
  const model = tfl.sequential({ layers: [recurrent, tfl.layers.dense({ units: VOCAB, activation: 'softmax' })] });
  model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy' });
  const x = tf.tensor(xData, [BATCH, TIME, VOCAB]);
  const y = tf.tensor(yData, [BATCH, TIME, 1]);
  return async () => void (await model.trainOnBatch(x, y));
}

const step = args.runtime.startsWith('tfjs') ? await tfjsStep() : strataStep();
let t0 = now();
for (let i = 0; i < WARMUP; i++) await step();
const firstMs = now() - t0;
const rates: number[] = [];
for (let r = 0; r < args.runs; r++) {
  t0 = now();
  for (let i = 0; i < steps; i++) await step();
  rates.push((steps * BATCH) / ((now() - t0) / 1000));
  log(`${name} [${args.runtime}] run ${r}: ${rates[r].toFixed(0)} sequences/s`);
}
report(args, name, 'sequences/s', rates, {
  per: `${steps} training steps`,
  warmup_steps: WARMUP,
  warmup_ms: +firstMs.toFixed(1),
  batch_size: BATCH,
  time_steps: TIME,
  features: VOCAB,
  units: UNITS,
  cell,
});
