// npx tsx bench/recurrent.ts [--runs 7]: one epoch of an LSTM, a GRU and a SimpleRNN on [256, 20, 10] (batch 32),
// strata (its default kernels) beside TF.js' CPU backend with the same model, after one warm-up epoch each (TF.js'
// orthogonal initializer needs chained ops its Node bundle lacks, so its recurrent kernels start Glorot-uniform)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
console.warn = () => {}; // the "install tfjs-node" banner
import * as tfl from '@tensorflow/tfjs-layers';
import * as st from '../src/index.js';

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 7;
const [n, time, features, units] = [256, 20, 10, 32];
await tf.setBackend('cpu');

const rng = new st.Rng(1);
const xData = Float32Array.from({ length: n * time * features }, () => rng.normal());
const yData = Float32Array.from({ length: n }, () => rng.normal());

function stats(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[sorted.length >> 1].toFixed(1)} ms (min ${sorted[0].toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(1)})`;
}

async function timeEpochs(fit: () => Promise<unknown>): Promise<number[]> {
  await fit();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fit();
    ms.push(performance.now() - t0);
  }
  return ms;
}

for (const kind of ['lstm', 'gru', 'simpleRNN'] as const) {
  st.setSeed(1);
  const ours = st.sequential({
    layers: [
      kind === 'gru'
        ? st.layers.gru({ units, resetAfter: false, inputShape: [time, features] })
        : st.layers[kind]({ units, inputShape: [time, features] }),
      st.layers.dense({ units: 1 }),
    ],
  });
  ours.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const x = st.tensor(xData, [n, time, features]);
  const y = st.tensor(yData, [n, 1]);
  const strata = await timeEpochs(() => ours.fit(x, y, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 }));

  const layer =
    kind === 'lstm'
      ? tfl.layers.lstm({
          units,
          recurrentActivation: 'sigmoid',
          recurrentInitializer: 'glorotUniform',
          inputShape: [time, features],
        })
      : kind === 'gru'
        ? tfl.layers.gru({
            units,
            recurrentActivation: 'sigmoid',
            recurrentInitializer: 'glorotUniform',
            inputShape: [time, features],
          })
        : tfl.layers.simpleRNN({ units, recurrentInitializer: 'glorotUniform', inputShape: [time, features] });
  const theirs = tfl.sequential({ layers: [layer, tfl.layers.dense({ units: 1 })] });
  theirs.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  const tx = tf.tensor(xData, [n, time, features]);
  const ty = tf.tensor(yData, [n, 1]);
  const tfjs = await timeEpochs(() => theirs.fit(tx, ty, { epochs: 1, batchSize: 32, shuffle: false, verbose: 0 }));
  console.log(`${kind}(${units}) on [${n}, ${time}, ${features}], one epoch of 8 batches:`);
  console.log(`  strata (${st.getBackend().name}): ${stats(strata)}`);
  console.log(`  tfjs-cpu:      ${stats(tfjs)}`);
}
