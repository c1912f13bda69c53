// TensorFlow.js as the oracle for SimpleRNN, LSTM and GRU: the same weights give the same predictions and the same
// training losses; models saved by either side load in the other (TF.js has no GRU with resetAfter: true)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// TF.js' orthogonal initializer calls chained ops (tensor.flatten()), which the bare tfjs-core does not register
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const [B, T, F] = [12, 6, 3];

function randomBatch(seed: number, shape: number[]): Float32Array {
  const rng = new st.Rng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
}

function expectRelClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, tolerance: number): void {
  expect(ours.length).toBe(theirs.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++)
    worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / Math.max(1, Math.abs(theirs[i])));
  expect(worst).toBeLessThan(tolerance);
}

interface Options {
  units: number;
  returnSequences: boolean;
  goBackwards: boolean;
}
type Kind = 'simpleRNN' | 'lstm' | 'gru';

function ourLayer(kind: Kind, { units, returnSequences, goBackwards }: Options): st.Layer {
  const common = {
    units,
    returnSequences,
    goBackwards,
    inputShape: [T, F],
    biasInitializer: st.initializers.randomNormal({ stddev: 0.3 }),
  };
  if (kind === 'lstm') return st.layers.lstm(common);
  if (kind === 'gru') return st.layers.gru({ ...common, resetAfter: false });
  return st.layers.simpleRNN(common);
}

function theirLayer(kind: Kind, { units, returnSequences, goBackwards }: Options): tfl.layers.Layer {
  const common = { units, returnSequences, goBackwards, inputShape: [T, F] };
  // TF.js' default gate activation is hardSigmoid; Keras' (and strata's) is sigmoid
  if (kind === 'lstm') return tfl.layers.lstm({ ...common, recurrentActivation: 'sigmoid' });
  if (kind === 'gru') return tfl.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
  return tfl.layers.simpleRNN(common);
}

function copyWeights(from: st.Sequential, to: tfl.Sequential): void {
  from.build();
  from.layers.forEach((layer, i) =>
    to.layers[i].setWeights(layer.params().map((p) => tf.tensor(Array.from(p.value.data), [...p.value.shape]))),
  );
}

/**
 * Padded id rows through both models, the same weights: predictions ≤ 1e-5, then 10 epochs of Adam with the same
 * losses (≤ 1e-4 relative) and the same predictions after (≤ 1e-4).
 */
async function expectSameAdamTraining(
  { ours, theirs }: { ours: st.Sequential; theirs: tfl.Sequential },
  rows: number[][],
  seed: number,
): Promise<void> {
  const [n, time] = [rows.length, rows[0].length];
  ours.compile({ optimizer: st.optimizers.adam({ learningRate: 0.01 }), loss: 'meanSquaredError' });
  theirs.compile({ optimizer: tf.train.adam(0.01), loss: 'meanSquaredError' });
  copyWeights(ours, theirs);
  const x = st.tensor(Int32Array.from(rows.flat()), [n, time]);
  const tx = tf.tensor(rows, [n, time], 'int32');
  const y = randomBatch(seed, [n, 1]);
  expectRelClose(ours.predict(x).data, (theirs.predict(tx) as tf.Tensor).dataSync(), 1e-5);
  const options = { epochs: 10, batchSize: 4, shuffle: false, verbose: 0 } as const;
  const mine = await ours.fit(x, st.tensor(y, [n, 1]), options);
  const ref = await theirs.fit(tx, tf.tensor(Array.from(y), [n, 1]), options);
  expectRelClose(mine.history.loss, ref.history.loss as number[], 1e-4);
  expectRelClose(ours.predict(x).data, (theirs.predict(tx) as tf.Tensor).dataSync(), 1e-4);
}

const cases = (['simpleRNN', 'lstm', 'gru'] as const).flatMap((kind) => [
  { kind, units: 5, returnSequences: false, goBackwards: false },
  { kind, units: 4, returnSequences: true, goBackwards: true },
]);

