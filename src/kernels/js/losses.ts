import type { FloatArray } from '../../core/types.js';

/** Where cross-entropy clips probabilities, as Keras: [1e-7, 1 − 1e-7]. */
export const EPSILON = 1e-7;

const weightAt = (weights: FloatArray | null, i: number, cols: number): number =>
  weights === null ? 1 : weights[(i / cols) | 0];

export function binaryCrossentropy(
  p: FloatArray,
  y: FloatArray,
  weights: FloatArray | null,
  rows: number,
  cols: number,
): number {
  let sum = 0;
  for (let i = 0; i < rows * cols; i++) {
    const q = Math.min(Math.max(p[i], EPSILON), 1 - EPSILON);
    sum -= weightAt(weights, i, cols) * (y[i] * Math.log(q) + (1 - y[i]) * Math.log(1 - q));
  }
  return sum;
}

export function categoricalCrossentropy(
  p: FloatArray,
  y: FloatArray,
  weights: FloatArray | null,
  rows: number,
  cols: number,
): number {
  let sum = 0;
  for (let i = 0; i < rows * cols; i++)
    if (y[i] !== 0) sum -= weightAt(weights, i, cols) * y[i] * Math.log(Math.max(p[i], EPSILON));
  return sum;
}

export function outputGradient(
  a: FloatArray,
  y: FloatArray,
  weights: FloatArray | null,
  dz: FloatArray,
  rows: number,
  cols: number,
  scale: number,
): void {
  for (let i = 0; i < rows * cols; i++) dz[i] = scale * weightAt(weights, i, cols) * (a[i] - y[i]);
}
