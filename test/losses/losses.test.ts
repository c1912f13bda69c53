import { describe, expect, it } from 'vitest';
import { activations } from '../../src/activations/index.js';
import { ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { fusedGradient, losses, resolveLoss, type LossName } from '../../src/losses/index.js';
import type { Loss } from '../../src/losses/loss.js';
import { Tensor, zeros } from '../../src/tensor/tensor.js';
import {
  expectGradientsMatch,
  gradCheckLoss,
  numericGradient,
  randomArray,
  randomTensor,
  relativeError,
} from '../helpers/grad-check.js';

const f64 = (rows: number[][]): Tensor =>
  new Tensor(Float64Array.from(rows.flat()), [rows.length, rows[0].length], 'float64');

function gradientOf(loss: Loss, yPred: Tensor, yTrue: Tensor): number[] {
  const dy = zeros(yPred.shape, yPred.dtype);
  dy.data.fill(NaN);
  loss.gradient(yPred, yTrue, dy);
  // + 0 turns −0 into 0 for exact comparisons
  return Array.from(dy.data, (v) => v + 0);
}

/** y with exactly one 1 per row, at a random column. */
function oneHot(rows: number, cols: number, rng: Rng): { ids: Tensor; y: Tensor } {
  const ids = zeros([rows, 1], 'float64');
  const y = zeros([rows, cols], 'float64');
  for (let r = 0; r < rows; r++) {
    const c = rng.int(cols);
    ids.data[r] = c;
    y.data[r * cols + c] = 1;
  }
  return { ids, y };
}

const CLIP = 1e-7;

describe('losses: values against hand-computed numbers', () => {
  it('the name table holds exactly the losses tested here', () => {
    expect(Object.keys(losses).sort()).toEqual(
      [
        'binaryCrossentropy',
        'categoricalCrossentropy',
        'huber',
        'meanAbsoluteError',
        'meanSquaredError',
        'sparseCategoricalCrossentropy',
      ].sort(),
    );
    for (const [key, loss] of Object.entries(losses)) expect(loss.name).toBe(key);
  });

  it('meanSquaredError averages over every element', () => {
    // errors 0, 1, 2, 3 → (0 + 1 + 4 + 9) / 4
    expect(
      losses.meanSquaredError.value(
        f64([
          [1, 2],
          [3, 4],
        ]),
        f64([
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toBeCloseTo(3.5, 14);
  });

  it('meanAbsoluteError averages |e| over every element', () => {
    // |errors| 0, 1, 2, 3 → 6 / 4
    expect(
      losses.meanAbsoluteError.value(
        f64([
          [1, 2],
          [3, -2],
        ]),
        f64([
          [1, 1],
          [1, 1],
        ]),
      ),
    ).toBeCloseTo(1.5, 14);
  });

  it('huber is ½e² inside |e| ≤ 1 and |e| − ½ outside', () => {
    // e = 0, 0.5, 2, −3 → 0 + 0.125 + 1.5 + 2.5 = 4.125, over 4 elements
    const value = losses.huber.value(
      f64([
        [0, 0.5],
        [2, -3],
      ]),
      f64([
        [0, 0],
        [0, 0],
      ]),
    );
    expect(value).toBeCloseTo(1.03125, 14);
    // at |e| = 1 both pieces give ½
    expect(losses.huber.value(f64([[1]]), f64([[0]]))).toBeCloseTo(0.5, 14);
  });

  it('binaryCrossentropy is −mean(y log p + (1 − y) log(1 − p))', () => {
    const value = losses.binaryCrossentropy.value(
      f64([
        [0.9, 0.4],
        [0.2, 0.7],
      ]),
      f64([
        [1, 0],
        [0, 0.25],
      ]),
    );
    const expected = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.8) + 0.25 * Math.log(0.7) + 0.75 * Math.log(0.3)) / 4;
    expect(value).toBeCloseTo(expected, 14);
  });

  it('binaryCrossentropy clips p to [1e-7, 1 − 1e-7] and passes no gradient through the clip', () => {
    const yPred = f64([[0, 1, 0.5]]);
    const yTrue = f64([[1, 0, 1]]);
    const expected = (-Math.log(CLIP) - Math.log(1 - (1 - CLIP)) - Math.log(0.5)) / 3;
    expect(losses.binaryCrossentropy.value(yPred, yTrue)).toBeCloseTo(expected, 10);
    const dy = gradientOf(losses.binaryCrossentropy, yPred, yTrue);
    expect(dy[0]).toBe(0);
    expect(dy[1]).toBe(0);
    // d/dp −log p = −1/p, over 3 elements
    expect(dy[2]).toBeCloseTo(-1 / 0.5 / 3, 14);
  });

  it('categoricalCrossentropy is −Σ y log p per row, averaged over rows', () => {
    const yPred = f64([
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
      [0.3, 0.5, 0.2],
    ]);
    const yTrue = f64([
      [1, 0, 0],
      [0, 0, 1],
      [0.5, 0.5, 0],
    ]);
    const expected = -(Math.log(0.7) + Math.log(0.8) + 0.5 * Math.log(0.3) + 0.5 * Math.log(0.5)) / 3;
    expect(losses.categoricalCrossentropy.value(yPred, yTrue)).toBeCloseTo(expected, 14);
  });

  it('categoricalCrossentropy clips p at 1e-7 and passes no gradient below it', () => {
    const yPred = f64([[0, 0.6, 0.4]]);
    const yTrue = f64([[1, 0, 0]]);
    expect(losses.categoricalCrossentropy.value(yPred, yTrue)).toBeCloseTo(-Math.log(CLIP), 12);
    expect(gradientOf(losses.categoricalCrossentropy, yPred, yTrue)).toEqual([0, 0, 0]);
  });

  it('sparseCategoricalCrossentropy is −mean log p[class]', () => {
    const yPred = f64([
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
    ]);
    const ids = f64([[0], [2]]);
    expect(losses.sparseCategoricalCrossentropy.value(yPred, ids)).toBeCloseTo(
      -(Math.log(0.7) + Math.log(0.8)) / 2,
      14,
    );
    expect(gradientOf(losses.sparseCategoricalCrossentropy, yPred, ids)).toEqual([
      -1 / (2 * 0.7),
      0,
      0,
      0,
      0,
      -1 / (2 * 0.8),
    ]);
    const clipped = f64([[0, 1]]);
    expect(losses.sparseCategoricalCrossentropy.value(clipped, f64([[0]]))).toBeCloseTo(-Math.log(CLIP), 12);
    expect(gradientOf(losses.sparseCategoricalCrossentropy, clipped, f64([[0]]))).toEqual([0, 0]);
  });

  it('sparseCategoricalCrossentropy equals categoricalCrossentropy on the one-hot labels', () => {
    const rng = new Rng(21);
    const yPred = randomTensor([6, 5], rng, 0.05, 1);
    const { ids, y } = oneHot(6, 5, rng);
    const sparse = losses.sparseCategoricalCrossentropy;
    const dense = losses.categoricalCrossentropy;
    expect(sparse.value(yPred, ids)).toBeCloseTo(dense.value(yPred, y), 14);
    expect(relativeError(gradientOf(sparse, yPred, ids), gradientOf(dense, yPred, y))).toBeLessThan(1e-15);
  });

  it('resolveLoss takes a name or a Loss object and rejects unknown names', () => {
    expect(resolveLoss('huber', 'compile()').name).toBe(losses.huber.name);
    expect(resolveLoss(losses.meanAbsoluteError, 'compile()')).toBe(losses.meanAbsoluteError);
    expect(() => resolveLoss('meanSquareError', 'compile()')).toThrow(ConfigError);
    expect(() => resolveLoss('constructor', 'compile()')).toThrow(ConfigError);
  });
});

describe('losses: gradients against central differences in float64', () => {
  const rows = 4;
  const cols = 3;

  /** yPred and yTrue for each loss, kept off the kinks (e = 0, |e| = 1) and inside the clip. */
  const cases: Record<LossName, (rng: Rng) => [Tensor, Tensor]> = {
    meanSquaredError: (rng) => [randomTensor([rows, cols], rng, -2, 2), randomTensor([rows, cols], rng, -2, 2)],
    meanAbsoluteError: (rng) => {
      const yTrue = randomTensor([rows, cols], rng, -2, 2);
      const yPred = yTrue.clone();
      for (let i = 0; i < yPred.size; i++) yPred.data[i] += (i % 2 ? 1 : -1) * rng.uniform(0.05, 1);
      return [yPred, yTrue];
    },
    huber: (rng) => {
      const yTrue = randomTensor([rows, cols], rng, -2, 2);
      const yPred = yTrue.clone();
      // alternate the quadratic (|e| < 1) and linear (|e| > 1) pieces, both signs
      for (let i = 0; i < yPred.size; i++)
        yPred.data[i] += (i % 3 ? 1 : -1) * (i % 2 ? rng.uniform(0.05, 0.9) : rng.uniform(1.1, 3));
      return [yPred, yTrue];
    },
    binaryCrossentropy: (rng) => {
      const yTrue = randomTensor([rows, cols], rng, 0, 1);
      for (let i = 0; i < yTrue.size; i += 2) yTrue.data[i] = Math.round(yTrue.data[i]);
      return [randomTensor([rows, cols], rng, 0.05, 0.95), yTrue];
    },
    categoricalCrossentropy: (rng) => [randomTensor([rows, cols], rng, 0.05, 1), oneHot(rows, cols, rng).y],
    sparseCategoricalCrossentropy: (rng) => [randomTensor([rows, cols], rng, 0.05, 1), oneHot(rows, cols, rng).ids],
  };

  it.each(Object.keys(cases) as LossName[])('%s', (name) => {
    const [yPred, yTrue] = cases[name](new Rng(100 + name.length));
    expectGradientsMatch([gradCheckLoss(losses[name], yPred, yTrue)]);
  });

  it('the gradient is of the batch mean: doubling the batch halves it', () => {
    const rng = new Rng(31);
    const yPred = randomTensor([2, 3], rng, 0.1, 0.9);
    const yTrue = randomTensor([2, 3], rng, 0, 1);
    const twice = (t: Tensor) => new Tensor(Float64Array.from([...t.data, ...t.data]), [4, 3], 'float64');
    for (const loss of Object.values(losses)) {
      if (loss.targets === 'classIds') continue;
      const once = gradientOf(loss, yPred, yTrue);
      const doubled = gradientOf(loss, twice(yPred), twice(yTrue));
      once.forEach((g, i) => {
        expect(doubled[i]).toBeCloseTo(g / 2, 14);
        expect(doubled[i + 6]).toBeCloseTo(g / 2, 14);
      });
      expect(loss.value(twice(yPred), twice(yTrue))).toBeCloseTo(loss.value(yPred, yTrue), 14);
    }
  });
});

describe('fused output gradients', () => {
  const rows = 5;
  const cols = 4;

  interface FusedCase {
    activation: 'sigmoid' | 'softmax';
    loss: LossName;
    targets: (rng: Rng) => Tensor;
  }
  const pairs: FusedCase[] = [
    {
      activation: 'sigmoid',
      loss: 'binaryCrossentropy',
      targets: (rng) => {
        const y = randomTensor([rows, cols], rng, 0, 1);
        for (let i = 0; i < y.size; i += 2) y.data[i] = Math.round(y.data[i]);
        return y;
      },
    },
    { activation: 'softmax', loss: 'categoricalCrossentropy', targets: (rng) => oneHot(rows, cols, rng).y },
    { activation: 'softmax', loss: 'sparseCategoricalCrossentropy', targets: (rng) => oneHot(rows, cols, rng).ids },
  ];

  describe.each(pairs)('$activation + $loss', ({ activation, loss, targets }) => {
    const setup = () => {
      const rng = new Rng(7);
      // |z| ≤ 4 keeps every probability inside [1e-7, 1 − 1e-7], where the loss's clip is inactive
      const z = randomTensor([rows, cols], rng, -4, 4);
      const yTrue = targets(rng);
      const a = zeros(z.shape, 'float64');
      activations[activation].forward(z, a);
      const fused = fusedGradient(activation, loss);
      if (fused === undefined) throw new Error(`no fused gradient for ${activation}+${loss}`);
      const dzFused = zeros(z.shape, 'float64');
      fused(a, yTrue, dzFused);
      return { z, a, yTrue, dzFused };
    };

    it('equals the chain rule: loss.gradient, then activation.backward', () => {
      const { z, a, yTrue, dzFused } = setup();
      const dy = zeros(z.shape, 'float64');
      losses[loss].gradient(a, yTrue, dy);
      const dzChain = zeros(z.shape, 'float64');
      activations[activation].backward(z, a, dy, dzChain);
      for (let i = 0; i < z.size; i++)
        expect(Math.abs(dzFused.data[i] - dzChain.data[i])).toBeLessThanOrEqual(
          1e-12 * Math.abs(dzChain.data[i]) + 1e-16,
        );
    });

    it('equals central differences of loss(activation(z)) with respect to z', () => {
      const { z, yTrue, dzFused } = setup();
      const lossOf = () => {
        const a = zeros(z.shape, 'float64');
        activations[activation].forward(z, a);
        return [losses[loss].value(a, yTrue)];
      };
      const numeric = numericGradient(z.data, lossOf, [1]);
      expect(relativeError(dzFused.data, numeric)).toBeLessThan(1e-6);
    });

    it('is (a − y) / batch for one-hot or 0/1 targets', () => {
      const { a, yTrue, dzFused } = setup();
      const dense = loss === 'sparseCategoricalCrossentropy' ? zeros([rows, cols], 'float64') : yTrue;
      if (loss === 'sparseCategoricalCrossentropy')
        for (let r = 0; r < rows; r++) dense.data[r * cols + yTrue.data[r]] = 1;
      const divisor = loss === 'binaryCrossentropy' ? rows * cols : rows;
      for (let i = 0; i < a.size; i++) expect(dzFused.data[i]).toBeCloseTo((a.data[i] - dense.data[i]) / divisor, 15);
    });
  });

  it('stays finite where the unfused chain would saturate', () => {
    const a = f64([[1 - 1e-12, 1e-12]]);
    const dz = zeros([1, 2], 'float64');
    fusedGradient('sigmoid', 'binaryCrossentropy')!(a, f64([[0, 1]]), dz);
    expect(dz.data[0]).toBeCloseTo((1 - 1e-12) / 2, 15);
    expect(dz.data[1]).toBeCloseTo((1e-12 - 1) / 2, 15);
  });

  it('exists only for the three named pairs', () => {
    expect(fusedGradient(undefined, 'binaryCrossentropy')).toBeUndefined();
    expect(fusedGradient('sigmoid', 'categoricalCrossentropy')).toBeUndefined();
    expect(fusedGradient('softmax', 'binaryCrossentropy')).toBeUndefined();
    expect(fusedGradient('relu', 'meanSquaredError')).toBeUndefined();
    expect(fusedGradient('linear', 'meanSquaredError')).toBeUndefined();
    expect(fusedGradient('sigmoid', 'binaryCrossentropy')).toBeTypeOf('function');
  });

  it('softmax + sparse subtracts 1/batch at the class id (batch of one)', () => {
    const a = zeros([1, 3], 'float64');
    const z = new Tensor(Float64Array.from(randomArray(3, new Rng(4))), [1, 3], 'float64');
    activations.softmax.forward(z, a);
    const dz = zeros([1, 3], 'float64');
    fusedGradient('softmax', 'sparseCategoricalCrossentropy')!(a, f64([[1]]), dz);
    expect(Array.from(dz.data)).toEqual([a.data[0], a.data[1] - 1, a.data[2]]);
  });
});
