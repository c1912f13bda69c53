// TensorFlow.js as the oracle for N-D inputs: the same weights on both sides, then outputs and training losses compared
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomBatch(seed: number, shape: number[], scale = 1, shift = 0): Float32Array {
  const rng = new st.Rng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() * scale + shift);
}

/** Copies strata's weights into the TF.js model layer by layer (TF.js' model-level order puts trainable ones first). */
function copyWeights(from: st.Sequential, to: tfl.Sequential): void {
  from.build();
  from.layers.forEach((layer, i) =>
    to.layers[i].setWeights(layer.params().map((p) => tf.tensor(Array.from(p.value.data), [...p.value.shape]))),
  );
}

function expectRelClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, tolerance: number): void {
  expect(ours.length).toBe(theirs.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++)
    worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / Math.max(1, Math.abs(theirs[i])));
  expect(worst).toBeLessThan(tolerance);
}

describe('TensorFlow.js as the oracle on N-D inputs', () => {
  it('Dense on [b, t, f]: predictions and per-epoch SGD losses', async () => {
    st.setSeed(3);
    const [b, t, f] = [12, 5, 4];
    const model = st.sequential({
      layers: [st.layers.dense({ units: 6, activation: 'tanh', inputShape: [t, f] }), st.layers.dense({ units: 2 })],
    });
    model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.1 }), loss: 'meanSquaredError' });
    const theirs = tfl.sequential({
      layers: [tfl.layers.dense({ units: 6, activation: 'tanh', inputShape: [t, f] }), tfl.layers.dense({ units: 2 })],
    });
    theirs.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    copyWeights(model, theirs);
    const x = st.tensor(randomBatch(1, [b, t, f]), [b, t, f]);
    const y = st.tensor(randomBatch(2, [b, t, 2]), [b, t, 2]);
    expect(model.predict(x).shape).toEqual([b, t, 2]);
    const probe = tf.tensor(Array.from(x.data), [b, t, f]);
    expectRelClose(model.predict(x).data, (theirs.predict(probe) as tf.Tensor).dataSync(), 1e-5);

    const ours = await model.fit(x, y, { epochs: 5, batchSize: 4, shuffle: false, verbose: 0 });
    const ref = await theirs.fit(probe, tf.tensor(Array.from(y.data), [b, t, 2]), {
      epochs: 5,
      batchSize: 4,
      shuffle: false,
      verbose: 0,
    });
    expectRelClose(ours.history.loss, ref.history.loss as number[], 1e-4);
    expectRelClose(model.predict(x).data, (theirs.predict(probe) as tf.Tensor).dataSync(), 1e-4);
  });

  it('BatchNormalization trained on [b, h, w, c]: per-epoch losses within 1e-4 and inference within 1e-4', async () => {
    st.setSeed(5);
    const [b, h, w, c] = [16, 3, 3, 2];
    const model = st.sequential({
      layers: [
        st.layers.batchNormalization({ momentum: 0.8, inputShape: [h, w, c] }),
        st.layers.dense({ units: 3, activation: 'relu' }),
        st.layers.batchNormalization({ momentum: 0.8 }),
        st.layers.dense({ units: 1 }),
      ],
    });
    model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.05 }), loss: 'meanSquaredError' });
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.batchNormalization({ momentum: 0.8, inputShape: [h, w, c] }),
        tfl.layers.dense({ units: 3, activation: 'relu' }),
        tfl.layers.batchNormalization({ momentum: 0.8 }),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    theirs.compile({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError' });
    copyWeights(model, theirs);
    // channels on different scales, so per-channel statistics matter
    const x = st.tensor(randomBatch(3, [b, h, w, c], 3, 2), [b, h, w, c]);
    const y = st.tensor(randomBatch(4, [b, h, w, 1]), [b, h, w, 1]);
    const tx = tf.tensor(Array.from(x.data), [b, h, w, c]);
    const ours = await model.fit(x, y, { epochs: 6, batchSize: 8, shuffle: false, verbose: 0 });
    const ref = await theirs.fit(tx, tf.tensor(Array.from(y.data), [b, h, w, 1]), {
      epochs: 6,
      batchSize: 8,
      shuffle: false,
      verbose: 0,
    });
    expectRelClose(ours.history.loss, ref.history.loss as number[], 1e-4);
    // inference uses the moving statistics, which must have followed the same path
    expectRelClose(model.predict(x).data, (theirs.predict(tx) as tf.Tensor).dataSync(), 1e-4);
  });
});
