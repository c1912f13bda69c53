import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

/** A custom layer y = x · scale (per feature); `broken` plants a wrong gradient for `scale`. */
class Scale implements st.Layer {
  readonly className = 'Scale';
  name = '';
  #scale?: st.Param;
  #x?: st.Tensor;

  constructor(readonly broken: boolean) {}

  get built() {
    return this.#scale !== undefined;
  }
  build(shape: st.ShapeSpec) {
    const width = shape[1] as number;
    const value = st.tensor(new Float64Array(width).map((_, j) => 1 + 0.1 * j));
    this.#scale = { name: `${this.name}/scale`, value, grad: st.tensor(new Float64Array(width)), trainable: true };
  }
  outputShape(shape: st.ShapeSpec) {
    return shape;
  }
  forward(x: st.Tensor, mode: st.Mode) {
    if (mode === 'train') this.#x = x.clone();
    const cols = x.shape[1];
    return st.tensor(
      x.data.map((v, i) => v * this.#scale!.value.data[i % cols]),
      x.shape,
    );
  }
  backward(dy: st.Tensor) {
    const x = this.#x!;
    const cols = x.shape[1];
    const grad = this.#scale!.grad.data.fill(0);
    dy.data.forEach((g, i) => (grad[i % cols] += g * x.data[i] * (this.broken ? 1.1 : 1)));
    return st.tensor(
      dy.data.map((g, i) => g * this.#scale!.value.data[i % cols]),
      dy.shape,
    );
  }
  params() {
    return this.#scale ? [this.#scale] : [];
  }
  config() {
    return { className: this.className, name: this.name };
  }
}

function data(seed: number, rows: number, cols: number) {
  const rng = new st.Rng(seed);
  const x = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.normal()));
  return { x, y: x.map((r) => (r[0] + r[1] > 0 ? 1 : 0)) };
}

describe('gradientCheck', () => {
  it('passes on a float32 model with batch norm, dropout and L2, checked on a float64 copy', () => {
    st.setSeed(2);
    const model = st.sequential({
      layers: [
        st.layers.dense({
          units: 6,
          activation: 'tanh',
          inputShape: [3],
          kernelRegularizer: st.regularizers.l2({ l2: 0.01 }),
        }),
        st.layers.batchNormalization(),
        st.layers.dropout({ rate: 0.5 }),
        st.layers.dense({ units: 4, activation: 'elu' }),
        st.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const before = model.getWeights().map((w) => w.toArray());
    const { x, y } = data(1, 8, 3);
    const result = st.gradientCheck(model, x, y);
    expect(result.passed).toBe(true);
    expect(result.difference).toBeLessThan(1e-7);
    expect(result.perParameter.map((p) => p.name)).toEqual([
      'dense_1/kernel',
      'dense_1/bias',
      'batch_normalization_1/gamma',
      'batch_normalization_1/beta',
      'dense_2/kernel',
      'dense_2/bias',
      'dense_3/kernel',
      'dense_3/bias',
    ]);
    // the user's model, its moving statistics included, is untouched
    expect(model.getWeights().map((w) => w.toArray())).toEqual(before);
  });

  it('fails on a planted wrong gradient and names the parameter', () => {
    st.setSeed(3);
    const build = (broken: boolean) => {
      const model = st.sequential({
        dtype: 'float64',
        layers: [
          st.layers.dense({ units: 4, activation: 'tanh', inputShape: [2] }),
          new Scale(broken),
          st.layers.dense({ units: 1, activation: 'sigmoid' }),
        ],
      });
      model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
      return model;
    };
    const { x, y } = data(4, 6, 2);
    const good = st.gradientCheck(build(false), x, y);
    expect(good.passed).toBe(true);
    const bad = st.gradientCheck(build(true), x, y);
    expect(bad.passed).toBe(false);
    expect(bad.difference).toBeGreaterThan(1e-3);
    const worst = bad.perParameter.reduce((a, b) => (b.maxRelativeError > a.maxRelativeError ? b : a));
    expect(worst.name).toBe('scale_1/scale');
    expect(worst.maxRelativeError).toBeGreaterThan(0.04);
    for (const p of bad.perParameter.filter((p) => p.name !== 'scale_1/scale'))
      expect(p.maxRelativeError).toBeLessThan(1e-5);
  });

  it('checks at most maxParamsPerTensor entries of each weight', () => {
    const model = st.sequential({
      dtype: 'float64',
      layers: [st.layers.dense({ units: 3, activation: 'softmax', inputShape: [40] })],
    });
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const rng = new st.Rng(5);
    const x = Array.from({ length: 4 }, () => Array.from({ length: 40 }, () => rng.normal()));
    const result = st.gradientCheck(model, x, [0, 1, 2, 1], { maxParamsPerTensor: 7 });
    expect(result.passed).toBe(true);
    expect(result.perParameter[0].worstIndex).toBeLessThan(120);
  });

  it('explains what to do with a custom layer in a float32 model', () => {
    const model = st.sequential({ layers: [st.layers.dense({ units: 2, inputShape: [2] }), new Scale(false)] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    expect(() => st.gradientCheck(model, [[1, 2]], [[0, 1]])).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: gradientCheck(): expected layers strata can copy to float64, or a float64 model, got the custom layer scale_1 (Scale) in a float32 model. Build the model with dtype: 'float64', or pass its class in { customLayers }, to check a custom layer.]`,
    );
  });

  it('with customLayers, copies a custom layer to float64 and leaves out a stochastic one', () => {
    st.setSeed(6);
    const layer = new Scale(false);
    const model = st.sequential({
      layers: [st.layers.dense({ units: 3, activation: 'tanh', inputShape: [2] }), layer],
    });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = [
      [1, 2],
      [0.5, -1],
    ];
    const y = [
      [0, 1, 0.5],
      [1, 0, -0.5],
    ];
    const scaleClass = { className: 'Scale', fromConfig: () => new Scale(false) };
    const copied = st.gradientCheck(model, x, y, { customLayers: [scaleClass] });
    expect(copied.passed).toBe(true);
    expect(copied.perParameter.map((p) => p.name)).toEqual(['dense_1/kernel', 'dense_1/bias', 'scale_1/scale']);
    const skipped = st.gradientCheck(model, x, y, { customLayers: [{ ...scaleClass, stochastic: true }] });
    expect(skipped.perParameter.map((p) => p.name)).toEqual(['dense_1/kernel', 'dense_1/bias']);
  });
});
