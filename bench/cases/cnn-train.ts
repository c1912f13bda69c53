// cnn-small and cnn-keras (issue 12): training samples/s of two MNIST-shaped conv nets, Adam, on seeded random
// 28×28×1 inputs with random labels. Each run builds the net, trains --warmup steps (default 3) untimed, then
// --steps steps timed from the end of the last warm-up step to the end of the last step (fit's onBatchEnd), all in
// one fit of (warmup + steps) batches, unshuffled. The slow runtimes take fewer steps (samples/s is a rate).
// On its own: npx tsx bench/cases/cnn-train.ts --net cnn-small|cnn-keras [--runtime R] [--runs N] [--steps N]
// (PyTorch's figures for the same nets: /usr/bin/python3 bench/reference/cnn_torch.py --net …)
import type { Layer } from '../../src/index.js';
import {
  type Args,
  loadTfjs,
  log,
  now,
  parseArgs,
  report,
  stats,
  threadsStarted,
  useStrataKernels,
} from '../common.js';

const args: Args = parseArgs(5);
const net = args.options.net ?? 'cnn-small';
if (net !== 'cnn-small' && net !== 'cnn-keras') throw new Error('--net must be cnn-small or cnn-keras');
const SIDE = 28;
const CLASSES = 10;
const BATCH = net === 'cnn-small' ? 64 : 128;
const warmup = Number(args.options.warmup ?? 3);
const steps = Number(args.options.steps ?? (net === 'cnn-small' ? 30 : 8));
const samples = (warmup + steps) * BATCH;
// multiply-adds ×2 per training sample: forward, filter/weight gradient, and the input gradient except the first layer's
const FLOP_PER_SAMPLE =
  net === 'cnn-small'
    ? 2 * (784 * 8 * 25 * 2 + 196 * 16 * 200 * 3 + 256 * 10 * 3)
    : 2 * (676 * 32 * 9 * 2 + 576 * 64 * 288 * 3 + 9216 * 128 * 3 + 128 * 10 * 3);
const st = useStrataKernels(args.runtime);
await threadsStarted(args.runtime);

const rng = new st.Rng(42);
const xData = new Float32Array(samples * SIDE * SIDE);
for (let i = 0; i < xData.length; i++) xData[i] = rng.uniform(0, 1);
const yData = new Float32Array(samples);
for (let i = 0; i < samples; i++) yData[i] = Math.floor(rng.uniform(0, CLASSES));

/** The layers as Keras-style configs, the same for strata and TF.js. */
type Spec = [kind: 'conv2d' | 'maxPooling2d' | 'dropout' | 'flatten' | 'dense', config: Record<string, unknown>];
const input = { inputShape: [SIDE, SIDE, 1] };
const SPECS: Spec[] =
  net === 'cnn-small'
    ? [
        ['conv2d', { filters: 8, kernelSize: 5, padding: 'same', activation: 'relu', ...input }],
        ['maxPooling2d', { poolSize: 2 }],
        ['conv2d', { filters: 16, kernelSize: 5, padding: 'same', activation: 'relu' }],
        ['maxPooling2d', { poolSize: 3 }],
        ['flatten', {}],
        ['dense', { units: CLASSES, activation: 'softmax' }],
      ]
    : [
        ['conv2d', { filters: 32, kernelSize: 3, activation: 'relu', ...input }],
        ['conv2d', { filters: 64, kernelSize: 3, activation: 'relu' }],
        ['maxPooling2d', { poolSize: 2 }],
        ['dropout', { rate: 0.25 }],
        ['flatten', {}],
        ['dense', { units: 128, activation: 'relu' }],
        ['dropout', { rate: 0.5 }],
        ['dense', { units: CLASSES, activation: 'softmax' }],
      ];

/** Batch-end times after the time fit was called (with --warmup 0 the first step includes fit's set-up). */
function stepTimer() {
  const marks = [now()];
  return {
    onBatchEnd: () => void marks.push(now()),
    rate: () => (steps * BATCH) / ((marks[warmup + steps] - marks[warmup]) / 1000),
  };
}

async function strataRun(): Promise<() => Promise<number>> {
  const x = st.tensor(xData, [samples, SIDE, SIDE, 1]);
  const y = st.tensor(yData, [samples, 1]);
  const make = st.layers as unknown as Record<Spec[0], (config: Record<string, unknown>) => Layer>;
  return async () => {
    const model = st.sequential({ layers: SPECS.map(([kind, config]) => make[kind](config)) });
    model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.001 }), loss: 'sparseCategoricalCrossentropy' });
    const timer = stepTimer();
    await model.fit(x, y, { epochs: 1, batchSize: BATCH, shuffle: false, verbose: 0, callbacks: [timer] });
    return timer.rate();
  };
}

async function tfjsRun(): Promise<() => Promise<number>> {
  const { tf, tfl } = await loadTfjs(args.runtime);
  const x = tf.tensor(xData, [samples, SIDE, SIDE, 1]);
  const y = tf.tensor(yData, [samples, 1]);
  const make = tfl.layers as unknown as Record<
    Spec[0],
    (config: Record<string, unknown>) => ReturnType<typeof tfl.layers.dense>
  >;
  return async () => {
    const model = tfl.sequential({ layers: SPECS.map(([kind, config]) => make[kind](config)) });
    model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy' });
    const timer = stepTimer();
    await model.fit(x, y, {
      epochs: 1,
      batchSize: BATCH,
      shuffle: false,
      verbose: 0,
      yieldEvery: 'never',
      callbacks: { onBatchEnd: async () => timer.onBatchEnd() },
    });
    model.dispose();
    return timer.rate();
  };
}

const rates: number[] = [];
try {
  const run = args.runtime.startsWith('tfjs') ? await tfjsRun() : await strataRun();
  for (let r = 0; r < args.runs; r++) {
    rates.push(await run());
    log(`${net} [${args.runtime}] run ${r}: ${rates[r].toFixed(0)} samples/s`);
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
} catch (e) {
  // TF.js wasm lacks some gradients: the issue asks for "unable to train" rather than a figure
  log(`${net} [${args.runtime}]: unable to train: ${(e as Error).message}`);
  process.exit(1);
}
report(args, net, 'samples/s', rates, {
  per: `${steps} steps after ${warmup} warm-up steps, per run`,
  samples: steps * BATCH,
  steps,
  warmup,
  batch_size: BATCH,
  gflop_per_sample: FLOP_PER_SAMPLE / 1e9,
  median_gflops: +((stats(rates).median * FLOP_PER_SAMPLE) / 1e9).toFixed(2),
});
