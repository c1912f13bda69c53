// dropout masks from a xoshiro128** stream: the same draws as the host's Rng (core/rng.ts); the four state words
// are read from memory once, kept in locals, and written back
import { at } from './simd';

/** mask[i] = x < ⌈rate·2³²⌉ ? 0 : scale, x the stream's next 32-bit output (one step per entry). */
export function dropoutMask(state: usize, mask: usize, n: i32, rate: f64, scale: f32): void {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  const wide = <u64>Math.ceil(rate * 4294967296);
  // a rate within 2⁻³² of 1 drops everything: its limit, 2³², does not fit the 32-bit compare below
  const limit: u32 = wide > 0xffffffff ? 0 : <u32>wide;
  const bits: u32 = wide > 0xffffffff ? 0 : reinterpret<u32>(scale);
  // four steps per pass: the generator's dependency chain is two operations a step, so the loop's own overhead
  // decided (2.4 ns a draw one step per pass, 1.3 two, ~1 four)
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const x0 = rotl<u32>(s1 * 5, 7) * 9;
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    const x1 = rotl<u32>(s1 * 5, 7) * 9;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    const x2 = rotl<u32>(s1 * 5, 7) * 9;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    const x3 = rotl<u32>(s1 * 5, 7) * 9;
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    // integer masking, not a select of floats: V8 compiles an f32 select to a branch, and a branch on a random bit
    // mispredicts (5.7 ns a draw)
    const p = mask + at(i);
    store<u32>(p, bits & (0 - <u32>(x0 >= limit)));
    store<u32>(p, bits & (0 - <u32>(x1 >= limit)), 4);
    store<u32>(p, bits & (0 - <u32>(x2 >= limit)), 8);
    store<u32>(p, bits & (0 - <u32>(x3 >= limit)), 12);
  }
  for (; i < n; i++) {
    const x = rotl<u32>(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    store<u32>(mask + at(i), bits & (0 - <u32>(x >= limit)));
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}
