import { Rng } from '../core/rng.js';
import { assertFinite, type Initializer, type SeedConfig } from './initializer.js';
import { checkOptionsObject } from '../core/options.js';

export interface OrthogonalConfig extends SeedConfig {
  /** Multiplies the orthogonal matrix (Keras' `gain`, default 1). */
  gain?: number;
}

/**
 * Q of [rows, cols] (rows ≥ cols) from the QR factorization of `a`, by modified Gram–Schmidt on its columns. Its R has
 * a positive diagonal, so this Q is what Keras' `q · sign(diag(r))` sign correction makes of any QR's Q.
 */
function orthonormalColumns(a: Float64Array, rows: number, cols: number): Float64Array {
  for (let j = 0; j < cols; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += a[i * cols + p] * a[i * cols + j];
      for (let i = 0; i < rows; i++) a[i * cols + j] -= dot * a[i * cols + p];
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += a[i * cols + j] ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) a[i * cols + j] /= norm;
  }
  return a;
}

/**
 * A (semi-)orthogonal matrix times `gain`, as Keras: Q of the QR factorization of a standard normal matrix, sign
 * corrected; leading dimensions are folded into rows. The Keras default for recurrent kernels.
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const w = st.tensor([[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
 * st.initializers.orthogonal({ seed: 1 }).fill(w, new st.Rng(0));
 * const row = (i: number) => Array.from(w.data.subarray(i * 3, i * 3 + 3));
 * const dot = row(0).reduce((s, v, j) => s + v * row(1)[j], 0);
 * console.log(Math.abs(dot) < 1e-6); // true
 * ```
 */
export function orthogonal(config: OrthogonalConfig = {}): Initializer {
  checkOptionsObject('orthogonal()', config);
  const gain = assertFinite('orthogonal()', 'gain', config.gain ?? 1);
  const seed = config.seed ?? null;
  return {
    className: 'Orthogonal',
    fill(t, rng) {
      const source = seed === null ? rng : new Rng(seed);
      const cols = t.shape.length === 0 ? 1 : t.shape[t.shape.length - 1];
      const rows = cols === 0 ? 0 : t.size / cols;
      const [tall, narrow] = [Math.max(rows, cols), Math.min(rows, cols)];
      const a = new Float64Array(tall * narrow);
      for (let i = 0; i < a.length; i++) a[i] = source.normal();
      const q = orthonormalColumns(a, tall, narrow);
      // a wide matrix is the transpose of the tall one
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) t.data[i * cols + j] = gain * (rows >= cols ? q[i * cols + j] : q[j * rows + i]);
    },
    config: () => ({ gain, seed }),
  };
}
