// GEMM: C[m×n] = act(op(A)·op(B) (+ C) + bias), a 4×8 register block over B packed into 8-column panels (Goto's
// loop order). Bias and relu are applied in registers as the last depth panel's tiles are stored; sigmoid and tanh
// sweep each finished block of C while it is in cache.
import { vectorProduct } from './gemm-small';
import { shallowProduct } from './gemm-shallow';
import { thinProduct } from './gemm-thin';
import { at, ld, madd, st } from './simd';
import { put, putNarrow } from './tile-store';
import { vsigmoid, vtanh } from './vmath';

/** Activation codes (0 linear, 3 tanh); each one's derivative can be read from the output alone. */
const ACT_RELU: i32 = 1;
const ACT_SIGMOID: i32 = 2;
const ZERO = f32x4.splat(0);

const KC: i32 = 256; // depth of a packed panel: 8 columns × 256 × 4 B = 8 KB, an L1-resident micro-panel
const NC: i32 = 1024; // columns packed at once: 1 MB of B at KC depth
const MC: i32 = 128; // rows of A swept per packed block: 128 × 256 × 4 B = 128 KB, L2-resident

let packed: usize = 0;

/** Bytes of work space gemm needs; the host passes a block of that size to gemmInit once. */
export function gemmWorkBytes(): usize {
  return <usize>(KC * NC * 4);
}

export function gemmInit(work: usize): void {
  packed = work;
}

/** A stored [m, k] (or [k, m] when transA), B stored [k, n] (or [n, k] when transB), C [m, n]. */
export function gemm(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  transA: bool,
  transB: bool,
  accumulate: bool,
): void {
  gemmRange(a, b, c, m, k, n, transA, transB, accumulate, 0, 0, 0, n);
}

/**
 * gemm with an epilogue, over columns [n0, n1) of C only (so threads can share one product; n0 a multiple of 8
 * keeps the panels aligned). `bias` (0: none) is a row of n floats added to every row; `act` 0 linear, 1 relu,
 * 2 sigmoid, 3 tanh.
 */
export function gemmRange(
  a: usize,
  b: usize,
  c: usize,
  m: i32,
  k: i32,
  n: i32,
  transA: bool,
  transB: bool,
  accumulate: bool,
  bias: usize,
  act: i32,
  n0: i32,
  n1: i32,
): void {
  if (m <= 0 || n1 <= n0) return;
  const ldc: usize = (<usize>n) << 2;
  if (k <= 0) {
    // an empty product: C (or 0), then the epilogue as a sweep
    for (let i = 0; i < m; i++) {
      const row = c + <usize>i * ldc + at(n0);
      if (!accumulate) memory.fill(row, 0, at(n1 - n0));
      if (bias != 0) addBias(row, bias + at(n0), n1 - n0);
    }
    curve(c + at(n0), ldc, m, n1 - n0, act, n1 - n0 == n);
    return;
  }
  if (n0 == 0 && n1 == n && vectorProduct(a, b, c, m, k, n, transA, accumulate, bias, act == ACT_RELU)) {
    if (act > ACT_RELU) curve(c, ldc, m, n, act, true);
    return;
  }
  if (
    shallowProduct(a, b, c, m, k, n, n0, n1, transA, transB, accumulate, bias, act == ACT_RELU) ||
    thinProduct(a, b, c, m, k, n, n0, n1, transA, transB, accumulate, bias, act == ACT_RELU)
  ) {
    if (act > ACT_RELU) curve(c + at(n0), ldc, m, n1 - n0, act, n1 - n0 == n);
    return;
  }
  // A(i, p) lives at a + i·rs + p·cs (bytes)
  const rs: usize = transA ? 4 : (<usize>k) << 2;
  const cs: usize = transA ? (<usize>m) << 2 : 4;
  for (let jc = n0; jc < n1; jc += NC) {
    const nc = min(NC, n1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      if (transB) packTransposed(b, k, pc, jc, kc, nc);
      else packRows(b, n, pc, jc, kc, nc);
      const first = pc == 0 && !accumulate;
      const last = pc + kc >= k;
      const ap = a + <usize>pc * cs;
      const bj = last && bias != 0 ? bias + at(jc) : 0;
      const relu = last && act == ACT_RELU;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        const cb = c + <usize>ic * ldc + at(jc);
        block(ap + <usize>ic * rs, rs, cs, mc, kc, nc, cb, ldc, first, bj, relu);
        if (last && act > ACT_RELU) curve(cb, ldc, mc, nc, act, nc == n);
      }
    }
  }
}

function addBias(x: usize, bias: usize, n: i32): void {
  for (let j = 0; j < n; j += 4) st(x + at(j), f32x4.add(ld(x + at(j), n - j), ld(bias + at(j), n - j)), n - j);
}

/** Sigmoid or tanh over a block of C; whole rows of a matrix are contiguous, and swept as one run. */
function curve(c: usize, ldc: usize, rows: i32, cols: i32, act: i32, whole: bool): void {
  if (whole) sweep(c, rows * cols, act);
  else for (let i = 0; i < rows; i++) sweep(c + <usize>i * ldc, cols, act);
}

