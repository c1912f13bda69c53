// loss sums and the fused output gradient over [rows, cols] predictions; weights (0: none) are one float per row
import { at, ld, st } from './simd';
import { vlog } from './vmath';

const EPSILON: f32 = 1e-7;

/** Σ of four lanes' losses (r < 4 lanes valid), accumulated in float64. */
function add(sum: f64, v: v128, r: i32): f64 {
  sum += <f64>f32x4.extract_lane(v, 0);
  if (r > 1) sum += <f64>f32x4.extract_lane(v, 1);
  if (r > 2) sum += <f64>f32x4.extract_lane(v, 2);
  if (r > 3) sum += <f64>f32x4.extract_lane(v, 3);
  return sum;
}

/** Four elements' weights: one per row, so with a single column they are contiguous. */
function weights4(w: usize, i: i32, cols: i32, r: i32): v128 {
  if (w == 0) return f32x4.splat(1);
  if (cols == 1) return ld(w + at(i), r);
  let v = f32x4.splat(load<f32>(w + at(i / cols)));
  if (r > 1) v = f32x4.replace_lane(v, 1, load<f32>(w + at((i + 1) / cols)));
  if (r > 2) v = f32x4.replace_lane(v, 2, load<f32>(w + at((i + 2) / cols)));
  if (r > 3) v = f32x4.replace_lane(v, 3, load<f32>(w + at((i + 3) / cols)));
  return v;
}

/** acc (two float64 lanes) + the low half of v, widened. */
function addLow(acc: v128, v: v128): v128 {
  return f64x2.add(acc, f64x2.promote_low_f32x4(v));
}

/** acc + the high half of v, widened. */
function addHigh(acc: v128, v: v128): v128 {
  return f64x2.add(acc, f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 2, 3)));
}

function total(lo: v128, hi: v128): f64 {
  const t = f64x2.add(lo, hi);
  return f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1);
}

/**
 * −(y·ln p + (1 − y)·ln(1 − p)) for four entries, p and 1 − p clipped below at 1e-7 (Keras' clip to [ε, 1 − ε]).
 * Where every label is 0 or 1, one of the two terms is exactly zero, so one logarithm gives the same bits.
 */
function bceTerms(pv: v128, yv: v128): v128 {
  const one = f32x4.splat(1);
  const eps = f32x4.splat(EPSILON);
  const pc = f32x4.max(pv, eps);
  const qc = f32x4.max(f32x4.sub(one, pv), eps);
  const isOne = f32x4.eq(yv, one);
  if (v128.all_true<i32>(v128.or(isOne, f32x4.eq(yv, f32x4.splat(0)))))
    return f32x4.neg(vlog(v128.bitselect(pc, qc, isOne)));
  return f32x4.neg(f32x4.add(f32x4.mul(yv, vlog(pc)), f32x4.mul(f32x4.sub(one, yv), vlog(qc))));
}

/** Σ w·bceTerms over [rows, cols], accumulated in float64. */
export function binaryCrossentropy(p: usize, y: usize, w: usize, rows: i32, cols: i32): f64 {
  const n = rows * cols;
  let lo = f64x2.splat(0);
  let hi = lo;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const l = f32x4.mul(weights4(w, i, cols, 4), bceTerms(v128.load(p + at(i)), v128.load(y + at(i))));
    lo = addLow(lo, l);
    hi = addHigh(hi, l);
  }
  const r = n - i;
  return r > 0
    ? add(total(lo, hi), f32x4.mul(weights4(w, i, cols, r), bceTerms(ld(p + at(i), r), ld(y + at(i), r))), r)
    : total(lo, hi);
}

/** Σ w·−y·ln p with p clipped below at 1e-7; four entries whose labels are all 0 add nothing and are skipped. */
export function categoricalCrossentropy(p: usize, y: usize, w: usize, rows: i32, cols: i32): f64 {
  const n = rows * cols;
  const eps = f32x4.splat(EPSILON);
  let lo = f64x2.splat(0);
  let hi = lo;
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const yv = ld(y + at(i), r);
    if (!v128.any_true(yv)) continue;
    const l = f32x4.mul(weights4(w, i, cols, r), f32x4.neg(f32x4.mul(yv, vlog(f32x4.max(ld(p + at(i), r), eps)))));
    lo = addLow(lo, l);
    hi = addHigh(hi, l);
  }
  return total(lo, hi);
}

/** dz = scale·w·(a − y): sigmoid + binary and softmax + categorical cross-entropy at the pre-activation. */
export function outputGradient(a: usize, y: usize, w: usize, dz: usize, rows: i32, cols: i32, scale: f32): void {
  const n = rows * cols;
  const k = f32x4.splat(scale);
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const d = f32x4.mul(f32x4.mul(k, weights4(w, i, cols, r)), f32x4.sub(ld(a + at(i), r), ld(y + at(i), r)));
    st(dz + at(i), d, r);
  }
}
