// keras-classification (tutorial 001's Keras example): makeClassification 1000×20, 3 classes, standardized; Dense64-BN-
// Dropout0.3-Dense32-BN-Dropout0.3-Dense16-BN-Dropout0.2-Dense3 softmax, Adam 1e-3, 50 epochs, batch 32,
// validationSplit 0.2: total time of fit
import { type Args, loadTfjs, log, now, parseArgs, report, toTf, useStrataKernels } from '../common.js';

const [EPOCHS, BATCH, TRAIN] = [50, 32, 800];
const args: Args = parseArgs(5);
const st = useStrataKernels(args.runtime);
const data = st.datasets.makeClassification({
  samples: 1000,
  features: 20,
  informative: 15,
  redundant: 2,
  classes: 3,
  seed: 42,
});
const features = data.x.shape[1];
const raw = st.tensor(data.x.data.slice(0, TRAIN * features), [TRAIN, features]);
const x = new st.StandardScaler().fitTransform(raw);
const y = st.tensor(data.y.data.slice(0, TRAIN), [TRAIN, 1]);
const HIDDEN: [number, number][] = [
  [64, 0.3],
  [32, 0.3],
  [16, 0.2],
];

async function strataRun(): Promise<number> {
  const model = st.sequential({
    layers: [
      ...HIDDEN.flatMap(([units, rate], i) => [
        st.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [features] } : {}) }),
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
  const t0 = now();
  await model.fit(x, y, { epochs: EPOCHS, batchSize: BATCH, validationSplit: 0.2, verbose: 0 });
  return now() - t0;
}

async function tfjsRun(): Promise<() => Promise<number>> {
  const { tf, tfl } = await loadTfjs(args.runtime);
  const [tx, ty] = [toTf(tf, x), toTf(tf, y)];
  return async () => {
    const model = tfl.sequential({
      layers: [
        ...HIDDEN.flatMap(([units, rate], i) => [
          tfl.layers.dense({ units, activation: 'relu', ...(i === 0 ? { inputShape: [features] } : {}) }),
          tfl.layers.batchNormalization(),
          tfl.layers.dropout({ rate }),
        ]),
        tfl.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.001), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const t0 = now();
    await model.fit(tx, ty, { epochs: EPOCHS, batchSize: BATCH, validationSplit: 0.2, verbose: 0 });
    const ms = now() - t0;
    model.dispose();
    return ms;
  };
}

const run = args.runtime.startsWith('tfjs') ? await tfjsRun() : strataRun;
await run(); // warm-up run
const times: number[] = [];
for (let r = 0; r < args.runs; r++) {
  times.push(await run());
  log(`keras-classification [${args.runtime}] run ${r}: ${times[r].toFixed(1)} ms`);
}
report(args, 'keras_classification', 'ms', times, {
  per: `fit (${EPOCHS} epochs)`,
  epochs: EPOCHS,
  steps_per_epoch: Math.ceil((TRAIN * 0.8) / BATCH),
  warmup_runs: 1,
});
