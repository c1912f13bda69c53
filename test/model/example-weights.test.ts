import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

function linearModel(): st.Sequential {
  const model = st.sequential({
    dtype: 'float64',
    layers: [st.layers.dense({ units: 1, inputShape: [1], useBias: false })],
  });
  model.setWeights([[[0]]]);
  model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.1 }), loss: 'meanSquaredError' });
  return model;
}

describe('sampleWeight and classWeight (Keras: Σ wᵢ·lᵢ / n)', () => {
  it('weighs each example’s loss and gradient', async () => {
    const model = linearModel();
    // w = 0: losses 4 and 16; weighted (1·4 + 3·16) / 2 = 26; gradient 2/2 · (1·(−2)·1 + 3·(−4)·2) = −26
    const h = await model.fit([[1], [2]], [2, 4], { sampleWeight: [1, 3], batchSize: 2, verbose: 0 });
    expect(h.history.loss[0]).toBeCloseTo(26, 12);
    expect(model.getWeights()[0].data[0]).toBeCloseTo(2.6, 12);
  });

  it('a zero weight removes an example entirely', async () => {
    const a = linearModel();
    await a.fit([[1], [2], [3]], [2, 4, 100], { sampleWeight: [1, 1, 0], batchSize: 3, epochs: 5, verbose: 0 });
    const b = linearModel();
    // the divisor stays the batch size, so dropping the row equals scaling the remaining gradient by 2/3
    b.compile({ optimizer: st.optimizers.sgd({ learningRate: (0.1 * 2) / 3 }), loss: 'meanSquaredError' });
    await b.fit([[1], [2]], [2, 4], { batchSize: 2, epochs: 5, verbose: 0 });
    expect(a.getWeights()[0].data[0]).toBeCloseTo(b.getWeights()[0].data[0], 12);
  });

  it('classWeight multiplies per class, for binary, sparse and one-hot labels', async () => {
    for (const [loss, units, activation, y] of [
      ['binaryCrossentropy', 1, 'sigmoid', [0, 1, 1]],
      ['sparseCategoricalCrossentropy', 2, 'softmax', [0, 1, 1]],
      [
        'categoricalCrossentropy',
        2,
        'softmax',
        [
          [1, 0],
          [0, 1],
          [0, 1],
        ],
      ],
    ] as const) {
      const build = () => {
        st.setSeed(1);
        const m = st.sequential({
          dtype: 'float64',
          layers: [st.layers.dense({ units, activation, inputShape: [2] })],
        });
        m.compile({ optimizer: 'sgd', loss });
        return m;
      };
      const x = [
        [1, 0],
        [0, 1],
        [1, 1],
      ];
      const byClass = await build().fit(x, y as st.TensorLike, { classWeight: { 1: 3 }, batchSize: 3, verbose: 0 });
      const bySample = await build().fit(x, y as st.TensorLike, { sampleWeight: [1, 3, 3], batchSize: 3, verbose: 0 });
      expect(byClass.history.loss[0]).toBeCloseTo(bySample.history.loss[0], 12);
    }
  });

  it('rejects bad weights with a clear error', async () => {
    const model = linearModel();
    await expect(
      model.fit([[1], [2]], [2, 4], { sampleWeight: [1], verbose: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: fit(): expected sampleWeight with one weight per example (2), got shape [1]. Pass an array with one number per row of x.]`,
    );
    await expect(
      model.fit([[1], [2]], [2, 4], { sampleWeight: [1, -1], verbose: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: fit(): expected sample weights ≥ 0 and finite, got -1 at row 1. Use 0 to leave an example out; weights cannot be negative.]`,
    );
    await expect(
      model.fit([[1], [2]], [2, 4], { classWeight: { 0: 2 }, verbose: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: fit(): expected a classification loss for classWeight, got loss 'meanSquaredError'. For regression, weigh examples with sampleWeight instead.]`,
    );
  });

  describe('per step of a sequence target (Keras temporal weights)', () => {
    // ids with 0 as padding at the end; a per-step softmax over 3 classes after an LSTM that returns sequences
    const ids = [
      [1, 2, 3, 0],
      [2, 3, 0, 0],
      [3, 1, 2, 1],
    ];
    const steps = ids.map((row) => row.map((id) => (id === 0 ? 0 : 1)));
    const labels = (padding: number) => ids.map((row) => row.map((id, t) => (id === 0 ? padding : (id + t) % 3)));
    const build = () => {
      st.setSeed(3);
      const model = st.sequential({
        dtype: 'float64',
        layers: [
          st.layers.embedding({ inputDim: 4, outputDim: 3, maskZero: true, inputShape: [4] }),
          st.layers.lstm({ units: 5, returnSequences: true }),
          st.layers.dense({ units: 3, activation: 'softmax' }),
        ],
      });
      model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.5 }), loss: 'sparseCategoricalCrossentropy' });
      return model;
    };

    it('weighs each step: the loss is Σ w·l / (examples · steps), by hand from the predictions', async () => {
      const model = build();
      const probabilities = model.predict(ids);
      const y = labels(0);
      let sum = 0;
      for (let r = 0; r < 3; r++)
        for (let t = 0; t < 4; t++) sum -= steps[r][t] * Math.log(probabilities.data[(r * 4 + t) * 3 + y[r][t]]);
      const h = await model.fit(ids, y, { sampleWeight: steps, batchSize: 3, shuffle: false, verbose: 0 });
      expect(h.history.loss[0]).toBeCloseTo(sum / 12, 12);
    });

    it('a zero weight leaves a padded step out: its label changes nothing, shuffled and in batches', async () => {
      const [a, b] = [build(), build()];
      const options = { sampleWeight: steps, batchSize: 2, epochs: 3, verbose: 0 } as const;
      const ha = await a.fit(ids, labels(0), options);
      const hb = await b.fit(ids, labels(2), options);
      expect(ha.history.loss).toEqual(hb.history.loss);
      expect(a.getWeights().map((w) => [...w.data])).toEqual(b.getWeights().map((w) => [...w.data]));
      // without the weights the padded labels count, and the two runs part
      const [c, d] = [build(), build()];
      const hc = await c.fit(ids, labels(0), { batchSize: 2, epochs: 3, verbose: 0 });
      const hd = await d.fit(ids, labels(2), { batchSize: 2, epochs: 3, verbose: 0 });
      expect(hc.history.loss[0]).not.toBeCloseTo(hd.history.loss[0], 6);
    });

    it('one weight per example still weighs every step of it; a wrong width and classWeight are refused', async () => {
      const [a, b] = [build(), build()];
      const ha = await a.fit(ids, labels(0), { sampleWeight: [1, 2, 0], batchSize: 3, verbose: 0 });
      const hb = await b.fit(ids, labels(0), {
        sampleWeight: [Array(4).fill(1), Array(4).fill(2), Array(4).fill(0)],
        batchSize: 3,
        verbose: 0,
      });
      expect(ha.history.loss[0]).toBeCloseTo(hb.history.loss[0], 12);
      await expect(
        build().fit(ids, labels(0), {
          sampleWeight: [
            [1, 1, 1],
            [1, 1, 1],
            [1, 1, 1],
          ],
          verbose: 0,
        }),
      ).rejects.toThrowErrorMatchingInlineSnapshot(
        `[ShapeError: fit(): expected sampleWeight with one weight per example (3) or per position ([3, 4]), got shape [3, 3]. Pass one number per row of x, or one per step of each row (0 for padding).]`,
      );
      await expect(
        build().fit(ids, labels(0), { classWeight: { 1: 2 }, verbose: 0 }),
      ).rejects.toThrowErrorMatchingInlineSnapshot(
        `[ConfigError: fit(): expected classWeight with one label per example, got a target of shape [3, 4, 1] (4 labels per example). For sequence targets, pass the class weights as sampleWeight of shape [examples, steps] (as Keras).]`,
      );
    });
  });
});
