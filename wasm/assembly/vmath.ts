// vector exp, expm1, sigmoid and tanh for four floats at once (Cephes' single-precision polynomials)
import { madd } from './simd';

const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.693359375; // ln 2 split so that n·LN2_HI is exact
const LN2_LO: f32 = -2.1219444e-4;
const EXP_MIN: f32 = -87.33654; // below this eˣ is subnormal: returned as 0
const EXP_MAX: f32 = 88.0; // keeps 2ⁿ finite; e⁸⁸ ≈ 1.65e38
const ROUNDER: f32 = 12582912; // 1.5·2²³
const ROUNDER_BITS: i32 = 0x4b400000;

function s(x: f32): v128 {
  return f32x4.splat(x);
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
  let y = madd(s(1.98756915e-4), r, s(1.3981999507e-3));
  y = madd(y, r, s(8.3334519073e-3));
  y = madd(y, r, s(4.1665795894e-2));
  y = madd(y, r, s(1.6666665459e-1));
  y = madd(y, r, s(5.0000001201e-1));
  y = madd(y, f32x4.mul(r, r), f32x4.add(r, s(1)));
  const pow2n = i32x4.shl(i32x4.add(i32x4.sub(t, i32x4.splat(ROUNDER_BITS)), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(y, pow2n), under);
}

/** eˣ − 1 without cancellation near 0: Taylor to x⁸ for |x| < 0.5, exp(x) − 1 beyond. */
export function vexpm1(x: v128): v128 {
  let p = madd(x, s(1.0 / 40320.0), s(1.0 / 5040.0));
  p = madd(p, x, s(1.0 / 720.0));
  p = madd(p, x, s(1.0 / 120.0));
  p = madd(p, x, s(1.0 / 24.0));
  p = madd(p, x, s(1.0 / 6.0));
  p = madd(p, x, s(0.5));
  p = madd(p, x, s(1));
  const small = f32x4.mul(p, x);
  const large = f32x4.sub(vexp(x), s(1));
  return v128.bitselect(small, large, f32x4.lt(f32x4.abs(x), s(0.5)));
}

/** 1 / (1 + e⁻ˣ) from e^(−|x|) ≤ 1, so neither side overflows. */
export function vsigmoid(x: v128): v128 {
  const e = vexp(f32x4.neg(f32x4.abs(x)));
  const pos = f32x4.div(s(1), f32x4.add(s(1), e));
  return v128.bitselect(pos, f32x4.mul(e, pos), f32x4.ge(x, s(0)));
}

/** tanh: an odd polynomial for |x| < 0.625, (1 − e^(−2|x|)) / (1 + e^(−2|x|)) with the sign of x beyond. */
export function vtanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = madd(s(-5.70498872745e-3), z, s(2.06390887954e-2));
  p = madd(p, z, s(-5.37397155531e-2));
  p = madd(p, z, s(1.33314422036e-1));
  p = madd(p, z, s(-3.33332819422e-1));
  const small = madd(f32x4.mul(p, z), x, x);
  const e = vexp(f32x4.mul(ax, s(-2)));
  const large = f32x4.div(f32x4.sub(s(1), e), f32x4.add(s(1), e));
  const signed = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, s(0.625)));
}

const SQRT_HALF: f32 = 0.7071067811865476;

/**
 * ln x for positive normal x (Cephes' logf, about 1 ulp): x = 2ᵉ·f with f in [√½, √2), ln(1 + (f − 1)) by a degree-9
 * polynomial, e·ln2 added in two parts. The callers clip their inputs to [1e-7, 1] first.
 */
export function vlog(x: v128): v128 {
  const bits = i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126));
  let f = v128.or(v128.and(x, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000)); // mantissa in [0.5, 1)
  const low = f32x4.lt(f, s(SQRT_HALF));
  const e = f32x4.convert_i32x4_s(i32x4.add(bits, low)); // low lanes: mask −1 takes one from the exponent
  f = f32x4.sub(f32x4.add(f, v128.and(f, low)), s(1));
  const z = f32x4.mul(f, f);
  let y = madd(s(7.0376836292e-2), f, s(-1.151461031e-1));
  y = madd(y, f, s(1.167699874e-1));
  y = madd(y, f, s(-1.2420140846e-1));
  y = madd(y, f, s(1.4249322787e-1));
  y = madd(y, f, s(-1.6668057665e-1));
  y = madd(y, f, s(2.0000714765e-1));
  y = madd(y, f, s(-2.4999993993e-1));
  y = madd(y, f, s(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, f), z);
  y = madd(e, s(LN2_LO), y);
  y = madd(z, s(-0.5), y);
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
