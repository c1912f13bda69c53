// dropout masks from a xoshiro128** stream: the same draws as the host's Rng (core/rng.ts); the four state words
// are read from memory once, kept in locals, and written back
import { at } from './simd';

/** mask[i] = u < rate ? 0 : scale, u uniform in [0, 1) from 53 bits of two steps, as Rng.next(). */
export function dropoutMask(state: usize, mask: usize, n: i32, rate: f64, scale: f32): void {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  for (let i = 0; i < n; i++) {
    let hi = rotl<u32>(s1 * 5, 7) * 9;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    let lo = rotl<u32>(s1 * 5, 7) * 9;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    hi >>>= 5;
    lo >>>= 6;
    store<f32>(mask + at(i), (<f64>hi * 67108864 + <f64>lo) / 9007199254740992 < rate ? 0 : scale);
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}
