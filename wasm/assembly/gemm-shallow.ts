// Products of depth 2–4 with A stored by rows: a network's first layer on a few features, and the gradient sent back
// through a layer of a few units. The packed 4×8 kernel would run a 2–4 step loop per tile and spend more on its call
// and its stores than on the products; here a panel of B (k rows × 8 columns) stays in registers while A streams by.
// `@inline` is AssemblyScript syntax that ESLint and Prettier cannot parse: both skip this file (as tile-store.ts).
import { at, ld } from './simd';
import { put, putNarrow } from './tile-store';

const ZERO = f32x4.splat(0);

/**
 * Runs columns [n0, n1) of C = A·B (+ C when accumulating) + bias, through relu when asked, and returns true when
 * k is 2–4 and A is stored [m, k]; false (having done nothing) otherwise. B is stored [k, n], or [n, k] when transB.
 */
export function shallowProduct(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  n0: i32,
  n1: i32,
  transA: bool,
  transB: bool,
  accumulate: bool,
  bias: usize,
  relu: bool,
): bool {
  if (transA || k < 2 || k > 4) return false;
  const lda: usize = (<usize>k) << 2;
  const ldc: usize = (<usize>n) << 2;
  for (let q = n0; q < n1; q += 8) {
    const w = min(8, n1 - q);
    const r1 = w - 4; // lanes of the panel's right half (≤ 0: none)
    const b00 = panel(b, 0, q, w, k, n, transB);
    const b01 = r1 > 0 ? panel(b, 0, q + 4, r1, k, n, transB) : ZERO;
    const b10 = panel(b, 1, q, w, k, n, transB);
    const b11 = r1 > 0 ? panel(b, 1, q + 4, r1, k, n, transB) : ZERO;
    const b20 = k > 2 ? panel(b, 2, q, w, k, n, transB) : ZERO;
    const b21 = k > 2 && r1 > 0 ? panel(b, 2, q + 4, r1, k, n, transB) : ZERO;
    const b30 = k > 3 ? panel(b, 3, q, w, k, n, transB) : ZERO;
    const b31 = k > 3 && r1 > 0 ? panel(b, 3, q + 4, r1, k, n, transB) : ZERO;
    const bias0 = bias == 0 ? ZERO : ld(bias + at(q), w);
    const bias1 = bias == 0 || r1 <= 0 ? ZERO : ld(bias + at(q + 4), r1);
    // the row loop specialized (inlined with constants) for the common cases: no accumulation, relu or not
    if (!accumulate && relu) rows(a, lda, c + at(q), ldc, m, k, w, b00, b01, b10, b11, b20, b21, b30, b31, bias0, bias1, true, true);
    else if (!accumulate) rows(a, lda, c + at(q), ldc, m, k, w, b00, b01, b10, b11, b20, b21, b30, b31, bias0, bias1, true, false);
    else rows(a, lda, c + at(q), ldc, m, k, w, b00, b01, b10, b11, b20, b21, b30, b31, bias0, bias1, false, relu);
  }
  return true;
}

/** Every row of A against the panel held in b00 … b31 (rows p ≥ k are never read): C's w columns at c. */
@inline
function rows(
  a: usize,
  lda: usize,
  c: usize,
  ldc: usize,
  m: i32,
  k: i32,
  w: i32,
  b00: v128,
  b01: v128,
  b10: v128,
  b11: v128,
  b20: v128,
  b21: v128,
  b30: v128,
  b31: v128,
  bias0: v128,
  bias1: v128,
  first: bool,
  relu: bool,
): void {
  let x = a;
  let out = c;
  for (let i = 0; i < m; i++) {
    const x0 = v128.load32_splat(x);
    const x1 = v128.load32_splat(x, 4);
    let v0 = f32x4.add(f32x4.mul(x0, b00), f32x4.mul(x1, b10));
    let v1 = f32x4.add(f32x4.mul(x0, b01), f32x4.mul(x1, b11));
    if (k > 2) {
      const x2 = v128.load32_splat(x, 8);
      v0 = f32x4.add(v0, f32x4.mul(x2, b20));
      v1 = f32x4.add(v1, f32x4.mul(x2, b21));
      if (k > 3) {
        const x3 = v128.load32_splat(x, 12);
        v0 = f32x4.add(v0, f32x4.mul(x3, b30));
        v1 = f32x4.add(v1, f32x4.mul(x3, b31));
      }
    }
    if (w > 4) put(out, v0, v1, w, first, bias0, bias1, relu);
    else putNarrow(out, v0, w, first, bias0, relu);
    x += lda;
    out += ldc;
  }
}

/** B(p, j … j+r−1) as one vector (lanes past r zero), from B stored [k, n] or, transposed, [n, k]. */
function panel(b: usize, p: i32, j: i32, r: i32, k: i32, n: i32, transB: bool): v128 {
  if (!transB) return ld(b + at(p * n + j), r);
  let v = f32x4.replace_lane(ZERO, 0, load<f32>(b + at(j * k + p)));
  if (r > 1) v = f32x4.replace_lane(v, 1, load<f32>(b + at((j + 1) * k + p)));
  if (r > 2) v = f32x4.replace_lane(v, 2, load<f32>(b + at((j + 2) * k + p)));
  if (r > 3) v = f32x4.replace_lane(v, 3, load<f32>(b + at((j + 3) * k + p)));
  return v;
}
