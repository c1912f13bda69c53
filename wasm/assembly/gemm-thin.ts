// Weight gradients of small layers: C = Aᵀ·B with few outputs (m·n ≤ 32: a layer of 2–8 inputs or 4–16 units)
// summed over many rows. C fits in at most eight registers, so the k rows of A and B stream by once, with no packing
// and no tiles: the packed kernel would split C into 4×8 tiles of which most lanes are padding.
import { ld, madd, st } from './simd';

const ZERO = f32x4.splat(0);

/**
 * Runs C = Aᵀ·B (+ C when accumulating) and returns true when A is stored [k, m] (transA), B stored [k, n], k ≥ 8,
 * all columns, no bias or relu, and m ≤ 8 with n ≤ 4, m ≤ 4 with n ≤ 8, or m ≤ 2 with n ≤ 16; false (having done
 * nothing) otherwise.
 */
export function thinProduct(
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
  // a weight gradient has no epilogue: products that ask for one take the general path
  if (!transA || transB || n0 != 0 || n1 != n || k < 8 || bias != 0 || relu) return false;
  if (n <= 4 && m <= 8) thin4(a, b, c, m, k, n, accumulate);
  else if (n <= 8 && m <= 4) thin8(a, b, c, m, k, n, accumulate);
  else if (n <= 16 && m <= 2) thin16(a, b, c, m, k, n, accumulate);
  else return false;
  return true;
}

/** C's rows i < m of up to 4 columns in c0 … c7; row r of A holds A(·, r)ᵀ's m values, row r of B n values. */
function thin4(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, acc: bool): void {
  let c0 = ZERO;
  let c1 = ZERO;
  let c2 = ZERO;
  let c3 = ZERO;
  let c4 = ZERO;
  let c5 = ZERO;
  let c6 = ZERO;
  let c7 = ZERO;
  const lda: usize = (<usize>m) << 2;
  const ldb: usize = (<usize>n) << 2;
  let x = a;
  let g = b;
  for (let r = 0; r < k; r++) {
    const v = ld(g, n);
    c0 = madd(v128.load32_splat(x), v, c0);
    if (m > 1) c1 = madd(v128.load32_splat(x, 4), v, c1);
    if (m > 2) c2 = madd(v128.load32_splat(x, 8), v, c2);
    if (m > 3) c3 = madd(v128.load32_splat(x, 12), v, c3);
    if (m > 4) c4 = madd(v128.load32_splat(x, 16), v, c4);
    if (m > 5) c5 = madd(v128.load32_splat(x, 20), v, c5);
    if (m > 6) c6 = madd(v128.load32_splat(x, 24), v, c6);
    if (m > 7) c7 = madd(v128.load32_splat(x, 28), v, c7);
    x += lda;
    g += ldb;
  }
  const ldc: usize = (<usize>n) << 2;
  out(c, c0, n, acc);
  if (m > 1) out(c + ldc, c1, n, acc);
  if (m > 2) out(c + 2 * ldc, c2, n, acc);
  if (m > 3) out(c + 3 * ldc, c3, n, acc);
  if (m > 4) out(c + 4 * ldc, c4, n, acc);
  if (m > 5) out(c + 5 * ldc, c5, n, acc);
  if (m > 6) out(c + 6 * ldc, c6, n, acc);
  if (m > 7) out(c + 7 * ldc, c7, n, acc);
}

/** Up to 4 rows of C of up to 8 columns: two vectors per row. */
function thin8(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, acc: bool): void {
  let c00 = ZERO;
  let c01 = ZERO;
  let c10 = ZERO;
  let c11 = ZERO;
  let c20 = ZERO;
  let c21 = ZERO;
  let c30 = ZERO;
  let c31 = ZERO;
  const lda: usize = (<usize>m) << 2;
  const ldb: usize = (<usize>n) << 2;
  const r1 = n - 4; // lanes of the right half (≤ 0: none)
  let x = a;
  let g = b;
  for (let r = 0; r < k; r++) {
    const v0 = ld(g, n);
    const v1 = r1 > 0 ? ld(g + 16, r1) : ZERO;
    let s = v128.load32_splat(x);
    c00 = madd(s, v0, c00);
    c01 = madd(s, v1, c01);
    if (m > 1) {
      s = v128.load32_splat(x, 4);
      c10 = madd(s, v0, c10);
      c11 = madd(s, v1, c11);
    }
    if (m > 2) {
      s = v128.load32_splat(x, 8);
      c20 = madd(s, v0, c20);
      c21 = madd(s, v1, c21);
    }
    if (m > 3) {
      s = v128.load32_splat(x, 12);
      c30 = madd(s, v0, c30);
      c31 = madd(s, v1, c31);
    }
    x += lda;
    g += ldb;
  }
  const ldc: usize = (<usize>n) << 2;
  row8(c, c00, c01, n, acc);
  if (m > 1) row8(c + ldc, c10, c11, n, acc);
  if (m > 2) row8(c + 2 * ldc, c20, c21, n, acc);
  if (m > 3) row8(c + 3 * ldc, c30, c31, n, acc);
}

/** Up to 2 rows of C of up to 16 columns: four vectors per row. */
function thin16(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, acc: bool): void {
  let c00 = ZERO;
  let c01 = ZERO;
  let c02 = ZERO;
  let c03 = ZERO;
  let c10 = ZERO;
  let c11 = ZERO;
  let c12 = ZERO;
  let c13 = ZERO;
  const lda: usize = (<usize>m) << 2;
  const ldb: usize = (<usize>n) << 2;
  let x = a;
  let g = b;
  for (let r = 0; r < k; r++) {
    const v0 = ld(g, n);
    const v1 = n > 4 ? ld(g + 16, n - 4) : ZERO;
    const v2 = n > 8 ? ld(g + 32, n - 8) : ZERO;
    const v3 = n > 12 ? ld(g + 48, n - 12) : ZERO;
    let s = v128.load32_splat(x);
    c00 = madd(s, v0, c00);
    c01 = madd(s, v1, c01);
    c02 = madd(s, v2, c02);
    c03 = madd(s, v3, c03);
    if (m > 1) {
      s = v128.load32_splat(x, 4);
      c10 = madd(s, v0, c10);
      c11 = madd(s, v1, c11);
      c12 = madd(s, v2, c12);
      c13 = madd(s, v3, c13);
    }
    x += lda;
    g += ldb;
  }
  const ldc: usize = (<usize>n) << 2;
  row8(c, c00, c01, n, acc);
  if (n > 8) row8(c + 32, c02, c03, n - 8, acc);
  if (m > 1) {
    row8(c + ldc, c10, c11, n, acc);
    if (n > 8) row8(c + ldc + 32, c12, c13, n - 8, acc);
  }
}

/** Stores the first min(w, 4) lanes of v at c, added to what is there when accumulating. */
function out(c: usize, v: v128, w: i32, acc: bool): void {
  st(c, acc ? f32x4.add(v, ld(c, w)) : v, w);
}

/** The first min(w, 8) columns of a row from two vectors. */
function row8(c: usize, v0: v128, v1: v128, w: i32, acc: bool): void {
  out(c, v0, w, acc);
  if (w > 4) out(c + 16, v1, w - 4, acc);
}
