import { describe, expect, it } from 'vitest';
import { ConfigError, ShapeError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { randomNormal, randomUniform } from '../../src/initializers/random.js';
import { BatchNormalization, type BatchNormalizationConfig } from '../../src/layers/batch-normalization.js';
import { Dense } from '../../src/layers/dense.js';
import { Dropout } from '../../src/layers/dropout.js';
import { Activation } from '../../src/layers/activation.js';
import type { BuildContext, Layer } from '../../src/layers/layer.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { randomTensor } from '../helpers/grad-check.js';

const context = (seed = 42): BuildContext => ({ rng: new Rng(seed), dtype: 'float64' });

function built<T extends Layer>(layer: T, width: number, seed = 42): T {
  layer.name = `${layer.className.toLowerCase()}_1`;
  layer.build([null, width], context(seed));
  return layer;
}

const values = (t: Tensor): number[] => Array.from(t.data);

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++)
    expect(Math.abs(actual[i] - expected[i]), `index ${i}: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(
      rtol * Math.max(1, Math.abs(expected[i])),
    );
}

describe('Dropout', () => {
  const rows = 200;
  const cols = 50;

  it('is the identity in infer mode', () => {
    const layer = built(new Dropout({ rate: 0.5, seed: 1 }), cols);
    const x = randomTensor([rows, cols], new Rng(2));
    expect(values(layer.forward(x, 'infer'))).toEqual(values(x));
  });

  it('is the identity in train mode with rate 0, and passes dy straight back', () => {
    const layer = built(new Dropout({ rate: 0 }), cols);
    const x = randomTensor([4, cols], new Rng(2));
    expect(values(layer.forward(x, 'train'))).toEqual(values(x));
    const dy = randomTensor([4, cols], new Rng(3));
    expect(values(layer.backward(dy))).toEqual(values(dy));
  });

  it.each([0.1, 0.3, 0.5, 0.8])(
    'rate %s zeroes about that share in train mode and scales the rest by 1/(1 − rate)',
    (rate) => {
      const layer = built(new Dropout({ rate, seed: 11 }), cols);
      const x = randomTensor([rows, cols], new Rng(4), 0.5, 2);
      const y = layer.forward(x, 'train');
      let dropped = 0;
      let worst = 0;
      for (let i = 0; i < x.size; i++) {
        if (y.data[i] === 0) dropped++;
        else worst = Math.max(worst, Math.abs(y.data[i] - x.data[i] / (1 - rate)) / Math.abs(x.data[i]));
      }
      expect(worst).toBeLessThan(1e-14);
      // binomial standard deviation is √(rate(1 − rate)/n) ≤ 0.005 here: allow 5 of them
      const share = dropped / x.size;
      expect(Math.abs(share - rate)).toBeLessThan(5 * Math.sqrt((rate * (1 - rate)) / x.size));
    },
  );

  it('keeps the mean of its input on average (inverted dropout)', () => {
    const layer = built(new Dropout({ rate: 0.4, seed: 5 }), cols);
    const x = new Tensor(new Float64Array(rows * cols).fill(1), [rows, cols], 'float64');
    const y = layer.forward(x, 'train');
    const mean = values(y).reduce((s, v) => s + v, 0) / y.size;
    expect(Math.abs(mean - 1)).toBeLessThan(0.03);
  });

  it('backward multiplies dy by the same mask as the forward pass', () => {
    const layer = built(new Dropout({ rate: 0.5, seed: 6 }), 7);
    const x = randomTensor([9, 7], new Rng(7), 0.5, 2);
    const y = Float64Array.from(layer.forward(x, 'train').data);
    const dy = randomTensor([9, 7], new Rng(8));
    const dx = layer.backward(dy);
    const mask = y.map((v, i) => v / x.data[i]);
    expect(mask.some((m) => m === 0)).toBe(true);
    expect(mask.some((m) => m !== 0)).toBe(true);
    expectClose(
      dx.data,
      Array.from(dy.data, (g, i) => g * mask[i]),
    );
  });

  it('draws a new mask on every training pass', () => {
    const layer = built(new Dropout({ rate: 0.5, seed: 9 }), cols);
    const x = new Tensor(new Float64Array(4 * cols).fill(1), [4, cols], 'float64');
    const first = values(layer.forward(x, 'train'));
    const second = values(layer.forward(x, 'train'));
    expect(second).not.toEqual(first);
  });

  it('is reproducible: the same seed (or the same build generator) gives the same masks', () => {
    const x = new Tensor(new Float64Array(4 * cols).fill(1), [4, cols], 'float64');
    const masks = (layer: Dropout) => [values(layer.forward(x, 'train')), values(layer.forward(x, 'train'))];
    expect(masks(built(new Dropout({ rate: 0.5, seed: 3 }), cols, 1))).toEqual(
      masks(built(new Dropout({ rate: 0.5, seed: 3 }), cols, 2)),
    );
    expect(masks(built(new Dropout({ rate: 0.5, seed: 3 }), cols))).not.toEqual(
      masks(built(new Dropout({ rate: 0.5, seed: 4 }), cols)),
    );
    expect(masks(built(new Dropout({ rate: 0.5 }), cols, 8))).toEqual(
      masks(built(new Dropout({ rate: 0.5 }), cols, 8)),
    );
  });

  it('rebuilt from its own JSON config (seed: null), it still draws from the model generator', () => {
    const config = JSON.parse(JSON.stringify(new Dropout({ rate: 0.5 }).config()));
    expect(config.seed).toBeNull();
    const x = new Tensor(new Float64Array(4 * cols).fill(1), [4, cols], 'float64');
    const maskWith = (layer: Dropout, seed: number) => values(built(layer, cols, seed).forward(x, 'train'));
    // the original, unseeded, follows the build generator
    expect(maskWith(new Dropout({ rate: 0.5 }), 1)).not.toEqual(maskWith(new Dropout({ rate: 0.5 }), 2));
    expect(maskWith(new Dropout(config), 1)).not.toEqual(maskWith(new Dropout(config), 2));
  });

  it.each([1, -0.1, 1.5, NaN])('rejects rate %s with a ConfigError', (rate) => {
    expect(() => new Dropout({ rate })).toThrow(ConfigError);
  });
});

describe('BatchNormalization', () => {
  const rows = 6;
  const width = 4;
  const epsilon = 1e-3;

  /** Column means and biased variances (divided by N, as Keras' moments). */
  function moments(x: Tensor): { mean: number[]; variance: number[] } {
    const [n, w] = x.shape;
    const mean = Array.from({ length: w }, (_, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += x.data[i * w + j];
      return s / n;
    });
    const variance = mean.map((mu, j) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x.data[i * w + j] - mu) ** 2;
      return s / n;
    });
    return { mean, variance };
  }

  function normalize(x: Tensor, mean: number[], variance: number[], gamma: ArrayLike<number>, beta: ArrayLike<number>) {
    const w = x.shape[1];
    return Array.from(
      x.data,
      (v, i) => (gamma[i % w] * (v - mean[i % w])) / Math.sqrt(variance[i % w] + epsilon) + beta[i % w],
    );
  }

  const make = (config: BatchNormalizationConfig = {}) =>
    built(
      new BatchNormalization({
        gammaInitializer: randomUniform({ minval: 0.5, maxval: 2, seed: 1 }),
        betaInitializer: randomNormal({ stddev: 1, seed: 2 }),
        ...config,
      }),
      width,
    );

  const byName = (layer: BatchNormalization, suffix: string) => {
    const p = layer.params().find((q) => q.name.endsWith(`/${suffix}`));
    if (!p) throw new Error(`no param ${suffix}`);
    return p;
  };

  it('uses the batch statistics in train mode', () => {
    const layer = make();
    const x = randomTensor([rows, width], new Rng(3), -3, 5);
    const { mean, variance } = moments(x);
    const gamma = byName(layer, 'gamma').value.data;
    const beta = byName(layer, 'beta').value.data;
    expectClose(layer.forward(x, 'train').data, normalize(x, mean, variance, gamma, beta));
  });

  it('uses the moving statistics in infer mode, and leaves them unchanged', () => {
    const layer = make();
    const movingMean = byName(layer, 'moving_mean').value;
    const movingVariance = byName(layer, 'moving_variance').value;
    movingMean.data.set([0.5, -1, 2, 0]);
    movingVariance.data.set([1, 4, 0.25, 2]);
    const x = randomTensor([rows, width], new Rng(4), -3, 5);
    const gamma = byName(layer, 'gamma').value.data;
    const beta = byName(layer, 'beta').value.data;
    const expected = normalize(x, [0.5, -1, 2, 0], [1, 4, 0.25, 2], gamma, beta);
    expectClose(layer.forward(x, 'infer').data, expected);
    expect(values(movingMean)).toEqual([0.5, -1, 2, 0]);
    expect(values(movingVariance)).toEqual([1, 4, 0.25, 2]);
    // inference treats rows independently: one row alone gives the same output
    const firstRow = new Tensor(x.data.slice(0, width), [1, width], 'float64');
    expectClose(layer.forward(firstRow, 'infer').data, expected.slice(0, width));
  });

  it('moving statistics follow moving = 0.99·moving + 0.01·batch, with the biased batch variance', () => {
    const layer = make();
    let mean = [0, 0, 0, 0];
    let variance = [1, 1, 1, 1];
    for (const seed of [5, 6, 7]) {
      const x = randomTensor([rows, width], new Rng(seed), -3, 5);
      layer.forward(x, 'train');
      const batch = moments(x);
      mean = mean.map((m, j) => 0.99 * m + 0.01 * batch.mean[j]);
      variance = variance.map((v, j) => 0.99 * v + 0.01 * batch.variance[j]);
      expectClose(byName(layer, 'moving_mean').value.data, mean, 1e-14);
      expectClose(byName(layer, 'moving_variance').value.data, variance, 1e-14);
    }
  });

  it('momentum is configurable', () => {
    const layer = make({ momentum: 0.6 });
    const x = randomTensor([rows, width], new Rng(8), -3, 5);
    layer.forward(x, 'train');
    const { mean, variance } = moments(x);
    expectClose(
      byName(layer, 'moving_mean').value.data,
      mean.map((m) => 0.4 * m),
    );
    expectClose(
      byName(layer, 'moving_variance').value.data,
      variance.map((v) => 0.6 + 0.4 * v),
    );
  });

  it('has 4·units params, of which moving mean and variance (2·units) are non-trainable', () => {
    const layer = make();
    const params = layer.params();
    expect(params.reduce((n, p) => n + p.value.size, 0)).toBe(4 * width);
    expect(params.filter((p) => !p.trainable).map((p) => p.name)).toEqual([
      'batchnormalization_1/moving_mean',
      'batchnormalization_1/moving_variance',
    ]);
    expect(params.filter((p) => !p.trainable).reduce((n, p) => n + p.value.size, 0)).toBe(2 * width);
  });

  it('without center and scale, the output is the plain normalized x', () => {
    const layer = built(new BatchNormalization({ center: false, scale: false }), width);
    const x = randomTensor([rows, width], new Rng(9), -3, 5);
    const { mean, variance } = moments(x);
    expectClose(layer.forward(x, 'train').data, normalize(x, mean, variance, [1, 1, 1, 1], [0, 0, 0, 0]));
    expect(layer.params().map((p) => p.trainable)).toEqual([false, false]);
  });

  it('rejects an input of the wrong width with a ShapeError', () => {
    const layer = make();
    expect(() => layer.forward(randomTensor([2, width + 1], new Rng(1)), 'train')).toThrow(ShapeError);
  });

  it.each([{ momentum: 1.5 }, { momentum: -0.1 }, { epsilon: 0 }, { epsilon: -1 }, { momentum: NaN }])(
    'rejects %o with a ConfigError',
    (config) => {
      expect(() => new BatchNormalization(config)).toThrow(ConfigError);
    },
  );
});

describe('Dense', () => {
  it('has in·units + units params (in·units without bias), as Keras counts', () => {
    const withBias = built(new Dense({ units: 7 }), 13);
    expect(withBias.params().map((p) => p.value.shape)).toEqual([[13, 7], [7]]);
    expect(withBias.params().reduce((n, p) => n + p.value.size, 0)).toBe(13 * 7 + 7);
    const noBias = built(new Dense({ units: 7, useBias: false }), 13);
    expect(noBias.params().reduce((n, p) => n + p.value.size, 0)).toBe(13 * 7);
    expect(noBias.params().every((p) => p.trainable)).toBe(true);
  });

  it('computes activation(x · kernel + bias) with kernel laid out [in, units]', () => {
    const layer = built(new Dense({ units: 3, activation: 'tanh', biasInitializer: randomNormal({ seed: 1 }) }), 4);
    const [kernel, bias] = layer.params().map((p) => p.value.data);
    const x = randomTensor([5, 4], new Rng(2));
    const expected: number[] = [];
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 3; j++) {
        let z = bias[j];
        for (let p = 0; p < 4; p++) z += x.data[i * 4 + p] * kernel[p * 3 + j];
        expected.push(Math.tanh(z));
      }
    expectClose(layer.forward(x, 'infer').data, expected);
  });

  it('backward(dy, false) skips dx but writes the same param grads; grads are overwritten, not summed', () => {
    const layer = built(new Dense({ units: 3, activation: 'sigmoid' }), 4);
    const x = randomTensor([5, 4], new Rng(3));
    const dy = randomTensor([5, 3], new Rng(4));
    layer.forward(x, 'train');
    expect(layer.backward(dy, true)).not.toBeNull();
    const grads = layer.params().map((p) => values(p.grad));
    expect(layer.backward(dy, false)).toBeNull();
    expect(layer.params().map((p) => values(p.grad))).toEqual(grads);
  });

  it('rejects an input of the wrong width with a ShapeError', () => {
    const layer = built(new Dense({ units: 3 }), 4);
    expect(() => layer.forward(randomTensor([2, 5], new Rng(1)), 'infer')).toThrow(ShapeError);
  });
});

describe('an inference pass between a training forward and its backward', () => {
  // the Layer contract (src/layers/layer.ts): the cache is "replaced on every training forward", so backward
  // refers to the last training pass even when a predict() runs in between (e.g. from a callback)
  const check = (layer: Layer, width: number) => {
    built(layer, width);
    const x = randomTensor([3, width], new Rng(1));
    const other = randomTensor([3, width], new Rng(2));
    const dy = randomTensor([3, layer.outputShape([null, width])[1] as number], new Rng(3));
    layer.forward(x, 'train');
    const dx = values(layer.backward(dy, true)!);
    const grads = layer.params().map((p) => values(p.grad));
    layer.forward(x, 'train');
    layer.forward(other, 'infer');
    expect(values(layer.backward(dy, true)!)).toEqual(dx);
    expect(layer.params().map((p) => values(p.grad))).toEqual(grads);
  };

  it('leaves BatchNormalization’s gradients unchanged', () => check(new BatchNormalization(), 4));

  it('leaves Dense’s gradients unchanged', () => check(new Dense({ units: 3, activation: 'tanh' }), 4));

  it('leaves an Activation layer’s gradients unchanged', () => check(new Activation({ activation: 'tanh' }), 4));
});
