// mlp-784: 784→256→128→10, ReLU, softmax, Adam 1e-3, batch 128, 60,000 synthetic samples with random labels:
// samples/s over one epoch after a warm-up epoch (both in one fit, timed by callbacks). --samples N trains on the
// first N rows only (for the slow runtimes; the rate is per sample either way).
import { wasmRuntime } from '../../src/kernels/wasm/index.js';

/** Storage in the heap, as ce3f5b6 made for every tensor (it makes no difference to the call-placement design). */
const allocateIn = (n: number): Float32Array => wasmRuntime().heap.allocateFloat32(n);
import { type Args, loadTfjs, log, now, parseArgs, report, threadsStarted, useStrataKernels } from '../common.js';

const [ROWS, FEATURES, CLASSES, BATCH] = [60_000, 784, 10, 128];
const args: Args = parseArgs(5);
const samples = Math.min(ROWS, Number(args.options.samples ?? ROWS));
const st = useStrataKernels(args.runtime);
await threadsStarted(args.runtime);

// uniform [0, 1) features and random labels from a fixed seed; for strata the arrays are its tensors' storage
// (allocated where the selected kernels want them), so the data exists once before fit copies it
const rng = new st.Rng(42);
const alloc = (n: number) => (args.runtime.startsWith('strata-wasm') ? allocateIn(n) : new Float32Array(n));
const xData = alloc(samples * FEATURES);
for (let i = 0; i < xData.length; i++) xData[i] = rng.uniform(0, 1);
const yData = alloc(samples);
for (let i = 0; i < samples; i++) yData[i] = Math.floor(rng.uniform(0, CLASSES));

function epochTimer() {
  const marks: number[] = [];
  return {
    callback: { onEpochBegin: () => void marks.push(now()), onEpochEnd: () => void marks.push(now()) },
    rate: () => samples / ((marks[3] - marks[2]) / 1000),
  };
}

async function strataRun(): Promise<() => Promise<number>> {
  const x = new st.Tensor(xData, [samples, FEATURES], 'float32');
  const y = new st.Tensor(yData, [samples, 1], 'float32');
  return async () => {
    const model = st.sequential({
      layers: [
        st.layers.dense({ units: 256, activation: 'relu', inputShape: [FEATURES], kernelInitializer: 'heNormal' }),
        st.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
        st.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: 'heNormal' }),
      ],
    });
    model.compile({
      optimizer: st.optimizers.adam({ learningRate: 0.001, epsilon: 1e-8 }),
      loss: 'sparseCategoricalCrossentropy',
    });
    const timer = epochTimer();
    await model.fit(x, y, { epochs: 2, batchSize: BATCH, shuffle: true, verbose: 0, callbacks: [timer.callback] });
    return timer.rate();
  };
}

async function tfjsRun(): Promise<() => Promise<number>> {
  const { tf, tfl } = await loadTfjs(args.runtime);
  const x = tf.tensor(xData, [samples, FEATURES]);
  const y = tf.tensor(yData, [samples, 1]);
  return async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 256, activation: 'relu', inputShape: [FEATURES], kernelInitializer: 'heNormal' }),
        tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: 'heNormal' }),
        tfl.layers.dense({ units: CLASSES, activation: 'softmax', kernelInitializer: 'heNormal' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-8), loss: 'sparseCategoricalCrossentropy' });
    const timer = epochTimer();
    await model.fit(x, y, { epochs: 2, batchSize: BATCH, shuffle: true, verbose: 0, callbacks: timer.callback });
    model.dispose();
    return timer.rate();
  };
}

const run = args.runtime.startsWith('tfjs') ? await tfjsRun() : await strataRun();
const rates: number[] = [];
for (let r = 0; r < args.runs; r++) {
  rates.push(await run());
  log(`mlp-784 [${args.runtime}] run ${r}: ${rates[r].toFixed(0)} samples/s`);
  // let the last fit's copies be collected (and their WebAssembly blocks reused) before the next run
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setTimeout(resolve, 10));
}
const bytes = 4 * (samples * (FEATURES + 1) + 3 * (784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10));
report(args, 'mlp784', 'samples/s', rates, {
  per: 'epoch',
  samples,
  batch_size: BATCH,
  warmup: 'one epoch per run (the first of a 2-epoch fit)',
  data_model_optimizer_bytes: bytes,
});
