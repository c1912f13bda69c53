import type { FloatArray } from '../../core/types.js';

export function l1l2(w: FloatArray, grad: FloatArray | null, l1: number, l2: number): number {
  let abs = 0;
  let sq = 0;
  for (let i = 0; i < w.length; i++) {
    abs += Math.abs(w[i]);
    sq += w[i] * w[i];
  }
  if (grad !== null) for (let i = 0; i < w.length; i++) grad[i] += l1 * Math.sign(w[i]) + 2 * l2 * w[i];
  return l1 * abs + l2 * sq;
}
