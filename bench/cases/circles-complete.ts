// circles-complete (tutorial 002's final demo): circles(2000), 80/20 split, [2,32,16,8,1], dropout 0.2, L2, Adam,
// batch 32, per-epoch validation: ms per epoch over 20 epochs after 2 warm-up epochs (one fit, timed by callbacks)
import { type Args, loadTfjs, log, now, parseArgs, report, toTf, useStrataKernels } from '../common.js';

const [WARMUP, EPOCHS, BATCH] = [2, 20, 32];
const L2 = 0.01 / (2 * BATCH); // the tutorial's λ/(2m)·ΣW² with λ = 0.01, m = the batch size
const args: Args = parseArgs(5);
const st = useStrataKernels(args.runtime);
const { x, y } = st.datasets.circles({ samples: 2000, noise: 0.1, factor: 0.5, seed: 7 });
const cut = 1600;
const [rows, cols] = x.shape;
const part = (t: typeof x, from: number, to: number, width: number) =>
  st.tensor(t.data.slice(from * width, to * width), [to - from, width]);
const [xTrain, yTrain, xVal, yVal] = [
  part(x, 0, cut, cols),
  part(y, 0, cut, 1),
  part(x, cut, rows, cols),
  part(y, cut, rows, 1),
];

/** Epoch boundaries as callbacks see them: the mean of epochs WARMUP+1 … WARMUP+EPOCHS. */
function epochTimer() {
  const starts: number[] = [];
  const ends: number[] = [];
  return {
    callback: { onEpochBegin: () => void starts.push(now()), onEpochEnd: () => void ends.push(now()) },
    msPerEpoch: () => (ends[WARMUP + EPOCHS - 1] - starts[WARMUP]) / EPOCHS,
  };
}

async function strataRun(): Promise<number> {
  const reg = () => ({ kernelRegularizer: st.regularizers.l2({ l2: L2 }) });
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: 32, activation: 'relu', inputShape: [2], kernelInitializer: 'heNormal', ...reg() }),
      st.layers.dropout({ rate: 0.2 }),
      st.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal', ...reg() }),
      st.layers.dropout({ rate: 0.2 }),
      st.layers.dense({ units: 8, activation: 'relu', kernelInitializer: 'heNormal', ...reg() }),
      st.layers.dropout({ rate: 0.2 }),
      st.layers.dense({ units: 1, activation: 'sigmoid', ...reg() }),
    ],
  });
  model.compile({
    optimizer: st.optimizers.adam({ learningRate: 0.001, epsilon: 1e-8 }),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  const timer = epochTimer();
  await model.fit(xTrain, yTrain, {
    epochs: WARMUP + EPOCHS,
    batchSize: BATCH,
    validationData: [xVal, yVal],
    shuffle: true,
    verbose: 0,
    callbacks: [timer.callback],
  });
  return timer.msPerEpoch();
}

async function tfjsRun(): Promise<() => Promise<number>> {
  const { tf, tfl } = await loadTfjs(args.runtime);
  const [tx, ty, vx, vy] = [toTf(tf, xTrain), toTf(tf, yTrain), toTf(tf, xVal), toTf(tf, yVal)];
  return async () => {
    const reg = () => ({ kernelRegularizer: tfl.regularizers.l2({ l2: L2 }) });
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 32, activation: 'relu', inputShape: [2], kernelInitializer: 'heNormal', ...reg() }),
        tfl.layers.dropout({ rate: 0.2 }),
        tfl.layers.dense({ units: 16, activation: 'relu', kernelInitializer: 'heNormal', ...reg() }),
        tfl.layers.dropout({ rate: 0.2 }),
        tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: 'heNormal', ...reg() }),
        tfl.layers.dropout({ rate: 0.2 }),
        tfl.layers.dense({ units: 1, activation: 'sigmoid', ...reg() }),
      ],
    });
    model.compile({
      optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-8),
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    });
    const timer = epochTimer();
    await model.fit(tx, ty, {
      epochs: WARMUP + EPOCHS,
      batchSize: BATCH,
      validationData: [vx, vy],
      shuffle: true,
      verbose: 0,
      callbacks: timer.callback,
    });
    model.dispose();
    return timer.msPerEpoch();
  };
}

const run = args.runtime.startsWith('tfjs') ? await tfjsRun() : strataRun;
await run(); // warm-up run: JIT and (for wasm) tier-up
const times: number[] = [];
for (let r = 0; r < args.runs; r++) {
  times.push(await run());
  log(`circles-complete [${args.runtime}] run ${r}: ${times[r].toFixed(2)} ms/epoch`);
}
report(args, 'circles_complete', 'ms', times, {
  per: 'epoch',
  timed_epochs: EPOCHS,
  warmup_epochs: WARMUP,
  batches_per_epoch: Math.ceil(cut / BATCH),
  warmup_runs: 1,
});
