// Direct convolution loops for filter counts that are a multiple of 8, built around one small register block each:
// forward 4 output pixels × 8 filters, filter gradient 4 kernel rows × 8 filters (both eight accumulators, the
// most V8 keeps in registers: twelve spilled and ran at half speed). The four pixels (or taps) are four independent
// pointers, so a block runs on across output rows (no ragged tail per row) and any four taps form a block. Each
// image is first copied into scratch with its zero border (conv-direct.ts's pad), so no tap is tested. With
// conv-direct.ts's loops the same 4×8 block ran at 60–85% of the GEMM's speed; separate small functions keep
// the hot loop free of the other paths' live values.
import { directScratch, pad, span, tapOffset } from './conv-direct';
import { at, madd } from './simd';
import { vsigmoid, vtanh } from './vmath';

const ZERO = f32x4.splat(0);

function activate(v: v128, act: i32): v128 {
  if (act == 2) return vsigmoid(v);
  if (act == 3) return vtanh(v);
  return v;
}

/**
 * Four output pixels (first taps at p0…p3) × 8 filters (kernel columns at k, ldk bytes per kernel row), the taps'
 * byte offsets read from [table, tableEnd): one loop of K steps (nested loops over kernel rows and runs of 5 taps
 * ran conv 1 at 0.86× and conv 2 at 0.91× of this).
 */
function blockTable(
  p0: usize,
  p1: usize,
  p2: usize,
  p3: usize,
  k: usize,
  ldk: usize,
  table: usize,
  tableEnd: usize,
  bias0: v128,
  bias1: v128,
  o0: usize,
  o1: usize,
  o2: usize,
  o3: usize,
  act: i32,
): void {
  let a0 = bias0;
  let a1 = bias1;
  let b0 = bias0;
  let b1 = bias1;
  let c0 = bias0;
  let c1 = bias1;
  let d0 = bias0;
  let d1 = bias1;
  for (let t = table; t < tableEnd; t += 4) {
    const off = <usize>load<u32>(t);
    const k0 = v128.load(k);
    const k1 = v128.load(k, 16);
    let v = v128.load32_splat(p0 + off);
    a0 = madd(v, k0, a0);
    a1 = madd(v, k1, a1);
    v = v128.load32_splat(p1 + off);
    b0 = madd(v, k0, b0);
    b1 = madd(v, k1, b1);
    v = v128.load32_splat(p2 + off);
    c0 = madd(v, k0, c0);
    c1 = madd(v, k1, c1);
    v = v128.load32_splat(p3 + off);
    d0 = madd(v, k0, d0);
    d1 = madd(v, k1, d1);
    k += ldk;
  }
  // relu written out: a call per vector (activate is not inlined) took 3% of cnn-small's training steps
  if (act == 1) {
    a0 = f32x4.max(a0, ZERO);
    a1 = f32x4.max(a1, ZERO);
    b0 = f32x4.max(b0, ZERO);
    b1 = f32x4.max(b1, ZERO);
    c0 = f32x4.max(c0, ZERO);
    c1 = f32x4.max(c1, ZERO);
    d0 = f32x4.max(d0, ZERO);
    d1 = f32x4.max(d1, ZERO);
  } else if (act != 0) {
    a0 = activate(a0, act);
    a1 = activate(a1, act);
    b0 = activate(b0, act);
    b1 = activate(b1, act);
    c0 = activate(c0, act);
    c1 = activate(c1, act);
    d0 = activate(d0, act);
    d1 = activate(d1, act);
  }
  v128.store(o0, a0);
  v128.store(o0, a1, 16);
  v128.store(o1, b0);
  v128.store(o1, b1, 16);
  v128.store(o2, c0);
  v128.store(o2, c1, 16);
  v128.store(o3, d0);
  v128.store(o3, d1, 16);
}

/** Floats of scratch conv2dNarrow needs: one padded image and a table of the kernel's kh·kw·C tap offsets. */
export function narrowScratch(outH: i32, outW: i32, C: i32, kH: i32, kW: i32, sH: i32, sW: i32, dH: i32, dW: i32): i32 {
  return ((directScratch(outH, outW, C, kH, kW, sH, sW, dH, dW) + 3) & ~3) + kH * kW * C;
}

/** conv2d by the 4-pixel × 8-filter block (see the file's head); F a multiple of 8; act as gemmRange's codes;
 * scratch of narrowScratch floats. */
