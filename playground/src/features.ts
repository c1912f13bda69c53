// Input feature crosses (TensorFlow Playground's): the network sees the chosen functions of the two coordinates.
import type { FeatureId } from './state.js';

const FEATURE_FNS: Record<FeatureId, (a: number, b: number) => number> = {
  x1: (a) => a,
  x2: (_, b) => b,
  x1sq: (a) => a * a,
  x2sq: (_, b) => b * b,
  x1x2: (a, b) => a * b,
  sinx1: (a) => Math.sin(a),
  sinx2: (_, b) => Math.sin(b),
};

/** The same functions as TypeScript source, for "show code". */
export const FEATURE_SOURCE: Record<FeatureId, string> = {
  x1: 'a',
  x2: 'b',
  x1sq: 'a * a',
  x2sq: 'b * b',
  x1x2: 'a * b',
  sinx1: 'Math.sin(a)',
  sinx2: 'Math.sin(b)',
};

/** Rows of two coordinates → rows of the chosen features; tables of other widths pass through unchanged. */
export function featurize(x: Float32Array, cols: number, features: readonly FeatureId[]): Float32Array {
  if (cols !== 2) return x;
  const rows = x.length / 2;
  const out = new Float32Array(rows * features.length);
  const fns = features.map((f) => FEATURE_FNS[f]);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < fns.length; j++) out[r * fns.length + j] = fns[j](x[2 * r], x[2 * r + 1]);
  return out;
}
