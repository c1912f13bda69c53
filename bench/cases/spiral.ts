// spiral (tutorial 000): 2→16→8→4→1, ReLU + sigmoid, full-batch SGD lr 0.5, 1000 epochs: ms per training
import { type Args, loadTfjs, log, now, parseArgs, report, toTf, useStrataKernels } from '../common.js';

const EPOCHS = 1000;
const args: Args = parseArgs(5);
const st = useStrataKernels(args.runtime);
const { x, y } = st.datasets.spiral({ samplesPerClass: 100, classes: 2, noise: 0.2, seed: 42 });
const rows = x.shape[0];

async function strataRun(): Promise<number> {
  const dense = (units: number, activation: 'relu' | 'sigmoid', first = false) =>
    st.layers.dense({ units, activation, kernelInitializer: 'heNormal', ...(first ? { inputShape: [2] } : {}) });
  const model = st.sequential({
    layers: [dense(16, 'relu', true), dense(8, 'relu'), dense(4, 'relu'), dense(1, 'sigmoid')],
  });
  model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.5 }), loss: 'binaryCrossentropy' });
  const t0 = now();
  await model.fit(x, y, { epochs: EPOCHS, batchSize: rows, shuffle: false, verbose: 0 });
  const ms = now() - t0;
  model.dispose();
  return ms;
}

async function tfjsRun(): Promise<() => Promise<number>> {
  const { tf, tfl } = await loadTfjs(args.runtime);
  const [tx, ty] = [toTf(tf, x), toTf(tf, y)];
  return async () => {
    const dense = (units: number, activation: 'relu' | 'sigmoid', first = false) =>
      tfl.layers.dense({ units, activation, kernelInitializer: 'heNormal', ...(first ? { inputShape: [2] } : {}) });
    const model = tfl.sequential({
      layers: [dense(16, 'relu', true), dense(8, 'relu'), dense(4, 'relu'), dense(1, 'sigmoid')],
    });
    model.compile({ optimizer: tf.train.sgd(0.5), loss: 'binaryCrossentropy' });
    const t0 = now();
    await model.fit(tx, ty, { epochs: EPOCHS, batchSize: rows, shuffle: false, verbose: 0 });
    const ms = now() - t0;
    model.dispose();
    return ms;
  };
}

const run = args.runtime.startsWith('tfjs') ? await tfjsRun() : strataRun;
const first = await run(); // warm-up: JIT and (for wasm) tier-up
const times: number[] = [];
for (let r = 0; r < args.runs; r++) {
  times.push(await run());
  log(`spiral [${args.runtime}] run ${r}: ${times[r].toFixed(1)} ms`);
}
report(args, 'spiral', 'ms', times, { epochs: EPOCHS, samples: rows, warmup_runs: 1, first_run_ms: +first.toFixed(1) });