describe.each(cases)('$kind (returnSequences $returnSequences, goBackwards $goBackwards)', (c) => {
  it('the same weights give the same predictions (≤ 1e-5) and 10 epochs of SGD the same losses (≤ 1e-4)', async () => {
    st.setSeed(7);
    const ours = st.sequential({ layers: [ourLayer(c.kind, c), st.layers.dense({ units: 2 })] });
    const theirs = tfl.sequential({ layers: [theirLayer(c.kind, c), tfl.layers.dense({ units: 2 })] });
    ours.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.1 }), loss: 'meanSquaredError' });
    theirs.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    copyWeights(ours, theirs);
    const yShape = c.returnSequences ? [B, T, 2] : [B, 2];
    const x = st.tensor(randomBatch(1, [B, T, F]), [B, T, F]);
    const y = st.tensor(randomBatch(2, yShape), yShape);
    const tx = tf.tensor(Array.from(x.data), [B, T, F]);
    expectRelClose(ours.predict(x).data, (theirs.predict(tx) as tf.Tensor).dataSync(), 1e-5);
    const mine = await ours.fit(x, y, { epochs: 10, batchSize: 4, shuffle: false, verbose: 0 });
    const ref = await theirs.fit(tx, tf.tensor(Array.from(y.data), yShape), {
      epochs: 10,
      batchSize: 4,
      shuffle: false,
      verbose: 0,
    });
    expectRelClose(mine.history.loss, ref.history.loss as number[], 1e-4);
    expect(mine.history.loss[9]).toBeLessThan(mine.history.loss[0]);
  });

  it('strata saves, TF.js loads and predicts the same; TF.js saves, strata loads and predicts the same', async () => {
    st.setSeed(8);
    const ours = st.sequential({ layers: [ourLayer(c.kind, c)] });
    ours.build();
    const x = st.tensor(randomBatch(3, [B, T, F]), [B, T, F]);
    const tx = tf.tensor(Array.from(x.data), [B, T, F]);
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(ours.toArtifacts() as never));
    expectRelClose(ours.predict(x).data, (loaded.predict(tx) as tf.Tensor).dataSync(), 1e-5);

    const theirs = tfl.sequential({ layers: [theirLayer(c.kind, c)] });
    let saved: tf.io.ModelArtifacts | undefined;
    await theirs.save(
      tf.io.withSaveHandler(
        async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
      ),
    );
    const back = await st.loadModel(saved as unknown as st.ModelArtifacts);
    expect(back.layers[0].className).toBe(ours.layers[0].className);
    expectRelClose(back.predict(x).data, (theirs.predict(tx) as tf.Tensor).dataSync(), 1e-5);
  });
});

describe('GRU with resetAfter: true (Keras 3’s default, which TF.js cannot build)', () => {
  it('saves and loads in strata with its [2, 3·units] bias, predicting the same', async () => {
    st.setSeed(9);
    const model = st.sequential({
      layers: [
        st.layers.gru({ units: 4, returnSequences: true, inputShape: [T, F], biasInitializer: 'glorotUniform' }),
      ],
    });
    model.build();
    expect(model.layers[0].params()[2].value.shape).toEqual([2, 12]);
    const artifacts = model.toArtifacts();
    const loaded = await st.loadModel(artifacts);
    expect(loaded.layers[0].config()).toMatchObject({ resetAfter: true });
    const x = st.tensor(randomBatch(4, [B, T, F]), [B, T, F]);
    expect(Array.from(loaded.predict(x).data)).toEqual(Array.from(model.predict(x).data));
  });
});

describe.each(['simpleRNN', 'lstm', 'gru'] as const)('Embedding with maskZero, then %s', (kind) => {
  const [n, time, vocab] = [16, 7, 9];
  // padded at the end, each sequence 1 to 7 ids long
  const rng = new st.Rng(11);
  const rows = Array.from({ length: n }, () => {
    const length = 1 + rng.int(time);
    return Array.from({ length: time }, (_, t) => (t < length ? 1 + rng.int(vocab - 1) : 0));
  });
  const options = { units: 4, returnSequences: false, goBackwards: false };
  const build = () => {
    const ours = st.sequential({
      layers: [
        st.layers.embedding({ inputDim: vocab, outputDim: 3, maskZero: true, inputShape: [time] }),
        ourLayer(kind, options),
        st.layers.dense({ units: 1 }),
      ],
    });
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: vocab, outputDim: 3, maskZero: true, inputLength: time }),
        theirLayer(kind, options),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    return { ours, theirs };
  };

  it('the same weights: predictions ≤ 1e-5, 10 epochs of Adam losses ≤ 1e-4 relative', async () => {
    st.setSeed(12);
    await expectSameAdamTraining(build(), rows, 13);
  });

  it('strata saves, TF.js loads; TF.js saves, strata loads: the same predictions', async () => {
    st.setSeed(14);
    const { ours, theirs } = build();
    ours.build();
    const x = st.tensor(Int32Array.from(rows.flat()), [n, time]);
    const tx = tf.tensor(rows, [n, time], 'int32');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(ours.toArtifacts() as never));
    expectRelClose(ours.predict(x).data, (loaded.predict(tx) as tf.Tensor).dataSync(), 1e-5);
    let saved: tf.io.ModelArtifacts | undefined;
    await theirs.save(
      tf.io.withSaveHandler(
        async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
      ),
    );
    const back = await st.loadModel(saved as unknown as st.ModelArtifacts);
    expect(back.layers[0].config()).toMatchObject({ maskZero: true, inputDim: vocab });
    expectRelClose(back.predict(x).data, (theirs.predict(tx) as tf.Tensor).dataSync(), 1e-5);
  });
});

