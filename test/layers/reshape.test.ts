import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { Reshape } from '../../src/layers/reshape.js';
import { Tensor } from '../../src/tensor/tensor.js';

function built(targetShape: number[], inputShape: (number | null)[]): Reshape {
  const layer = new Reshape({ targetShape });
  layer.name = 'reshape_1';
  layer.build(inputShape);
  return layer;
}

describe('Reshape', () => {
  it('gives each example the target shape, values in row-major order, and backward the input shape', () => {
    const layer = built([2, 3], [null, 6]);
    const x = new Tensor(
      Float64Array.from({ length: 12 }, (_, i) => i),
      [2, 6],
      'float64',
    );
    const y = layer.forward(x, 'train');
    expect(y.toArray()).toEqual([
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      [
        [6, 7, 8],
        [9, 10, 11],
      ],
    ]);
    const dx = layer.backward(
      new Tensor(
        Float64Array.from({ length: 12 }, (_, i) => 2 * i),
        [2, 2, 3],
        'float64',
      ),
      true,
    )!;
    expect(dx.toArray()).toEqual([
      [0, 2, 4, 6, 8, 10],
      [12, 14, 16, 18, 20, 22],
    ]);
  });

  it('works out a -1 from the input, as Keras', () => {
    expect(built([-1, 2], [null, 3, 4]).outputShape([null, 3, 4])).toEqual([null, 6, 2]);
    expect(built([2, -1, 3], [null, 12]).resolvedTargetShape).toEqual([2, 2, 3]);
    expect(new Reshape({ targetShape: [-1] }).outputShape([7, 2, 5])).toEqual([7, 10]);
  });

  it('explains a bad targetShape and an input of the wrong size', () => {
    for (const bad of [[], [0, 3], [-1, -1], [2.5], 'x', undefined])
      expect(() => new Reshape({ targetShape: bad as never })).toThrow(st.ConfigError);
    expect(() => new Reshape({ targetShape: [-1, -1] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: reshape(): expected targetShape as an array of positive integers (one may be -1), without the batch dimension, got [-1,-1]. For example reshape({ targetShape: [2, 3] }) turns 6 features into 2 rows of 3.]`,
    );
    expect(() => built([4, 2], [null, 6])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: reshape_1 (Reshape): expected an input with 8 values per example (targetShape [4, 2]), got [batch, 6] (6 values). A reshape keeps every value: the sizes before and after must match.]`,
    );
    expect(() => built([-1, 4], [null, 6])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: reshape_1 (Reshape): expected an input with a multiple of 4 values per example (targetShape [-1, 4]), got [batch, 6] (6 values). A reshape keeps every value: the sizes before and after must match.]`,
    );
  });

  it('in a model, Reshape [6] → [2, 3] → Flatten → Dense computes what the Dense alone does, and trains', async () => {
    st.setSeed(3);
    const model = st.sequential({
      dtype: 'float64',
      layers: [
        st.layers.reshape({ targetShape: [2, 3], inputShape: [6] }),
        st.layers.flatten(),
        st.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const plain = st.sequential({
      dtype: 'float64',
      layers: [st.layers.dense({ units: 2, activation: 'softmax', inputShape: [6] })],
    });
    plain.build();
    plain.setWeights(model.build().getWeights());
    const rng = new st.Rng(4);
    const x = Array.from({ length: 32 }, () => Array.from({ length: 6 }, () => rng.normal()));
    const y = x.map((r) => (r[0] + r[4] > 0 ? 1 : 0));
    expect(model.predict(x).toArray()).toEqual(plain.predict(x).toArray());
    model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.05 }), loss: 'sparseCategoricalCrossentropy' });
    const history = await model.fit(x, y, { epochs: 20, verbose: 0 });
    expect(history.history.loss.at(-1)!).toBeLessThan(history.history.loss[0] * 0.7);
    expect(st.gradientCheck(model, x.slice(0, 4), y.slice(0, 4)).passed).toBe(true);
  });
});
