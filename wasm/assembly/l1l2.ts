// Keras' L1L2 weight penalty and its gradient in one pass; the sums accumulate in float64 lanes
import { at, ld, st } from './simd';

function widen(sum: v128, v: v128): v128 {
  return f64x2.add(
    f64x2.add(sum, f64x2.promote_low_f32x4(v)),
    f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3)),
  );
}

/** Returns l1·Σ|w| + l2·Σw²; with grad (not 0), also grad += l1·sign(w) + 2·l2·w. */
export function l1l2(w: usize, grad: usize, n: i32, l1: f32, l2: f32): f64 {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const vl1 = f32x4.splat(l1);
  const vl2 = f32x4.splat(2 * l2);
  let abs = f64x2.splat(0);
  let sq = f64x2.splat(0);
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const v = ld(w + at(i), r);
    abs = widen(abs, f32x4.abs(v));
    sq = widen(sq, f32x4.mul(v, v));
    if (grad != 0) {
      const sign = f32x4.sub(v128.and(f32x4.gt(v, zero), one), v128.and(f32x4.lt(v, zero), one));
      const step = f32x4.add(f32x4.mul(vl1, sign), f32x4.mul(vl2, v));
      st(grad + at(i), f32x4.add(ld(grad + at(i), r), step), r);
    }
  }
  const a = f64x2.extract_lane(abs, 0) + f64x2.extract_lane(abs, 1);
  const s = f64x2.extract_lane(sq, 0) + f64x2.extract_lane(sq, 1);
  return <f64>l1 * a + <f64>l2 * s;
}
