import { xoshiroDouble } from '../../core/rng.js';
import type { FloatArray } from '../../core/types.js';

export function dropoutMask(state: Int32Array, mask: FloatArray, rate: number, scale: number): void {
  for (let i = 0; i < mask.length; i++) mask[i] = xoshiroDouble(state) < rate ? 0 : scale;
}
