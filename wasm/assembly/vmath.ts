// vector exp, expm1, sigmoid and tanh for four floats at once (Cephes' single-precision polynomials)
import { madd } from './simd';

// The constants are splatted from static memory: V8 builds a v128 immediate at every use, in three instructions of
// which two run on the shuffle port, and does not hoist it out of a loop; a splatting load is one instruction (this
// halved vlog's time). Each name is the address of one float (or int); the polynomials are arrays, highest term first.
const LOG2E = memory.data<f32>([1.4426950408889634]);
const LN2_HI = memory.data<f32>([0.693359375]); // ln 2 split so that n·LN2_HI is exact
const LN2_LO = memory.data<f32>([-2.1219444e-4]);
const EXP_MIN = memory.data<f32>([-87.33654]); // below this eˣ is subnormal: returned as 0
const EXP_MAX = memory.data<f32>([88.0]); // keeps 2ⁿ finite; e⁸⁸ ≈ 1.65e38
const ROUNDER = memory.data<f32>([12582912]); // 1.5·2²³
const ROUNDER_BITS = memory.data<i32>([0x4b400000]);
const EXPONENT_BIAS = memory.data<i32>([127]);
const EXP_POLY = memory.data<f32>([
  1.98756915e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1,
]);
const EXPM1_POLY = memory.data<f32>([
  1.0 / 40320.0,
  1.0 / 5040.0,
  1.0 / 720.0,
  1.0 / 120.0,
  1.0 / 24.0,
  1.0 / 6.0,
  0.5,
]);
const TANH_POLY = memory.data<f32>([
  -5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1,
]);
const LOG_POLY = memory.data<f32>([
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
]);
const ONE = memory.data<f32>([1]);
const HALF = memory.data<f32>([0.5]);
const MINUS_HALF = memory.data<f32>([-0.5]);
const MINUS_TWO = memory.data<f32>([-2]);
const TANH_SMALL = memory.data<f32>([0.625]);
const SIGN_BIT = memory.data<i32>([0x80000000]);
const SQRT_HALF = memory.data<f32>([0.7071067811865476]);
const MANTISSA = memory.data<i32>([0x007fffff]);
const HALF_BITS = memory.data<i32>([0x3f000000]); // 0.5: a mantissa or-ed in lands in [0.5, 1)
const LOG_EXPONENT_BIAS = memory.data<i32>([126]);

/** The 32-bit constant at table + 4·i, in all four lanes. */
function s(table: usize, i: i32 = 0): v128 {
  return v128.load32_splat(table + ((<usize>i) << 2));
}

/** eˣ to about 2 ulp for x ≤ 88: x = n·ln2 + r, |r| ≤ ln2/2, eʳ by a degree-6 polynomial, 2ⁿ into the exponent. */
export function vexp(x: v128): v128 {
  const under = f32x4.lt(x, s(EXP_MIN));
  // pmin/pmax are single instructions where min/max need NaN fix-ups; NaN still passes through both
  x = f32x4.pmin(f32x4.pmax(x, s(EXP_MIN)), s(EXP_MAX));
  // x·log2e rounded to the nearest integer by adding 1.5·2²³: its low mantissa bits are then that integer
  const t = f32x4.add(f32x4.mul(x, s(LOG2E)), s(ROUNDER));
  const fx = f32x4.sub(t, s(ROUNDER));
  const r = f32x4.sub(f32x4.sub(x, f32x4.mul(fx, s(LN2_HI))), f32x4.mul(fx, s(LN2_LO)));
  let y = madd(s(EXP_POLY, 0), r, s(EXP_POLY, 1));
  y = madd(y, r, s(EXP_POLY, 2));
  y = madd(y, r, s(EXP_POLY, 3));
  y = madd(y, r, s(EXP_POLY, 4));
  y = madd(y, r, s(EXP_POLY, 5));
  y = madd(y, f32x4.mul(r, r), f32x4.add(r, s(ONE)));
  const pow2n = i32x4.shl(i32x4.add(i32x4.sub(t, s(ROUNDER_BITS)), s(EXPONENT_BIAS)), 23);
  return v128.andnot(f32x4.mul(y, pow2n), under);
}

