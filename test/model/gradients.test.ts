import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

const LR = 1e-3;

/** The gradient a model applied: with plain SGD, g = (w_before − w_after) / lr, exact to ~1e-13 in float64. */
function appliedGradient(model: st.Sequential, x: number[][], y: st.TensorLike): Float64Array[] {
  const before = model.getWeights();
  model.trainOnBatch(x, y);
  const after = model.getWeights();
  model.setWeights(before);
  return before.map((w, i) => Float64Array.from(w.data, (v, j) => (v - after[i].data[j]) / LR));
}

/** Central differences of the full reported loss (data loss + penalties). */
function numericGradient(model: st.Sequential, x: number[][], y: st.TensorLike): Float64Array[] {
  const weights = model.getWeights();
  const h = 1e-6;
  return weights.map((w, i) =>
    Float64Array.from(w.data, (v, j) => {
      const at = (value: number) => {
        const copy = model.getWeights();
        copy[i].data[j] = value;
        model.setWeights(copy);
        return model.evaluate(x, y, { batchSize: x.length }).loss;
      };
      const g = (at(v + h) - at(v - h)) / (2 * h);
      model.setWeights(weights);
      return g;
    }),
  );
}

function maxRelativeError(a: Float64Array[], b: Float64Array[]): number {
  let worst = 0;
  a.forEach((t, i) =>
    t.forEach((v, j) => {
      const n = b[i][j];
      worst = Math.max(worst, Math.abs(v - n) / Math.max(Math.abs(v) + Math.abs(n), 1e-8));
    }),
  );
  return worst;
}

const cases: {
  name: string;
  out: { units: number; activation: st.ActivationName };
  loss: st.LossName;
  y: st.TensorLike;
}[] = [
  {
    name: 'sigmoid + binaryCrossentropy (fused)',
    out: { units: 1, activation: 'sigmoid' },
    loss: 'binaryCrossentropy',
    y: [1, 0, 1, 0, 1],
  },
  {
    name: 'softmax + categoricalCrossentropy (fused)',
    out: { units: 3, activation: 'softmax' },
    loss: 'categoricalCrossentropy',
    y: [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
    ],
  },
  {
    name: 'softmax + sparseCategoricalCrossentropy (fused)',
    out: { units: 3, activation: 'softmax' },
    loss: 'sparseCategoricalCrossentropy',
    y: [0, 2, 1, 1, 0],
  },
  {
    name: 'linear + meanSquaredError',
    out: { units: 2, activation: 'linear' },
    loss: 'meanSquaredError',
    y: [
      [1, -1],
      [0, 2],
      [3, 1],
      [-2, 0],
      [0.5, 0.5],
    ],
  },
  { name: 'tanh + huber', out: { units: 1, activation: 'tanh' }, loss: 'huber', y: [0.5, -0.2, 3, 0.1, -2] },
  {
    name: 'sigmoid + meanAbsoluteError',
    out: { units: 1, activation: 'sigmoid' },
    loss: 'meanAbsoluteError',
    y: [0.9, 0.1, 0.3, 0.8, 0.2],
  },
];

describe('whole-model gradients against float64 central differences', () => {
  it.each(cases)('$name with L1 and L2 penalties', ({ out, loss, y }) => {
    st.setSeed(17);
    const model = st.sequential({
      dtype: 'float64',
      layers: [
        st.layers.dense({
          units: 6,
          activation: 'gelu',
          inputShape: [4],
          kernelRegularizer: st.regularizers.l2({ l2: 0.01 }),
        }),
        st.layers.dense({ units: 5, activation: 'selu', biasRegularizer: st.regularizers.l1({ l1: 0.003 }) }),
        st.layers.dense({
          units: out.units,
          activation: out.activation,
          kernelRegularizer: st.regularizers.l1l2({ l1: 0.001, l2: 0.002 }),
        }),
      ],
    });
    model.compile({ optimizer: st.optimizers.sgd({ learningRate: LR }), loss });
    const rng = new st.Rng(3);
    const x = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => rng.normal()));
    expect(maxRelativeError(appliedGradient(model, x, y), numericGradient(model, x, y))).toBeLessThan(1e-6);
  });

  it('catches a wrong gradient (the check can fail)', () => {
    st.setSeed(17);
    const model = st.sequential({
      dtype: 'float64',
      layers: [st.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })],
    });
    model.compile({ optimizer: st.optimizers.sgd({ learningRate: LR }), loss: 'binaryCrossentropy' });
    const x = [
      [1, 2],
      [-1, 0.5],
    ];
    const applied = appliedGradient(model, x, [1, 0]);
    applied[0][0] *= 1.001;
    expect(maxRelativeError(applied, numericGradient(model, x, [1, 0]))).toBeGreaterThan(1e-4);
  });
});
