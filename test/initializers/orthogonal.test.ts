import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { Rng } from '../../src/core/rng.js';
import { orthogonal } from '../../src/initializers/orthogonal.js';
import { zeros } from '../../src/tensor/tensor.js';

/** W·Wᵀ (wide) or Wᵀ·W (tall): the identity times gain² for a (semi-)orthogonal W. */
function gram(data: ArrayLike<number>, rows: number, cols: number): number[][] {
  const n = Math.min(rows, cols);
  const at = (i: number, j: number) => data[i * cols + j];
  return Array.from({ length: n }, (_, a) =>
    Array.from({ length: n }, (_, b) => {
      let sum = 0;
      if (rows >= cols) for (let i = 0; i < rows; i++) sum += at(i, a) * at(i, b);
      else for (let j = 0; j < cols; j++) sum += at(a, j) * at(b, j);
      return sum;
    }),
  );
}

describe('orthogonal()', () => {
  it.each([
    [5, 5, 1],
    [8, 3, 1],
    [3, 8, 1],
    [4, 16, 2.5],
  ])('[%i, %i] with gain %f is orthogonal up to the gain', (rows, cols, gain) => {
    const w = zeros([rows, cols], 'float64');
    orthogonal({ gain }).fill(w, new Rng(1));
    gram(w.data, rows, cols).forEach((row, a) =>
      row.forEach((v, b) => expect(v).toBeCloseTo(a === b ? gain * gain : 0, 12)),
    );
  });

  it('folds leading dimensions into rows, as Keras', () => {
    const w = zeros([2, 3, 4], 'float64');
    orthogonal().fill(w, new Rng(2));
    gram(w.data, 6, 4).forEach((row, a) => row.forEach((v, b) => expect(v).toBeCloseTo(a === b ? 1 : 0, 12)));
  });

  it('draws from the model generator, or its own seed; Q is sign-corrected so R has a positive diagonal', () => {
    const fill = (init: st.Initializer, seed: number) => {
      const w = zeros([4, 4], 'float64');
      init.fill(w, new Rng(seed));
      return Array.from(w.data);
    };
    expect(fill(orthogonal(), 1)).toEqual(fill(orthogonal(), 1));
    expect(fill(orthogonal(), 1)).not.toEqual(fill(orthogonal(), 2));
    expect(fill(orthogonal({ seed: 9 }), 1)).toEqual(fill(orthogonal({ seed: 9 }), 2));
    // Q's first column is the first column of the normal draw, normalized: same signs
    const rng = new Rng(5);
    const first = Array.from({ length: 16 }, () => rng.normal()).filter((_, i) => i % 4 === 0);
    const q = fill(orthogonal(), 5).filter((_, i) => i % 4 === 0);
    q.forEach((v, i) => expect(Math.sign(v)).toBe(Math.sign(first[i])));
  });

  it('is named in configs and refuses a gain that is not finite', () => {
    expect(orthogonal({ gain: 2, seed: 3 }).config()).toEqual({ gain: 2, seed: 3 });
    expect(orthogonal().className).toBe('Orthogonal');
    expect(() => orthogonal({ gain: NaN })).toThrow(/gain to be a finite number/);
    expect(st.initializers.orthogonal).toBe(orthogonal);
  });
});