/** eˣ − 1 without cancellation near 0: Taylor to x⁸ for |x| < 0.5, exp(x) − 1 beyond. */
export function vexpm1(x: v128): v128 {
  let p = madd(x, s(EXPM1_POLY, 0), s(EXPM1_POLY, 1));
  p = madd(p, x, s(EXPM1_POLY, 2));
  p = madd(p, x, s(EXPM1_POLY, 3));
  p = madd(p, x, s(EXPM1_POLY, 4));
  p = madd(p, x, s(EXPM1_POLY, 5));
  p = madd(p, x, s(EXPM1_POLY, 6));
  p = madd(p, x, s(ONE));
  const small = f32x4.mul(p, x);
  const large = f32x4.sub(vexp(x), s(ONE));
  return v128.bitselect(small, large, f32x4.lt(f32x4.abs(x), s(HALF)));
}

/** 1 / (1 + e⁻ˣ) from e^(−|x|) ≤ 1, so neither side overflows. */
export function vsigmoid(x: v128): v128 {
  const e = vexp(f32x4.neg(f32x4.abs(x)));
  const pos = f32x4.div(s(ONE), f32x4.add(s(ONE), e));
  return v128.bitselect(pos, f32x4.mul(e, pos), f32x4.ge(x, f32x4.splat(0)));
}

/** tanh: an odd polynomial for |x| < 0.625, (1 − e^(−2|x|)) / (1 + e^(−2|x|)) with the sign of x beyond. */
export function vtanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = madd(s(TANH_POLY, 0), z, s(TANH_POLY, 1));
  p = madd(p, z, s(TANH_POLY, 2));
  p = madd(p, z, s(TANH_POLY, 3));
  p = madd(p, z, s(TANH_POLY, 4));
  const small = madd(f32x4.mul(p, z), x, x);
  const e = vexp(f32x4.mul(ax, s(MINUS_TWO)));
  const large = f32x4.div(f32x4.sub(s(ONE), e), f32x4.add(s(ONE), e));
  const signed = v128.or(large, v128.and(x, s(SIGN_BIT)));
  return v128.bitselect(small, signed, f32x4.lt(ax, s(TANH_SMALL)));
}

/**
 * ln x for positive normal x (Cephes' logf, about 1 ulp): x = 2ᵉ·f with f in [√½, √2), ln(1 + (f − 1)) by a degree-9
 * polynomial, e·ln2 added in two parts. The callers clip their inputs to [1e-7, 1] first.
 */
export function vlog(x: v128): v128 {
  const bits = i32x4.sub(i32x4.shr_u(x, 23), s(LOG_EXPONENT_BIAS));
  let f = v128.or(v128.and(x, s(MANTISSA)), s(HALF_BITS));
  const low = f32x4.lt(f, s(SQRT_HALF));
  const e = f32x4.convert_i32x4_s(i32x4.add(bits, low)); // low lanes: mask −1 takes one from the exponent
  f = f32x4.sub(f32x4.add(f, v128.and(f, low)), s(ONE));
  const z = f32x4.mul(f, f);
  let y = madd(s(LOG_POLY, 0), f, s(LOG_POLY, 1));
  y = madd(y, f, s(LOG_POLY, 2));
  y = madd(y, f, s(LOG_POLY, 3));
  y = madd(y, f, s(LOG_POLY, 4));
  y = madd(y, f, s(LOG_POLY, 5));
  y = madd(y, f, s(LOG_POLY, 6));
  y = madd(y, f, s(LOG_POLY, 7));
  y = madd(y, f, s(LOG_POLY, 8));
  y = f32x4.mul(f32x4.mul(y, f), z);
  y = madd(e, s(LN2_LO), y);
  y = madd(z, s(MINUS_HALF), y);
  return madd(e, s(LN2_HI), f32x4.add(f, y));
}

const TWO_OVER_SQRT_PI: f64 = 1.1283791670955126;

/** The error function in float64, as the TypeScript reference computes it (series below 3, continued fraction above). */
export function erf(x: f64): f64 {
  const ax = Math.abs(x);
  const sign: f64 = x < 0 ? -1 : 1;
  if (ax > 6) return sign;
  const x2 = ax * ax;
  if (ax < 3) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 200 && term > sum * 1e-17; n++) {
      term *= (2 * x2) / <f64>(2 * n + 1);
      sum += term;
    }
    return sign * TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  let t = ax;
  for (let k = 60; k >= 1; k--) t = ax + <f64>k / 2 / t;
  return sign * (1 - Math.exp(-x2) / Math.sqrt(Math.PI) / t);
}
