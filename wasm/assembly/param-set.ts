// one optimizer step over a whole parameter set, from a table the host writes once per set:
// six i32 per parameter: value, grad, slot 0, slot 1, backup (0: no guard), length
import { adagradUpdate, adamUpdate, momentumUpdate, rmspropUpdate, sgdMomentumUpdate, sgdUpdate } from './optimizers';

const SGD: i32 = 0;
const MOMENTUM: i32 = 1;
const SGD_MOMENTUM: i32 = 2;
const RMSPROP: i32 = 3;
const ADAM: i32 = 4;
const ADAGRAD: i32 = 5;
const ENTRY: usize = 24;

/**
 * Updates every parameter by rule `kind` (hyper-parameters a…e, `flag` = nesterov). With backups, each value is
 * copied first and the result checked: returns the index of the first parameter left non-finite, else −1.
 */
export function updateParams(
  table: usize,
  count: i32,
  kind: i32,
  lr: f32,
  a: f32,
  b: f32,
  c: f32,
  d: f64,
  e: f32,
  flag: bool,
): i32 {
  let guarded = false;
  for (let i = 0; i < count; i++) {
    const t = table + <usize>i * ENTRY;
    const p = <usize>load<u32>(t);
    const g = <usize>load<u32>(t, 4);
    const s0 = <usize>load<u32>(t, 8);
    const s1 = <usize>load<u32>(t, 12);
    const backup = <usize>load<u32>(t, 16);
    const n = load<i32>(t, 20);
    if (backup != 0) {
      memory.copy(backup, p, (<usize>n) << 2);
      guarded = true;
    }
    if (kind == SGD) sgdUpdate(p, g, n, lr);
    else if (kind == MOMENTUM) momentumUpdate(p, g, s0, n, lr, a, b, flag);
    else if (kind == SGD_MOMENTUM) sgdMomentumUpdate(p, g, s0, n, lr, a, flag);
    else if (kind == RMSPROP) rmspropUpdate(p, g, s0, s1, n, lr, a, b, c);
    else if (kind == ADAM) adamUpdate(p, g, s0, s1, n, lr, a, b, c, d, e);
    else if (kind == ADAGRAD) adagradUpdate(p, g, s0, n, lr, a);
  }
  if (!guarded) return -1;
  for (let i = 0; i < count; i++) {
    const t = table + <usize>i * ENTRY;
    if (!allFinite(<usize>load<u32>(t), load<i32>(t, 20))) return i;
  }
  return -1;
}

/** x − x is 0 for every finite x and NaN for ±∞ and NaN. */
function allFinite(p: usize, n: i32): bool {
  let bad = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(p + ((<usize>i) << 2));
    bad = v128.or(bad, f32x4.ne(f32x4.sub(v, v), f32x4.splat(0)));
  }
  for (; i < n; i++) {
    const v = load<f32>(p + ((<usize>i) << 2));
    if (v - v != 0) return false;
  }
  return !v128.any_true(bad);
}
