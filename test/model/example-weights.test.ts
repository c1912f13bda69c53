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
});
