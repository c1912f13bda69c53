import { xoshiro128 } from '../../core/rng.js';
import type { FloatArray } from '../../core/types.js';

export function dropoutMask(state: Int32Array, mask: FloatArray, rate: number, scale: number): void {
  const limit = Math.ceil(rate * 2 ** 32);
  for (let i = 0; i < mask.length; i++) mask[i] = xoshiro128(state) < limit ? 0 : scale;
}
