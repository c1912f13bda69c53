// Products where one operand is a vector (n = 1 or k = 1). Packing B into 8-column panels would waste seven of every
// eight lanes (n = 1) or run a one-step depth loop per tile (k = 1); the tutorials' networks are full of these (a
// one-unit sigmoid output layer, its weight gradient, and the gradient flowing back through it).
import { at, ld, madd } from './simd';
import { putNarrow } from './tile-store';

/**
 * Runs the product here and returns true when it is one of the vector cases; false (having done nothing) otherwise.
 * Same operands as gemmRange over all columns; the epilogue's bias and relu are applied here, sigmoid and tanh by
 * the caller.
 */
export function vectorProduct(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  transA: bool,
  accumulate: bool,
  bias: usize,
  relu: bool,
): bool {
  // with n = 1, B stored [k, 1] and [1, k] are the same vector; with k = 1, so are A's and B's two layouts
  if (k == 1) outer(a, b, c, m, n, accumulate, bias, relu);
  else if (n != 1) return false;
  else if (transA) columnSums(a, b, c, m, k, accumulate, bias, relu);
  else rowDots(a, b, c, m, k, accumulate, bias, relu);
  return true;
}

/** C[i] = A[i, :]·b for A stored [m, k]: four rows at a time, their four partial-sum vectors reduced by shuffles. */
function rowDots(a: usize, b: usize, c: usize, m: i32, k: i32, acc: bool, bias: usize, relu: bool): void {
  const lda: usize = (<usize>k) << 2;
  const kv = k & ~3;
  const bTail = kv < k ? ld(b + at(kv), k - kv) : f32x4.splat(0);
  const bv = bias == 0 ? f32x4.splat(0) : v128.load32_splat(bias);
  for (let i = 0; i < m; i += 4) {
    const r0 = a + <usize>i * lda;
    const rows = min(4, m - i);
    // rows past m repeat the last one: their sums are computed and never stored
    const r1 = rows > 1 ? r0 + lda : r0;
    const r2 = rows > 2 ? r1 + lda : r1;
    const r3 = rows > 3 ? r2 + lda : r2;
    let s0 = f32x4.splat(0);
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    for (let p = 0; p < kv; p += 4) {
      const o = at(p);
      const x = v128.load(b + o);
      s0 = madd(v128.load(r0 + o), x, s0);
      s1 = madd(v128.load(r1 + o), x, s1);
      s2 = madd(v128.load(r2 + o), x, s2);
      s3 = madd(v128.load(r3 + o), x, s3);
    }
    if (kv < k) {
      const o = at(kv);
      const r = k - kv;
      s0 = madd(ld(r0 + o, r), bTail, s0);
      s1 = madd(ld(r1 + o, r), bTail, s1);
      s2 = madd(ld(r2 + o, r), bTail, s2);
      s3 = madd(ld(r3 + o, r), bTail, s3);
    }
    putNarrow(c + at(i), lanes(s0, s1, s2, s3), rows, !acc, bv, relu);
  }
}

/** The four lane sums of s0…s3, as one vector. */
function lanes(s0: v128, s1: v128, s2: v128, s3: v128): v128 {
  const u01 = f32x4.add(f32x4.shuffle(s0, s1, 0, 4, 1, 5), f32x4.shuffle(s0, s1, 2, 6, 3, 7));
  const u23 = f32x4.add(f32x4.shuffle(s2, s3, 0, 4, 1, 5), f32x4.shuffle(s2, s3, 2, 6, 3, 7));
  return f32x4.add(f32x4.shuffle(u01, u23, 0, 1, 4, 5), f32x4.shuffle(u01, u23, 2, 3, 6, 7));
}

/**
 * C[i] = Σ_p A[p, i]·b[p] for A stored [k, m]: down the rows of A, sixteen (or four) of its columns at a time, with
 * independent accumulators so the additions do not wait on one another.
 */
function columnSums(a: usize, b: usize, c: usize, m: i32, k: i32, acc: bool, bias: usize, relu: bool): void {
  const lda: usize = (<usize>m) << 2;
  const bv = bias == 0 ? f32x4.splat(0) : v128.load32_splat(bias);
  let i = 0;
  for (; i + 16 <= m; i += 16) {
    let s0 = f32x4.splat(0);
    let s1 = s0;
    let s2 = s0;
    let s3 = s0;
    let row = a + at(i);
    for (let p = 0; p < k; p++) {
      const x = v128.load32_splat(b + at(p));
      s0 = madd(v128.load(row), x, s0);
      s1 = madd(v128.load(row, 16), x, s1);
      s2 = madd(v128.load(row, 32), x, s2);
      s3 = madd(v128.load(row, 48), x, s3);
      row += lda;
    }
    const ci = c + at(i);
    putNarrow(ci, s0, 4, !acc, bv, relu);
    putNarrow(ci + 16, s1, 4, !acc, bv, relu);
    putNarrow(ci + 32, s2, 4, !acc, bv, relu);
    putNarrow(ci + 48, s3, 4, !acc, bv, relu);
  }
  for (; i < m; i += 4) {
    const w = min(4, m - i);
    // even and odd rows of A in two chains, summed at the end
    let s0 = f32x4.splat(0);
    let s1 = s0;
    let row = a + at(i);
    let p = 0;
    for (; p + 2 <= k; p += 2) {
      s0 = madd(ld(row, w), v128.load32_splat(b + at(p)), s0);
      s1 = madd(ld(row + lda, w), v128.load32_splat(b + at(p + 1)), s1);
      row += lda << 1;
    }
    if (p < k) s0 = madd(ld(row, w), v128.load32_splat(b + at(p)), s0);
    putNarrow(c + at(i), f32x4.add(s0, s1), w, !acc, bv, relu);
  }
}

/** C[i, :] = A[i]·b for vectors A (m) and b (n): four columns at a time, down all rows. */
function outer(a: usize, b: usize, c: usize, m: i32, n: i32, acc: bool, bias: usize, relu: bool): void {
  const ldc: usize = (<usize>n) << 2;
  for (let j = 0; j < n; j += 4) {
    const w = min(4, n - j);
    const bj = bias == 0 ? f32x4.splat(0) : ld(bias + at(j), w);
    const x = ld(b + at(j), w);
    let cj = c + at(j);
    // the literal width lets the inlined store drop its lane-by-lane branch
    if (w == 4)
      for (let i = 0; i < m; i++, cj += ldc)
        putNarrow(cj, f32x4.mul(v128.load32_splat(a + at(i)), x), 4, !acc, bj, relu);
    else
      for (let i = 0; i < m; i++, cj += ldc)
        putNarrow(cj, f32x4.mul(v128.load32_splat(a + at(i)), x), w, !acc, bj, relu);
  }
}
