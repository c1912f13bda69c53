import { describe, expect, it } from 'vitest';
import { activations, getActivation, type ActivationName } from '../../src/activations/index.js';
import { ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { Tensor, zeros } from '../../src/tensor/tensor.js';
import { expectGradientsMatch, gradCheckActivation, randomTensor } from '../helpers/grad-check.js';
import { erfIntegral, normalCdf, SELU_ALPHA, SELU_SCALE, sigmoidRef } from '../helpers/reference-math.js';

const LEAKY_SLOPE = 0.2; // Keras 3 activations.leaky_relu default

/** The textbook formula of each elementwise activation. */
const elementwise: Record<Exclude<ActivationName, 'softmax'>, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(0, x),
  sigmoid: sigmoidRef,
  tanh: (x) => (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1),
  leakyRelu: (x) => (x > 0 ? x : LEAKY_SLOPE * x),
  elu: (x) => (x > 0 ? x : Math.exp(x) - 1),
  selu: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1)),
  gelu: (x) => x * normalCdf(x),
  softplus: (x) => Math.log(1 + Math.exp(x)),
  swish: (x) => x * sigmoidRef(x),
};

/** Where each activation has a kink (finite differences are not defined there). */
const kinked = new Set<ActivationName>(['relu', 'leakyRelu', 'elu', 'selu']);

function apply(name: ActivationName, values: number[], shape = [1, values.length]): Float64Array {
  const z = new Tensor(Float64Array.from(values), shape, 'float64');
  const a = zeros(shape, 'float64');
  activations[name].forward(z, a);
  return a.data as Float64Array;
}

function expectRelClose(actual: number, expected: number, rtol: number, atol = 0): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(atol + rtol * Math.abs(expected));
}

/** Sample points of [-4, 4], kept at least 0.05 away from 0 for the kinked functions. */
function samplePoints(rng: Rng, rows: number, cols: number, awayFromZero: boolean): Tensor {
  const z = randomTensor([rows, cols], rng, -4, 4);
  if (awayFromZero) for (let i = 0; i < z.size; i++) if (Math.abs(z.data[i]) < 0.05) z.data[i] += 0.1;
  return z;
}

