// shared SIMD helpers: fused multiply-add where the build has relaxed SIMD, and loads/stores of partial vectors

/** a·b + c: one rounding with relaxed SIMD (FMA), two without. */
export function madd(a: v128, b: v128, c: v128): v128 {
  return ASC_FEATURE_RELAXED_SIMD ? f32x4.relaxed_madd(a, b, c) : f32x4.add(f32x4.mul(a, b), c);
}

/** The vector at p, or its first r < 4 lanes with the rest zero (so a tail never reads past its array). */
export function ld(p: usize, r: i32): v128 {
  if (r >= 4) return v128.load(p);
  let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(p));
  if (r > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (r > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Stores v at p, or only its first r < 4 lanes. */
export function st(p: usize, v: v128, r: i32): void {
  if (r >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (r > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (r > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

/** Two floats at p widened to f64x2, or one (lane 1 zero) when r is 1. */
export function ld2(p: usize, r: i32): v128 {
  if (r >= 2) return f64x2.promote_low_f32x4(v128.load64_zero(p));
  return f64x2.replace_lane(f64x2.splat(0), 0, <f64>load<f32>(p));
}

/** Stores an f64x2 at p as two floats, or only lane 0 when r is 1. */
export function st2(p: usize, v: v128, r: i32): void {
  if (r >= 2) v128.store64_lane(p, f32x4.demote_f64x2_zero(v), 0);
  else store<f32>(p, <f32>f64x2.extract_lane(v, 0));
}

/** Sum of the four lanes. */
export function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** Byte offset of element i. */
export function at(i: i32): usize {
  return (<usize>i) << 2;
}
