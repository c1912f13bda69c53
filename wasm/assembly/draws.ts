// dropout masks from a xoshiro128** stream: the same draws as the host's Rng (core/rng.ts); the four state words
// are read from memory once, kept in locals, and written back
import { at } from './simd';

/** mask[i] = x < ⌈rate·2³²⌉ ? 0 : scale, x the stream's next 32-bit output (one step per entry). */
export function dropoutMask(state: usize, mask: usize, n: i32, rate: f64, scale: f32): void {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  const limit = <u64>Math.ceil(rate * 4294967296);
  for (let i = 0; i < n; i++) {
    const x = rotl<u32>(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    store<f32>(mask + at(i), select<f32>(0, scale, <u64>x < limit)); // no branch on a random bit
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}