describe.each([
  { kind: 'lstm', mergeMode: 'concat', returnSequences: true },
  { kind: 'gru', mergeMode: 'sum', returnSequences: false },
  { kind: 'simpleRNN', mergeMode: 'ave', returnSequences: false },
  { kind: 'lstm', mergeMode: 'mul', returnSequences: false },
] as const)('Bidirectional($kind, $mergeMode), returnSequences $returnSequences', (c) => {
  const options = { units: 3, returnSequences: c.returnSequences, goBackwards: false };
  const build = (masked: boolean) => {
    const vocab = 6;
    const ours = st.sequential({
      layers: [
        ...(masked ? [st.layers.embedding({ inputDim: vocab, outputDim: F, maskZero: true, inputShape: [T] })] : []),
        st.layers.bidirectional({
          layer: ourLayer(c.kind, options),
          mergeMode: c.mergeMode,
          ...(masked ? {} : { inputShape: [T, F] }),
        }),
        st.layers.dense({ units: 2 }),
      ],
    });
    const theirs = tfl.sequential({
      layers: [
        ...(masked ? [tfl.layers.embedding({ inputDim: vocab, outputDim: F, maskZero: true, inputLength: T })] : []),
        tfl.layers.bidirectional({
          layer: theirLayer(c.kind, options) as never,
          mergeMode: c.mergeMode,
          ...(masked ? {} : { inputShape: [T, F] }),
        }),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    return { ours, theirs };
  };
  const ids = Array.from({ length: B }, (_, i) =>
    Array.from({ length: T }, (_, t) => (t < 1 + (i % T) ? 1 + ((i + t) % 5) : 0)),
  );

  it.each([false, true])(
    'predictions ≤ 1e-5 and 10 epochs of SGD losses ≤ 1e-4 (after Embedding with maskZero: %s)',
    async (masked) => {
      st.setSeed(15);
      const { ours, theirs } = build(masked);
      ours.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.1 }), loss: 'meanSquaredError' });
      theirs.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
      copyWeights(ours, theirs);
      const x = masked
        ? st.tensor(Int32Array.from(ids.flat()), [B, T])
        : st.tensor(randomBatch(16, [B, T, F]), [B, T, F]);
      const tx = masked ? tf.tensor(ids, [B, T], 'int32') : tf.tensor(Array.from(x.data), [B, T, F]);
      const yShape = c.returnSequences ? [B, T, 2] : [B, 2];
      const y = randomBatch(17, yShape);
      expectRelClose(ours.predict(x).data, (theirs.predict(tx) as tf.Tensor).dataSync(), 1e-5);
      const mine = await ours.fit(x, st.tensor(y, yShape), { epochs: 10, batchSize: 4, shuffle: false, verbose: 0 });
      const ref = await theirs.fit(tx, tf.tensor(Array.from(y), yShape), {
        epochs: 10,
        batchSize: 4,
        shuffle: false,
        verbose: 0,
      });
      expectRelClose(mine.history.loss, ref.history.loss as number[], 1e-4);
    },
  );

  it('strata saves, TF.js loads; TF.js saves, strata loads: the same predictions', async () => {
    st.setSeed(18);
    const { ours, theirs } = build(false);
    ours.build();
    const x = st.tensor(randomBatch(19, [B, T, F]), [B, T, F]);
    const tx = tf.tensor(Array.from(x.data), [B, T, F]);
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(ours.toArtifacts() as never));
    expectRelClose(ours.predict(x).data, (loaded.predict(tx) as tf.Tensor).dataSync(), 1e-5);
    let saved: tf.io.ModelArtifacts | undefined;
    await theirs.save(
      tf.io.withSaveHandler(
        async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
      ),
    );
    const back = await st.loadModel(saved as unknown as st.ModelArtifacts);
    expect(back.layers[0].config()).toMatchObject({ mergeMode: c.mergeMode });
    expectRelClose(back.predict(x).data, (theirs.predict(tx) as tf.Tensor).dataSync(), 1e-5);
  });
});

describe('the mask of maskZero passes through Dense, Activation, Dropout and BatchNormalization (supportsMasking)', () => {
  const [n, time, vocab] = [12, 6, 7];
  const rng = new st.Rng(21);
  const rows = Array.from({ length: n }, () => {
    const length = 1 + rng.int(time);
    return Array.from({ length: time }, (_, t) => (t < length ? 1 + rng.int(vocab - 1) : 0));
  });
  const build = () => {
    const ours = st.sequential({
      layers: [
        st.layers.embedding({ inputDim: vocab, outputDim: 3, maskZero: true, inputShape: [time] }),
        st.layers.dense({ units: 4, activation: 'tanh' }),
        st.layers.batchNormalization(),
        st.layers.activation({ activation: 'relu' }),
        st.layers.dropout({ rate: 0 }),
        st.layers.lstm({ units: 3 }),
        st.layers.dense({ units: 1 }),
      ],
    });
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.embedding({ inputDim: vocab, outputDim: 3, maskZero: true, inputLength: time }),
        tfl.layers.dense({ units: 4, activation: 'tanh' }),
        tfl.layers.batchNormalization(),
        tfl.layers.activation({ activation: 'relu' }),
        tfl.layers.dropout({ rate: 0 }),
        tfl.layers.lstm({ units: 3, recurrentActivation: 'sigmoid' }),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    return { ours, theirs };
  };

  it('the same weights: predictions ≤ 1e-5, 10 epochs of Adam losses ≤ 1e-4 relative', async () => {
    st.setSeed(22);
    await expectSameAdamTraining(build(), rows, 23);
  });
});