export function conv2dNarrow(
  x: usize,
  kernel: usize,
  bias: usize,
  out: usize,
  scratch: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  C: i32,
  outH: i32,
  outW: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  dH: i32,
  dW: i32,
  padT: i32,
  padL: i32,
  F: i32,
  act: i32,
): void {
  const hp = span(outH, kH, sH, dH);
  const wp = span(outW, kW, sW, dW);
  const ldk = at(F);
  const M = outH * outW;
  const xStep = at(inH * inW * C);
  // the taps' offsets after the padded image
  const K = kH * kW * C;
  const table = scratch + at((hp * wp * C + 3) & ~3);
  for (let r = 0; r < K; r++) store<u32>(table + at(r), <u32>tapOffset(r, kW, C, dH, dW, wp));
  const tableEnd = table + at(K);
  for (let b = 0; b < batch; b++) {
    pad(x + <usize>b * xStep, scratch, inH, inW, C, hp, wp, padT, padL, b == 0);
    const o = out + <usize>b * at(M * F);
    // pixel n's first tap: stepped along the output rows (dividing n by outW per block cost conv 1 a third)
    let oy = 0;
    let ox = 0;
    for (let n = 0; n < M; n += 4) {
      // the last block repeats its last pixel where M is not a multiple of 4 (same value stored twice)
      const n1 = min(n + 1, M - 1);
      const n2 = min(n + 2, M - 1);
      const n3 = min(n + 3, M - 1);
      const p0 = scratch + at((oy * sH * wp + ox * sW) * C);
      if (++ox == outW) {
        ox = 0;
        oy++;
      }
      const p1 = n + 1 < M ? scratch + at((oy * sH * wp + ox * sW) * C) : p0;
      if (++ox == outW) {
        ox = 0;
        oy++;
      }
      const p2 = n + 2 < M ? scratch + at((oy * sH * wp + ox * sW) * C) : p1;
      if (++ox == outW) {
        ox = 0;
        oy++;
      }
      const p3 = n + 3 < M ? scratch + at((oy * sH * wp + ox * sW) * C) : p2;
      if (++ox == outW) {
        ox = 0;
        oy++;
      }
      for (let f = 0; f < F; f += 8) {
        const bias0 = bias == 0 ? ZERO : v128.load(bias + at(f));
        const bias1 = bias == 0 ? ZERO : v128.load(bias + at(f + 4));
        blockTable(
          p0,
          p1,
          p2,
          p3,
          kernel + at(f),
          ldk,
          table,
          tableEnd,
          bias0,
          bias1,
          o + at(n * F + f),
          o + at(n1 * F + f),
          o + at(n2 * F + f),
          o + at(n3 * F + f),
          act,
        );
      }
    }
  }
}

/**
 * Four kernel rows (taps at o0…o3 from a pixel's first tap; the first `taps` of them stored) × 8 filters: their
 * gradient summed over one image's pixels (first taps' offsets in [table, tableEnd): one loop, where nested loops
 * over rows of 14 pixels ran at 0.9× of it) and added to dk (the rows ldk bytes apart).
 */
function filterBlock(
  image: usize,
  g: usize,
  ldg: usize,
  table: usize,
  tableEnd: usize,
  o0: usize,
  o1: usize,
  o2: usize,
  o3: usize,
  dk: usize,
  ldk: usize,
  taps: i32,
): void {
  let a0 = ZERO;
  let a1 = ZERO;
  let b0 = ZERO;
  let b1 = ZERO;
  let c0 = ZERO;
  let c1 = ZERO;
  let d0 = ZERO;
  let d1 = ZERO;
  for (let t = table; t < tableEnd; t += 4) {
    const p = image + <usize>load<u32>(t);
    const g0 = v128.load(g);
    const g1 = v128.load(g, 16);
    let v = v128.load32_splat(p + o0);
    a0 = madd(v, g0, a0);
    a1 = madd(v, g1, a1);
    v = v128.load32_splat(p + o1);
    b0 = madd(v, g0, b0);
    b1 = madd(v, g1, b1);
    v = v128.load32_splat(p + o2);
    c0 = madd(v, g0, c0);
    c1 = madd(v, g1, c1);
    v = v128.load32_splat(p + o3);
    d0 = madd(v, g0, d0);
    d1 = madd(v, g1, d1);
    g += ldg;
  }
  v128.store(dk, f32x4.add(v128.load(dk), a0));
  v128.store(dk, f32x4.add(v128.load(dk, 16), a1), 16);
  if (taps < 2) return;
  dk += ldk;
  v128.store(dk, f32x4.add(v128.load(dk), b0));
  v128.store(dk, f32x4.add(v128.load(dk, 16), b1), 16);
  if (taps < 3) return;
  dk += ldk;
  v128.store(dk, f32x4.add(v128.load(dk), c0));
  v128.store(dk, f32x4.add(v128.load(dk, 16), c1), 16);
  if (taps < 4) return;
  dk += ldk;
  v128.store(dk, f32x4.add(v128.load(dk), d0));
  v128.store(dk, f32x4.add(v128.load(dk, 16), d1), 16);
}

