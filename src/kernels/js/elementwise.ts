import type { FloatArray } from '../../core/types.js';
import { erf } from './erf.js';

const INV_SQRT_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function sigmoidOf(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export function relu(x: FloatArray, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : 0;
}
export function reluBackward(z: FloatArray, dy: FloatArray, dz: FloatArray): void {
  for (let i = 0; i < z.length; i++) dz[i] = z[i] > 0 ? dy[i] : 0;
}

export function leakyRelu(x: FloatArray, out: FloatArray, alpha: number): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : alpha * x[i];
}
export function leakyReluBackward(z: FloatArray, dy: FloatArray, dz: FloatArray, alpha: number): void {
  for (let i = 0; i < z.length; i++) dz[i] = z[i] > 0 ? dy[i] : alpha * dy[i];
}

export function elu(x: FloatArray, out: FloatArray, alpha: number, scale: number): void {
  for (let i = 0; i < x.length; i++) out[i] = scale * (x[i] > 0 ? x[i] : alpha * Math.expm1(x[i]));
}
export function eluBackward(
  z: FloatArray,
  a: FloatArray,
  dy: FloatArray,
  dz: FloatArray,
  alpha: number,
  scale: number,
): void {
  // for z ≤ 0, d/dz scale·alpha·(eᶻ − 1) = a + scale·alpha
  for (let i = 0; i < z.length; i++) dz[i] = dy[i] * (z[i] > 0 ? scale : a[i] + scale * alpha);
}

export function sigmoid(x: FloatArray, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) out[i] = sigmoidOf(x[i]);
}
export function sigmoidBackward(a: FloatArray, dy: FloatArray, dz: FloatArray): void {
  for (let i = 0; i < a.length; i++) dz[i] = dy[i] * a[i] * (1 - a[i]);
}

export function tanh(x: FloatArray, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
}
export function tanhBackward(a: FloatArray, dy: FloatArray, dz: FloatArray): void {
  for (let i = 0; i < a.length; i++) dz[i] = dy[i] * (1 - a[i] * a[i]);
}

export function softplus(x: FloatArray, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) out[i] = Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs(x[i])));
}
export function softplusBackward(z: FloatArray, dy: FloatArray, dz: FloatArray): void {
  for (let i = 0; i < z.length; i++) dz[i] = dy[i] * sigmoidOf(z[i]);
}

export function swish(x: FloatArray, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) out[i] = x[i] * sigmoidOf(x[i]);
}
export function swishBackward(z: FloatArray, dy: FloatArray, dz: FloatArray): void {
  for (let i = 0; i < z.length; i++) {
    const s = sigmoidOf(z[i]);
    dz[i] = dy[i] * (s + z[i] * s * (1 - s));
  }
}

/** Exact GELU, x·Φ(x), as Keras' default (approximate = false). */
export function gelu(x: FloatArray, out: FloatArray): void {
  for (let i = 0; i < x.length; i++) out[i] = 0.5 * x[i] * (1 + erf(x[i] * INV_SQRT_2));
}
export function geluBackward(z: FloatArray, dy: FloatArray, dz: FloatArray): void {
  for (let i = 0; i < z.length; i++) {
    const v = z[i];
    dz[i] = dy[i] * (0.5 * (1 + erf(v * INV_SQRT_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v));
  }
}

export function softmax(x: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (x[start + j] > max) max = x[start + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[start + j] - max);
      out[start + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) out[start + j] *= inv;
  }
}
export function softmaxBackward(a: FloatArray, dy: FloatArray, dz: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let dot = 0;
    for (let j = 0; j < cols; j++) dot += dy[start + j] * a[start + j];
    for (let j = 0; j < cols; j++) dz[start + j] = a[start + j] * (dy[start + j] - dot);
  }
}

export function mul(a: FloatArray, b: FloatArray, out: FloatArray): void {
  for (let i = 0; i < a.length; i++) out[i] = a[i] * b[i];
}
