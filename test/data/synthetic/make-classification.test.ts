import { describe, expect, it } from 'vitest';
import { datasets } from '../../../src/data/index.js';
import type { Tensor } from '../../../src/tensor/tensor.js';
import { classCounts, columnMean } from '../stats.js';

/** Largest residual of column `target` regressed on `sources` by least squares (normal equations). */
function residual(x: Tensor, sources: number[], target: number): number {
  const [rows, cols] = x.shape;
  const at = (r: number, j: number) => x.data[r * cols + j];
  const k = sources.length;
  const m = sources.map((a) => [...sources.map((b) => 0 * a + 0 * b), 0]);
  for (let r = 0; r < rows; r++)
    sources.forEach((a, i) => {
      sources.forEach((b, j) => (m[i][j] += at(r, a) * at(r, b)));
      m[i][k] += at(r, a) * at(r, target);
    });
  for (let i = 0; i < k; i++)
    for (let i2 = 0; i2 < k; i2++)
      if (i2 !== i) {
        const f = m[i2][i] / m[i][i];
        for (let j = 0; j <= k; j++) m[i2][j] -= f * m[i][j];
      }
  const w = m.map((row, i) => row[k] / row[i]);
  let worst = 0;
  for (let r = 0; r < rows; r++)
    worst = Math.max(worst, Math.abs(at(r, target) - sources.reduce((s, a, i) => s + w[i] * at(r, a), 0)));
  return worst;
}

describe('datasets.makeClassification', () => {
  it('gives [samples, features] and balanced classes when no labels are flipped', () => {
    const { x, y } = datasets.makeClassification({ samples: 99, classes: 3, informative: 3, flipY: 0, seed: 1 });
    expect(x.shape).toEqual([99, 20]);
    expect(y.shape).toEqual([99, 1]);
    expect(classCounts(y)).toEqual({ 0: 33, 1: 33, 2: 33 });
  });

  it('makes redundant columns exact linear combinations of the informative ones, and the rest noise', () => {
    const { x } = datasets.makeClassification({
      samples: 200,
      features: 8,
      informative: 3,
      redundant: 2,
      shuffle: false,
      dtype: 'float64',
      seed: 2,
    });
    expect(residual(x, [0, 1, 2], 3)).toBeLessThan(1e-9);
    expect(residual(x, [0, 1, 2], 4)).toBeLessThan(1e-9);
    for (const noise of [5, 6, 7]) expect(residual(x, [0, 1, 2], noise)).toBeGreaterThan(1);
  });

  it('centres each class on a hypercube vertex in the informative columns and nowhere else', () => {
    const classSep = 2;
    const { x, y } = datasets.makeClassification({
      samples: 4000,
      features: 5,
      informative: 2,
      redundant: 0,
      clustersPerClass: 1,
      classSep,
      flipY: 0,
      shuffle: false,
      seed: 3,
    });
    const means = [0, 1].map((c) => [0, 1, 2, 3, 4].map((j) => columnMean(x, j, (r) => y.data[r] === c)));
    for (const c of [0, 1]) for (const j of [0, 1]) expect(Math.abs(means[c][j])).toBeCloseTo(classSep, 0);
    expect(Math.max(Math.abs(means[0][0] - means[1][0]), Math.abs(means[0][1] - means[1][1]))).toBeGreaterThan(3);
    for (const j of [2, 3, 4]) expect(Math.abs(means[0][j] - means[1][j])).toBeLessThan(0.15);
  });

  it('flips about a flipY share of labels to random classes', () => {
    const options = { samples: 4000, clustersPerClass: 1, shuffle: false, seed: 4 };
    const clean = datasets.makeClassification({ ...options, flipY: 0 }).y.data;
    const noisy = datasets.makeClassification({ ...options, flipY: 0.5 }).y.data;
    const changed = noisy.filter((v, i) => v !== clean[i]).length / noisy.length;
    expect(changed).toBeGreaterThan(0.2);
    expect(changed).toBeLessThan(0.3);
  });

  it('shuffles rows and columns of the same draw', () => {
    const options = { samples: 50, features: 6, seed: 5, dtype: 'float64' } as const;
    const plain = datasets.makeClassification({ ...options, shuffle: false }).x;
    const mixed = datasets.makeClassification({ ...options, shuffle: true }).x;
    const columns = (t: Tensor) =>
      [0, 1, 2, 3, 4, 5].map((j) => Array.from({ length: 50 }, (_, r) => t.data[r * 6 + j]).sort((a, b) => a - b));
    expect(mixed.data).not.toEqual(plain.data);
    expect(columns(mixed).map(String).sort()).toEqual(columns(plain).map(String).sort());
  });

  it('is deterministic per seed and differs across seeds', () => {
    expect(datasets.makeClassification({ seed: 6 }).x.data).toEqual(datasets.makeClassification({ seed: 6 }).x.data);
    expect(datasets.makeClassification({ seed: 6 }).x.data).not.toEqual(
      datasets.makeClassification({ seed: 7 }).x.data,
    );
  });

  it('rejects feature counts that do not add up and more clusters than vertices', () => {
    expect(() =>
      datasets.makeClassification({ features: 4, informative: 3, redundant: 2 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: makeClassification(): expected informative + redundant ≤ features (4), got 3 + 2 = 5. Raise features, or lower informative or redundant.]`,
    );
    expect(() => datasets.makeClassification({ classes: 3, informative: 2 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: makeClassification(): expected classes × clustersPerClass ≤ 2^informative = 4, got 3 × 2 = 6. Each cluster needs its own hypercube vertex: raise informative or lower clustersPerClass.]`,
    );
    expect(() => datasets.makeClassification({ flipY: 1.5 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: makeClassification(): expected flipY in [0, 1], got 1.5. Pick a finite value for flipY inside that range.]`,
    );
  });
});