/** Floats of scratch conv2dBackwardFilterNarrow needs: one padded image and a table of the outH·outW pixels' offsets. */
export function filterNarrowScratch(
  outH: i32,
  outW: i32,
  C: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  dH: i32,
  dW: i32,
): i32 {
  return ((directScratch(outH, outW, C, kH, kW, sH, sW, dH, dW) + 3) & ~3) + outH * outW;
}

/**
 * conv2dBackwardFilter by the 4-kernel-row × 8-filter block (F a multiple of 8): dKernel[r, f] (+)= Σ over images
 * and pixels of tap r's input × dy[pixel, f]; accumulate ≠ 0 adds to dKernel. Scratch of filterNarrowScratch floats.
 */
export function conv2dBackwardFilterNarrow(
  x: usize,
  dy: usize,
  dKernel: usize,
  scratch: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  C: i32,
  outH: i32,
  outW: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  dH: i32,
  dW: i32,
  padT: i32,
  padL: i32,
  F: i32,
  accumulate: i32,
): void {
  const hp = span(outH, kH, sH, dH);
  const wp = span(outW, kW, sW, dW);
  const K = kH * kW * C;
  const xStep = at(inH * inW * C);
  const ldk = at(F);
  if (accumulate == 0) memory.fill(dKernel, 0, at(K * F));
  // the pixels' first taps, after the padded image
  const M = outH * outW;
  const table = scratch + at((hp * wp * C + 3) & ~3);
  for (let n = 0; n < M; n++) {
    const oy = n / outW;
    store<u32>(table + at(n), <u32>at((oy * sH * wp + (n - oy * outW) * sW) * C));
  }
  const tableEnd = table + at(M);
  for (let b = 0; b < batch; b++) {
    pad(x + <usize>b * xStep, scratch, inH, inW, C, hp, wp, padT, padL, b == 0);
    const dyb = dy + <usize>b * at(outH * outW * F);
    for (let r = 0; r < K; r += 4) {
      const taps = min(4, K - r);
      const o0 = tapOffset(r, kW, C, dH, dW, wp);
      const o1 = taps > 1 ? tapOffset(r + 1, kW, C, dH, dW, wp) : o0;
      const o2 = taps > 2 ? tapOffset(r + 2, kW, C, dH, dW, wp) : o1;
      const o3 = taps > 3 ? tapOffset(r + 3, kW, C, dH, dW, wp) : o2;
      for (let f = 0; f < F; f += 8)
        filterBlock(scratch, dyb + at(f), ldk, table, tableEnd, o0, o1, o2, o3, dKernel + at(r * F + f), ldk, taps);
    }
  }
}

/** Floats of scratch conv2dBackwardInputNarrow needs: the flipped kernel and conv2dNarrow's over dy. */
export function inputNarrowScratch(inH: i32, inW: i32, C: i32, kH: i32, kW: i32, dH: i32, dW: i32, F: i32): i32 {
  return kH * kW * F * C + narrowScratch(inH, inW, F, kH, kW, 1, 1, dH, dW);
}

/**
 * The input gradient at stride 1 as a forward convolution of dy with the kernel flipped and transposed
 * ([kh, kw, F, C], in scratch), by conv2dNarrow: C a multiple of 8, padding at most the kernel's reach, scratch of
 * inputNarrowScratch floats.
 */
export function conv2dBackwardInputNarrow(
  dy: usize,
  kernel: usize,
  dx: usize,
  scratch: usize,
  batch: i32,
  inH: i32,
  inW: i32,
  C: i32,
  outH: i32,
  outW: i32,
  kH: i32,
  kW: i32,
  sH: i32,
  sW: i32,
  dH: i32,
  dW: i32,
  padT: i32,
  padL: i32,
  F: i32,
): void {
  // flipped[ky, kx, f, c] = kernel[kH-1-ky, kW-1-kx, c, f]
  for (let ky = 0; ky < kH; ky++)
    for (let kx = 0; kx < kW; kx++) {
      const src = kernel + at(((kH - 1 - ky) * kW + (kW - 1 - kx)) * C * F);
      const dst = scratch + at((ky * kW + kx) * F * C);
      for (let c = 0; c < C; c++)
        for (let f = 0; f < F; f++) store<f32>(dst + at(f * C + c), load<f32>(src + at(c * F + f)));
    }
  conv2dNarrow(
    dy,
    scratch,
    0,
    dx,
    scratch + at(kH * kW * F * C),
    batch,
    outH,
    outW,
    F,
    inH,
    inW,
    kH,
    kW,
    1,
    1,
    dH,
    dW,
    (kH - 1) * dH - padT,
    (kW - 1) * dW - padL,
    C,
    0,
  );
}