function sweep(x: usize, n: i32, act: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(x + at(j));
    v128.store(x + at(j), act == ACT_SIGMOID ? vsigmoid(v) : vtanh(v));
  }
  if (j < n) {
    const v = ld(x + at(j), n - j);
    st(x + at(j), act == ACT_SIGMOID ? vsigmoid(v) : vtanh(v), n - j);
  }
}

/** One packed block against mc rows of A: 8-column panel by panel, 4 rows at a time; bias (0: none) and relu last. */
function block(
  a: usize,
  rs: usize,
  cs: usize,
  mc: i32,
  kc: i32,
  nc: i32,
  c: usize,
  ldc: usize,
  first: bool,
  bias: usize,
  relu: bool,
): void {
  const panelBytes = (<usize>kc) << 5;
  for (let q = 0; q < nc; q += 8) {
    const bp = packed + <usize>(q >> 3) * panelBytes;
    const w = min(8, nc - q);
    const cq = c + ((<usize>q) << 2);
    // the panel's bias, zero past its w columns (adding 0 leaves every sum as it is)
    const b0 = bias == 0 ? ZERO : ld(bias + at(q), w);
    const b1 = bias == 0 || w <= 4 ? ZERO : ld(bias + at(q + 4), w - 4);
    let i = 0;
    if (w > 4) {
      for (; i + 4 <= mc; i += 4)
        tile4(a + <usize>i * rs, rs, cs, bp, kc, cq + <usize>i * ldc, ldc, w, first, b0, b1, relu);
      for (; i < mc; i++) tile1(a + <usize>i * rs, cs, bp, kc, cq + <usize>i * ldc, w, first, b0, b1, relu);
    } else {
      // a panel of at most 4 columns (n < 8, or the last one): half the work, one vector per row
      for (; i + 4 <= mc; i += 4)
        narrow4(a + <usize>i * rs, rs, cs, bp, kc, cq + <usize>i * ldc, ldc, w, first, b0, relu);
      for (; i < mc; i++) narrow1(a + <usize>i * rs, cs, bp, kc, cq + <usize>i * ldc, w, first, b0, relu);
    }
  }
}

/** B stored [k, n]: each panel row is 8 contiguous floats; a partial last panel is zero-padded. */
function packRows(b: usize, n: i32, pc: i32, jc: i32, kc: i32, nc: i32): void {
  const ldb: usize = (<usize>n) << 2;
  let dst = packed;
  for (let q = 0; q < nc; q += 8) {
    const w = min(8, nc - q);
    let src = b + <usize>pc * ldb + ((<usize>(jc + q)) << 2);
    if (w == 8) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += ldb;
        dst += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, ld(src, w));
        v128.store(dst, w > 4 ? ld(src + 16, w - 4) : ZERO, 16);
        src += ldb;
        dst += 32;
      }
    }
  }
}

/** B stored [n, k]: 4×4 blocks are transposed with shuffles; the ragged edges go one float at a time. */
function packTransposed(b: usize, k: i32, pc: i32, jc: i32, kc: i32, nc: i32): void {
  const ldb: usize = (<usize>k) << 2;
  let dst = packed;
  for (let q = 0; q < nc; q += 8) {
    const w = min(8, nc - q);
    const src = b + <usize>(jc + q) * ldb + ((<usize>pc) << 2);
    let p = 0;
    if (w == 8) {
      for (; p + 4 <= kc; p += 4) {
        const s = src + ((<usize>p) << 2);
        const d = dst + ((<usize>p) << 5);
        transpose4(s, ldb, d);
        transpose4(s + 4 * ldb, ldb, d + 16);
      }
    }
    for (; p < kc; p++) {
      const d = dst + ((<usize>p) << 5);
      v128.store(d, f32x4.splat(0));
      v128.store(d, f32x4.splat(0), 16);
      for (let j = 0; j < w; j++)
        store<f32>(d + ((<usize>j) << 2), load<f32>(src + <usize>j * ldb + ((<usize>p) << 2)));
    }
    dst += (<usize>kc) << 5;
  }
}

/** Rows s, s+ld, s+2ld, s+3ld (4 floats each) become 4 columns written 32 bytes apart. */
function transpose4(s: usize, ld: usize, d: usize): void {
  const r0 = v128.load(s);
  const r1 = v128.load(s + ld);
  const r2 = v128.load(s + 2 * ld);
  const r3 = v128.load(s + 3 * ld);
  const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(d, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(d, f32x4.shuffle(t0, t2, 2, 3, 6, 7), 32);
  v128.store(d, f32x4.shuffle(t1, t3, 0, 1, 4, 5), 64);
  v128.store(d, f32x4.shuffle(t1, t3, 2, 3, 6, 7), 96);
}

/** The 4×8 micro-kernel: eight accumulators, one splat of A per row and two loads of B per step. */
function tile4(
  a: usize,
  rs: usize,
  cs: usize,
  bp: usize,
  kc: i32,
  c: usize,
  ldc: usize,
  w: i32,
  first: bool,
  b0: v128,
  b1: v128,
  relu: bool,
): void {
  let c00 = f32x4.splat(0);
  let c01 = c00;
  let c10 = c00;
  let c11 = c00;
  let c20 = c00;
  let c21 = c00;
  let c30 = c00;
  let c31 = c00;
  const a1 = a + rs;
  const a2 = a1 + rs;
  const a3 = a2 + rs;
  let off: usize = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let x = v128.load32_splat(a + off);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(a1 + off);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(a2 + off);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(a3 + off);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    off += cs;
    bp += 32;
  }
  put(c, c00, c01, w, first, b0, b1, relu);
  put(c + ldc, c10, c11, w, first, b0, b1, relu);
  put(c + 2 * ldc, c20, c21, w, first, b0, b1, relu);
  put(c + 3 * ldc, c30, c31, w, first, b0, b1, relu);
}

