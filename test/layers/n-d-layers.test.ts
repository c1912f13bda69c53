// the existing layers on inputs of rank 3 and 4, in float64 against central differences and per-row references
import { describe, expect, it } from 'vitest';
import { activationNames } from '../../src/activations/index.js';
import { Rng } from '../../src/core/rng.js';
import { randomNormal } from '../../src/initializers/random.js';
import { Activation } from '../../src/layers/activation.js';
import { BatchNormalization } from '../../src/layers/batch-normalization.js';
import { Dense } from '../../src/layers/dense.js';
import { Dropout } from '../../src/layers/dropout.js';
import type { Layer } from '../../src/layers/layer.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { expectGradientsMatch, gradCheckLayer, randomTensor } from '../helpers/grad-check.js';

const build = <L extends Layer>(layer: L, shape: readonly number[], seed = 1): L => {
  layer.name = layer.className.toLowerCase();
  layer.build([null, ...shape], { rng: new Rng(seed), dtype: 'float64' });
  return layer;
};

describe('Dense on the last axis', () => {
  it('[b, t, f] → [b, t, units], each position as a row of the 2-D layer', () => {
    const dense3 = build(
      new Dense({ units: 4, activation: 'tanh', biasInitializer: randomNormal({ seed: 2 }) }),
      [3, 5],
    );
    const dense2 = build(new Dense({ units: 4, activation: 'tanh', biasInitializer: randomNormal({ seed: 2 }) }), [5]);
    const x = randomTensor([2, 3, 5], new Rng(7));
    const y3 = dense3.forward(x, 'infer');
    expect(y3.shape).toEqual([2, 3, 4]);
    expect(dense3.outputShape([null, 3, 5])).toEqual([null, 3, 4]);
    const y2 = dense2.forward(new Tensor(x.data, [6, 5], 'float64'), 'infer');
    expect(Array.from(y3.data)).toEqual(Array.from(y2.data));
  });

  for (const activation of ['linear', 'relu', 'sigmoid', 'softmax'] as const)
    it(`backward matches central differences on [2, 3, 4, 5] (${activation})`, () => {
      const layer = build(new Dense({ units: 3, activation, biasInitializer: randomNormal({ seed: 2 }) }), [3, 4, 5]);
      expectGradientsMatch(gradCheckLayer(layer, randomTensor([2, 3, 4, 5], new Rng(11), -2, 2)));
    });

  it('refuses an input whose inner dimensions differ from the built ones', () => {
    const layer = build(new Dense({ units: 3 }), [3, 5]);
    expect(() => layer.forward(randomTensor([2, 4, 5], new Rng(1)), 'infer')).toThrow(
      /dense \(Dense\): expected input shape \[batch, 3, 5\], got \[2, 4, 5\]/,
    );
  });
});

describe('Activation and Dropout at any rank', () => {
  for (const activation of activationNames)
    it(`Activation(${activation}) on [2, 3, 4]`, () => {
      const layer = build(new Activation({ activation }), [3, 4]);
      expectGradientsMatch(gradCheckLayer(layer, randomTensor([2, 3, 4], new Rng(5), -2, 2)));
    });

  it('softmax normalizes the last axis of each position', () => {
    const layer = build(new Activation({ activation: 'softmax' }), [3, 4]);
    const a = layer.forward(randomTensor([2, 3, 4], new Rng(3), -3, 3), 'infer');
    for (let r = 0; r < 6; r++)
      expect(Array.from(a.data.subarray(r * 4, r * 4 + 4)).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });

  it('Dropout masks entries of a rank-4 input and its backward matches', () => {
    const x = randomTensor([2, 3, 3, 2], new Rng(9), 1, 2);
    const layer = build(new Dropout({ rate: 0.5, seed: 4 }), [3, 3, 2]);
    const y = layer.forward(x, 'train');
    expect(y.shape).toEqual([2, 3, 3, 2]);
    const dropped = Array.from(y.data).filter((v) => v === 0).length;
    expect(dropped).toBeGreaterThan(5);
    expect(dropped).toBeLessThan(31);
    y.data.forEach((v, i) => v !== 0 && expect(v).toBeCloseTo(2 * x.data[i], 12));
    // rebuilding restarts the seeded stream, so every pass draws the same mask
    expectGradientsMatch(
      gradCheckLayer(layer, x, {
        beforeForward: () => layer.build([null, 3, 3, 2], { rng: new Rng(1), dtype: 'float64' }),
      }),
    );
  });
});

describe('BatchNormalization per channel (the last axis)', () => {
  it('normalizes each channel of [b, h, w, c] over b, h and w', () => {
    const layer = build(new BatchNormalization({ momentum: 0.5 }), [3, 3, 2]);
    const x = randomTensor([4, 3, 3, 2], new Rng(6), -3, 5);
    const y = layer.forward(x, 'train');
    for (let c = 0; c < 2; c++) {
      const xs = Array.from(x.data).filter((_, i) => i % 2 === c);
      const ys = Array.from(y.data).filter((_, i) => i % 2 === c);
      const mean = xs.reduce((s, v) => s + v, 0) / xs.length;
      const variance = xs.reduce((s, v) => s + (v - mean) ** 2, 0) / xs.length;
      ys.forEach((v, i) => expect(v).toBeCloseTo((xs[i] - mean) / Math.sqrt(variance + 1e-3), 10));
      // moving = 0.5·initial + 0.5·batch
      expect(layer.params()[2].value.data[c]).toBeCloseTo(0.5 * mean, 10);
      expect(layer.params()[3].value.data[c]).toBeCloseTo(0.5 + 0.5 * variance, 10);
    }
  });

  it('backward matches central differences on [3, 2, 2, 3]', () => {
    const layer = build(new BatchNormalization(), [2, 2, 3]);
    expectGradientsMatch(gradCheckLayer(layer, randomTensor([3, 2, 2, 3], new Rng(8), -2, 2)));
  });
});
