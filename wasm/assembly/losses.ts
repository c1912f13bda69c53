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

/** Σ w·−(y·ln p + (1 − y)·ln(1 − p)), p and 1 − p clipped below at 1e-7 (Keras' clip to [ε, 1 − ε]). */
export function binaryCrossentropy(p: usize, y: usize, w: usize, rows: i32, cols: i32): f64 {
  const n = rows * cols;
  const eps = f32x4.splat(EPSILON);
  const one = f32x4.splat(1);
  let sum: f64 = 0;
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const pv = ld(p + at(i), r);
    const yv = ld(y + at(i), r);
    const lp = vlog(f32x4.max(pv, eps));
    const lq = vlog(f32x4.max(f32x4.sub(one, pv), eps));
    const l = f32x4.mul(weights4(w, i, cols, r), f32x4.add(f32x4.mul(yv, lp), f32x4.mul(f32x4.sub(one, yv), lq)));
    sum -= add(0, l, r);
  }
  return sum;
}

/** Σ w·−y·ln p with p clipped below at 1e-7 (entries with y = 0 add nothing). */
export function categoricalCrossentropy(p: usize, y: usize, w: usize, rows: i32, cols: i32): f64 {
  const n = rows * cols;
  const eps = f32x4.splat(EPSILON);
  let sum: f64 = 0;
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const l = f32x4.mul(ld(y + at(i), r), vlog(f32x4.max(ld(p + at(i), r), eps)));
    sum -= add(0, f32x4.mul(weights4(w, i, cols, r), l), r);
  }
  return sum;
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