describe('activations', () => {
  it('the reference tables cover every activation in the name table', () => {
    expect(Object.keys(activations).sort()).toEqual([...Object.keys(elementwise), 'softmax'].sort());
    for (const [key, fn] of Object.entries(activations)) expect(fn.name).toBe(key);
  });

  it('the reference erf matches tabulated values', () => {
    expectRelClose(erfIntegral(0, 0.5), 0.5204998778130465, 1e-14);
    expectRelClose(erfIntegral(0, 1), 0.8427007929497149, 1e-14);
    expectRelClose(erfIntegral(0, 2), 0.9953222650189527, 1e-14);
    expectRelClose(normalCdf(-4), 3.167124183311992e-5, 1e-12);
  });

  describe.each(Object.keys(elementwise) as Exclude<ActivationName, 'softmax'>[])('%s', (name) => {
    const reference = elementwise[name];

    it('forward matches the textbook formula', () => {
      const xs = [-6, -4.5, -2.5, -1, -0.3, -1e-3, 0, 1e-3, 0.2, 0.7, 1.5, 3, 5.5];
      const a = apply(name, xs);
      xs.forEach((x, i) => expectRelClose(a[i], reference(x), 1e-12, 1e-15));
    });

    it('forward is correct on a [rows, cols] batch', () => {
      const z = samplePoints(new Rng(3), 4, 6, false);
      const a = apply(name, Array.from(z.data), [4, 6]);
      z.data.forEach((x, i) => expectRelClose(a[i], reference(x), 1e-12, 1e-15));
    });

    it('backward matches central differences in float64', () => {
      const z = samplePoints(new Rng(11), 5, 7, kinked.has(name));
      expectGradientsMatch([gradCheckActivation(activations[name], z, { seed: 12 })]);
    });

    it('forward and backward stay finite for large inputs', () => {
      const xs = [-800, -50, 50, 800];
      const a = apply(name, xs);
      const z = new Tensor(Float64Array.from(xs), [1, 4], 'float64');
      const dz = zeros([1, 4], 'float64');
      activations[name].backward(
        z,
        new Tensor(a, [1, 4], 'float64'),
        new Tensor(new Float64Array(4).fill(1), [1, 4], 'float64'),
        dz,
      );
      for (const v of [...a, ...dz.data]) expect(Number.isFinite(v)).toBe(true);
    });
  });

  it('gelu is exact (erf-based), not the tanh approximation', () => {
    const [g1, gm1, g3, gm3, gm4] = apply('gelu', [1, -1, 3, -3, -4]);
    expectRelClose(g1, 0.8413447460685429, 1e-14);
    expectRelClose(gm1, -0.15865525393145707, 1e-14);
    // 0.5x(1 + erf(x/√2)) with erf(3/√2) from the integral; the tanh form differs here by ~1e-4 relative
    expectRelClose(g3, 3 * normalCdf(3), 1e-14);
    expectRelClose(gm3, -3 * normalCdf(-3), 1e-10);
    expectRelClose(gm4, -4 * 3.167124183311992e-5, 1e-9);
  });

  it('sigmoid, softplus and swish keep relative accuracy far in the tails', () => {
    const [s40, s800, sPos] = apply('sigmoid', [-40, -800, 800]);
    expectRelClose(s40, Math.exp(-40) / (1 + Math.exp(-40)), 1e-14);
    expect(s800).toBe(0);
    expect(sPos).toBe(1);
    const [sp30, spPos, spNeg] = apply('softplus', [-30, 1000, -1000]);
    // log(1 + e^x) = e^x − e^{2x}/2 + … for very negative x
    expectRelClose(sp30, Math.exp(-30) - Math.exp(-60) / 2, 1e-14);
    expect(spPos).toBe(1000);
    expect(spNeg).toBe(0);
    const [sw] = apply('swish', [-40]);
    expectRelClose(sw, (-40 * Math.exp(-40)) / (1 + Math.exp(-40)), 1e-14);
  });

  it('leakyRelu uses Keras 3’s slope 0.2 and selu the self-normalizing constants', () => {
    expect(Array.from(apply('leakyRelu', [-2, 3]))).toEqual([-0.4, 3]);
    const [neg, pos] = apply('selu', [-1e3, 2]);
    expectRelClose(neg, -SELU_SCALE * SELU_ALPHA, 1e-15);
    expectRelClose(pos, 2 * SELU_SCALE, 1e-15);
  });

  describe('softmax', () => {
    it('matches exp(x_i) / Σ exp(x_j) row by row', () => {
      const rng = new Rng(5);
      const z = randomTensor([4, 6], rng, -3, 3);
      const a = apply('softmax', Array.from(z.data), [4, 6]);
      for (let r = 0; r < 4; r++) {
        const row = Array.from(z.data.subarray(r * 6, r * 6 + 6));
        const denom = row.reduce((s, v) => s + Math.exp(v), 0);
        row.forEach((v, j) => expectRelClose(a[r * 6 + j], Math.exp(v) / denom, 1e-14));
      }
    });

    it('rows sum to 1', () => {
      const z = randomTensor([7, 13], new Rng(6), -10, 10);
      const a = apply('softmax', Array.from(z.data), [7, 13]);
      for (let r = 0; r < 7; r++) {
        const sum = a.subarray(r * 13, r * 13 + 13).reduce((s, v) => s + v, 0);
        expect(sum).toBeCloseTo(1, 14);
      }
    });

    it('is stable for large inputs: [1000, 1001, 1002] equals softmax([0, 1, 2])', () => {
      const denom = 1 + Math.E + Math.E ** 2;
      const expected = [1 / denom, Math.E / denom, Math.E ** 2 / denom];
      const rows = [
        [1000, 1001, 1002],
        [-1002, -1001, -1000],
      ];
      const a = apply('softmax', rows.flat(), [2, 3]);
      expect(Array.from(a).every(Number.isFinite)).toBe(true);
      expected.forEach((e, j) => {
        expectRelClose(a[j], e, 1e-14);
        expectRelClose(a[3 + j], e, 1e-14);
      });
      const [low, mid, high] = apply('softmax', [-1000, 0, 1000]);
      expect([low, mid, high]).toEqual([0, 0, 1]);
    });

    it('backward matches central differences (full Jacobian per row)', () => {
      const z = randomTensor([5, 4], new Rng(8), -3, 3);
      expectGradientsMatch([gradCheckActivation(activations.softmax, z, { seed: 9 })]);
    });

    it('a single column is the constant 1 with zero gradient', () => {
      const z = new Tensor(Float64Array.from([-3, 0.5, 7]), [3, 1], 'float64');
      const a = zeros([3, 1], 'float64');
      activations.softmax.forward(z, a);
      expect(Array.from(a.data)).toEqual([1, 1, 1]);
      const dz = zeros([3, 1], 'float64');
      activations.softmax.backward(z, a, new Tensor(Float64Array.from([1, -2, 3]), [3, 1], 'float64'), dz);
      expect(Array.from(dz.data)).toEqual([0, 0, 0]);
    });
  });

  it('the grad check flags a derivative that is off by 1e-5 relative', () => {
    const wrong = {
      name: 'wrongTanh',
      forward: activations.tanh.forward,
      backward: (z: Tensor, a: Tensor, dy: Tensor, dz: Tensor) => {
        activations.tanh.backward(z, a, dy, dz);
        for (let i = 0; i < dz.size; i++) dz.data[i] *= 1 + 1e-5;
      },
    };
    const z = randomTensor([3, 4], new Rng(2), -2, 2);
    expect(gradCheckActivation(wrong, z).relError).toBeGreaterThan(1e-6);
  });

  it('getActivation resolves names and rejects unknown ones with a ConfigError', () => {
    expect(getActivation('relu', 'test').name).toBe(activations.relu.name);
    expect(() => getActivation('rleu', 'test')).toThrow(ConfigError);
    expect(() => getActivation('toString', 'test')).toThrow(ConfigError);
  });
});
