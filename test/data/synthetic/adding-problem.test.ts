import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

describe('datasets.addingProblem', () => {
  it('marks exactly two steps, one in each half, and the target is the sum of their values', () => {
    const { x, y } = st.datasets.addingProblem({ samples: 50, length: 13, seed: 3 });
    expect(x.shape).toEqual([50, 13, 2]);
    expect(y.shape).toEqual([50, 1]);
    for (let s = 0; s < 50; s++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < 13; t++) {
        const value = x.data[(s * 13 + t) * 2];
        const marker = x.data[(s * 13 + t) * 2 + 1];
        expect(value >= 0 && value < 1).toBe(true);
        expect([0, 1]).toContain(marker);
        if (marker === 1) {
          marked.push(t);
          sum += value;
        }
      }
      expect(marked.length).toBe(2);
      expect(marked[0]).toBeLessThan(6);
      expect(marked[1]).toBeGreaterThanOrEqual(6);
      expect(y.data[s]).toBeCloseTo(sum, 6);
    }
  });

  it('predicting the mean leaves a mean squared error near 1/6 (the baseline a memoryless model gets)', () => {
    const { y } = st.datasets.addingProblem({ samples: 4000, length: 10, seed: 1, dtype: 'float64' });
    const values = Array.from(y.data);
    const mean = values.reduce((a, b) => a + b, 0) / y.size;
    const mse = values.reduce((a, b) => a + (b - mean) ** 2, 0) / y.size;
    expect(mean).toBeCloseTo(1, 1);
    expect(mse).toBeGreaterThan(0.15);
    expect(mse).toBeLessThan(0.18);
  });

  it('is seeded, and names bad options with the fix', () => {
    const a = st.datasets.addingProblem({ samples: 5, length: 8, seed: 9 });
    const b = st.datasets.addingProblem({ samples: 5, length: 8, seed: 9 });
    expect(Array.from(a.x.data)).toEqual(Array.from(b.x.data));
    expect(() => st.datasets.addingProblem({ lenght: 8 } as never)).toThrow(/Did you mean 'length'/);
    expect(() => st.datasets.addingProblem({ length: 1 })).toThrow(/length as an integer ≥ 2/);
    expect(() => st.datasets.addingProblem({ samples: 1e6, length: 100 })).toThrow(
      /expected samples × length × 2 values of at most 10,000,000, got 1000000 × 100 × 2\. Generate fewer/,
    );
  });
});

describe('datasets.noisySine', () => {
  it('windows a sine of the given period; without noise each target is the next value of the sine', () => {
    const { x, y } = st.datasets.noisySine({
      steps: 100,
      period: 25,
      noise: 0,
      window: 10,
      horizon: 2,
      dtype: 'float64',
    });
    expect(x.shape).toEqual([89, 10, 1]);
    expect(y.shape).toEqual([89, 2]);
    for (const e of [0, 40, 88]) {
      for (let t = 0; t < 10; t++) expect(x.data[e * 10 + t]).toBeCloseTo(Math.sin((2 * Math.PI * (e + t)) / 25), 12);
      expect(y.data[e * 2 + 1]).toBeCloseTo(Math.sin((2 * Math.PI * (e + 11)) / 25), 12);
    }
  });

  it('adds noise of the given size, seeded', () => {
    const clean = st.datasets.noisySine({ steps: 2000, noise: 0, window: 1, dtype: 'float64' });
    const noisy = st.datasets.noisySine({ steps: 2000, noise: 0.3, window: 1, seed: 2, dtype: 'float64' });
    let sq = 0;
    for (let i = 0; i < clean.y.size; i++) sq += (noisy.y.data[i] - clean.y.data[i]) ** 2;
    expect(Math.sqrt(sq / clean.y.size)).toBeCloseTo(0.3, 1);
    const again = st.datasets.noisySine({ steps: 2000, noise: 0.3, window: 1, seed: 2, dtype: 'float64' });
    expect(Array.from(again.y.data)).toEqual(Array.from(noisy.y.data));
    expect(() => st.datasets.noisySine({ period: 0 })).toThrow(/noisySine\(\): expected period ≥/);
  });
});
