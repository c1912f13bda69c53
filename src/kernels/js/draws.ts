import type { FloatArray } from '../../core/types.js';

/**
 * mask[i] = x < ⌈rate·2³²⌉ ? 0 : scale, x the next output of the xoshiro128** stream in `state` (core/rng.ts's
 * xoshiro128, written out with the state in locals: a call to it per entry read and wrote the array four times).
 */
export function dropoutMask(state: Int32Array, mask: FloatArray, rate: number, scale: number): void {
  const limit = Math.ceil(rate * 2 ** 32);
  let [s0, s1, s2, s3] = state;
  for (let i = 0; i < mask.length; i++) {
    const m = Math.imul(s1, 5);
    const x = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    // a product, not a conditional: a branch on a random bit mispredicts
    mask[i] = scale * +(x >= limit);
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}