/**
 * tile4 for a panel of w ≤ 4 columns: the right half of B is zero padding, so it is skipped. Even and odd depth
 * steps go to separate accumulators: with one vector per row, a single chain would wait on each addition.
 */
function narrow4(
  a: usize,
  rs: usize,
  cs: usize,
  bp: usize,
  kc: i32,
  c: usize,
  ldc: usize,
  w: i32,
  first: bool,
  b0: v128,
  relu: bool,
): void {
  let c0 = f32x4.splat(0);
  let c1 = c0;
  let c2 = c0;
  let c3 = c0;
  let d0 = c0;
  let d1 = c0;
  let d2 = c0;
  let d3 = c0;
  const a1 = a + rs;
  const a2 = a1 + rs;
  const a3 = a2 + rs;
  let off: usize = 0;
  let p = 0;
  for (; p + 2 <= kc; p += 2) {
    const e = v128.load(bp);
    c0 = madd(v128.load32_splat(a + off), e, c0);
    c1 = madd(v128.load32_splat(a1 + off), e, c1);
    c2 = madd(v128.load32_splat(a2 + off), e, c2);
    c3 = madd(v128.load32_splat(a3 + off), e, c3);
    const o = off + cs;
    const f = v128.load(bp, 32);
    d0 = madd(v128.load32_splat(a + o), f, d0);
    d1 = madd(v128.load32_splat(a1 + o), f, d1);
    d2 = madd(v128.load32_splat(a2 + o), f, d2);
    d3 = madd(v128.load32_splat(a3 + o), f, d3);
    off = o + cs;
    bp += 64;
  }
  if (p < kc) {
    const e = v128.load(bp);
    c0 = madd(v128.load32_splat(a + off), e, c0);
    c1 = madd(v128.load32_splat(a1 + off), e, c1);
    c2 = madd(v128.load32_splat(a2 + off), e, c2);
    c3 = madd(v128.load32_splat(a3 + off), e, c3);
  }
  putNarrow(c, f32x4.add(c0, d0), w, first, b0, relu);
  putNarrow(c + ldc, f32x4.add(c1, d1), w, first, b0, relu);
  putNarrow(c + 2 * ldc, f32x4.add(c2, d2), w, first, b0, relu);
  putNarrow(c + 3 * ldc, f32x4.add(c3, d3), w, first, b0, relu);
}

function narrow1(a: usize, cs: usize, bp: usize, kc: i32, c: usize, w: i32, first: bool, b0: v128, relu: bool): void {
  let c0 = f32x4.splat(0);
  let d0 = c0;
  let p = 0;
  for (; p + 2 <= kc; p += 2) {
    c0 = madd(v128.load32_splat(a), v128.load(bp), c0);
    d0 = madd(v128.load32_splat(a + cs), v128.load(bp, 32), d0);
    a += cs << 1;
    bp += 64;
  }
  if (p < kc) c0 = madd(v128.load32_splat(a), v128.load(bp), c0);
  putNarrow(c, f32x4.add(c0, d0), w, first, b0, relu);
}

/** One row of A against a panel, for the rows left over below a multiple of 4; even and odd steps in two chains. */
function tile1(
  a: usize,
  cs: usize,
  bp: usize,
  kc: i32,
  c: usize,
  w: i32,
  first: bool,
  b0: v128,
  b1: v128,
  relu: bool,
): void {
  let c0 = f32x4.splat(0);
  let c1 = c0;
  let d0 = c0;
  let d1 = c0;
  let p = 0;
  for (; p + 2 <= kc; p += 2) {
    const x = v128.load32_splat(a);
    c0 = madd(x, v128.load(bp), c0);
    c1 = madd(x, v128.load(bp, 16), c1);
    const y = v128.load32_splat(a + cs);
    d0 = madd(y, v128.load(bp, 32), d0);
    d1 = madd(y, v128.load(bp, 48), d1);
    a += cs << 1;
    bp += 64;
  }
  if (p < kc) {
    const x = v128.load32_splat(a);
    c0 = madd(x, v128.load(bp), c0);
    c1 = madd(x, v128.load(bp, 16), c1);
  }
  put(c, f32x4.add(c0, d0), f32x4.add(c1, d1), w, first, b0, b1, relu);
}
