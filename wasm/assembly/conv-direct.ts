// Direct convolution loops for images with few channels (a first layer's 1 or 3): with C that small a patch row is
// mostly bounds and copies, and im2col writes kh·kw floats per output pixel for only 2·kh·kw·F flops. Here each image
// is copied once into the scratch block with its zero border (so no tap is tested), and the taps are read in place:
// forward 4 output pixels × 8 filters per register block, the filter gradient 2 kernel rows × 8 filters.
import { at, ld, madd, st } from './simd';
import { vsigmoid, vtanh } from './vmath';

const ZERO = f32x4.splat(0);

/** The padded image's size: every tap of every output lands inside it. */
export function span(out: i32, k: i32, s: i32, d: i32): i32 {
  return (out - 1) * s + (k - 1) * d + 1;
}

/** Floats of scratch the direct loops need: one padded image. */
export function directScratch(outH: i32, outW: i32, C: i32, kH: i32, kW: i32, sH: i32, sW: i32, dH: i32, dW: i32): i32 {
  return span(outH, kH, sH, dH) * span(outW, kW, sW, dW) * C;
}

/** n floats from src to dst. */
function copy(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + at(i), v128.load(src + at(i)));
  for (; i < n; i++) store<f32>(dst + at(i), load<f32>(src + at(i)));
}

/**
 * Image x [inH, inW, C] into dst [hp, wp, C] at (padT, padL), zeros around (and nothing past hp, wp). The zeros
 * are written when `clear`: later images of a call overwrite the same interior, so the border stays zero.
 */
export function pad(
  x: usize,
  dst: usize,
  inH: i32,
  inW: i32,
  C: i32,
  hp: i32,
  wp: i32,
  padT: i32,
  padL: i32,
  clear: bool,
): void {
  if (clear) memory.fill(dst, 0, at(hp * wp * C));
  const cols = min(inW, wp - padL);
  if (cols <= 0) return;
  for (let iy = 0; iy < inH && iy + padT < hp; iy++)
    copy(dst + at(((iy + padT) * wp + padL) * C), x + at(iy * inW * C), cols * C);
}

function activate(v: v128, act: i32): v128 {
  if (act == 1) return f32x4.max(v, ZERO);
  if (act == 2) return vsigmoid(v);
  if (act == 3) return vtanh(v);
  return v;
}

/** conv2d by direct loops (see the file's head); bias 0: none; act as gemmRange's codes. */
export function conv2dDirect(
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
  const xStep = at(inH * inW * C);
  const pixStep = at(sW * C); // from one output pixel's taps to the next one's
  const ldk = at(F);
  // without dilation a kernel row's kW taps are kW·C consecutive floats of the padded image: one run, one loop
  const runs = dW == 1 ? 1 : kW;
  const run = dW == 1 ? kW * C : C;
  for (let b = 0; b < batch; b++) {
    pad(x + <usize>b * xStep, scratch, inH, inW, C, hp, wp, padT, padL, b == 0);
    let o = out + <usize>b * at(outH * outW * F);
    for (let oy = 0; oy < outH; oy++) {
      const rowBase = scratch + at(oy * sH * wp * C);
      let ox = 0;
      for (; ox < outW;) {
        const four = ox + 4 <= outW;
        const p = rowBase + <usize>ox * pixStep;
        for (let f = 0; f < F; f += 8) {
          const w = min(8, F - f);
          const bias0 = bias == 0 ? ZERO : ld(bias + at(f), w);
          const bias1 = bias == 0 || w <= 4 ? ZERO : ld(bias + at(f + 4), w - 4);
          let a0 = bias0;
          let a1 = bias0;
          let a2 = bias0;
          let a3 = bias0;
          let b0 = bias1;
          let b1 = bias1;
          let b2 = bias1;
          let b3 = bias1;
          let kr = kernel + at(f);
          for (let ky = 0; ky < kH; ky++) {
            for (let kx = 0; kx < runs; kx++) {
              let q = p + at((ky * dH * wp + kx * dW) * C);
              const end = q + at(run);
              if (four && w == 8) {
                // the common block: whole vectors, four pixels
                for (; q < end; q += 4) {
                  const k0 = v128.load(kr);
                  const k1 = v128.load(kr, 16);
                  let v = v128.load32_splat(q);
                  a0 = madd(v, k0, a0);
                  b0 = madd(v, k1, b0);
                  v = v128.load32_splat(q + pixStep);
                  a1 = madd(v, k0, a1);
                  b1 = madd(v, k1, b1);
                  v = v128.load32_splat(q + 2 * pixStep);
                  a2 = madd(v, k0, a2);
                  b2 = madd(v, k1, b2);
                  v = v128.load32_splat(q + 3 * pixStep);
                  a3 = madd(v, k0, a3);
                  b3 = madd(v, k1, b3);
                  kr += ldk;
                }
                continue;
              }
              for (; q < end; q += 4) {
                const k0 = ld(kr, w);
                const k1 = w > 4 ? ld(kr + 16, w - 4) : ZERO;
                let v = v128.load32_splat(q);
                a0 = madd(v, k0, a0);
                b0 = madd(v, k1, b0);
                if (four) {
                  v = v128.load32_splat(q + pixStep);
                  a1 = madd(v, k0, a1);
                  b1 = madd(v, k1, b1);
                  v = v128.load32_splat(q + 2 * pixStep);
                  a2 = madd(v, k0, a2);
                  b2 = madd(v, k1, b2);
                  v = v128.load32_splat(q + 3 * pixStep);
                  a3 = madd(v, k0, a3);
                  b3 = madd(v, k1, b3);
                }
                kr += ldk;
              }
            }
          }
          const dst = o + at(f);
          st(dst, activate(a0, act), w);
          if (w > 4) st(dst + 16, activate(b0, act), w - 4);
          if (four) {
            for (let j = 1; j < 4; j++) {
              const v = j == 1 ? a1 : j == 2 ? a2 : a3;
              const u = j == 1 ? b1 : j == 2 ? b2 : b3;
              const oj = dst + at(j * F);
              st(oj, activate(v, act), w);
              if (w > 4) st(oj + 16, activate(u, act), w - 4);
            }
          }
        }
        const step = four ? 4 : 1;
        ox += step;
        o += at(step * F);
      }
    }
  }
}

/** conv2dBackwardFilter by direct loops: dKernel[r, f] (+)= Σ over images and pixels of tap r's input × dy[pixel, f]. */
export function conv2dBackwardFilterDirect(
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
  const pixStep = at(sW * C);
  const rowStep = at(sH * wp * C);
  if (accumulate == 0) memory.fill(dKernel, 0, at(K * F));
  for (let b = 0; b < batch; b++) {
    pad(x + <usize>b * xStep, scratch, inH, inW, C, hp, wp, padT, padL, b == 0);
    const dyb = dy + <usize>b * at(outH * outW * F);
    for (let r = 0; r < K; r += 2) {
      const two = r + 1 < K;
      const off0 = tapOffset(r, kW, C, dH, dW, wp);
      const off1 = two ? tapOffset(r + 1, kW, C, dH, dW, wp) : off0;
      for (let f = 0; f < F; f += 8) {
        const w = min(8, F - f);
        let a0 = ZERO;
        let a1 = ZERO;
        let c0 = ZERO;
        let c1 = ZERO;
        let g = dyb + at(f);
        let row = scratch;
        for (let oy = 0; oy < outH; oy++) {
          let p = row;
          for (let ox = 0; ox < outW; ox++) {
            const d0 = ld(g, w);
            const d1 = w > 4 ? ld(g + 16, w - 4) : ZERO;
            const v = v128.load32_splat(p + off0);
            a0 = madd(v, d0, a0);
            a1 = madd(v, d1, a1);
            const u = v128.load32_splat(p + off1);
            c0 = madd(u, d0, c0);
            c1 = madd(u, d1, c1);
            p += pixStep;
            g += at(F);
          }
          row += rowStep;
        }
        const k0 = dKernel + at(r * F + f);
        st(k0, f32x4.add(ld(k0, w), a0), w);
        if (w > 4) st(k0 + 16, f32x4.add(ld(k0 + 16, w - 4), a1), w - 4);
        if (two) {
          const k1 = k0 + at(F);
          st(k1, f32x4.add(ld(k1, w), c0), w);
          if (w > 4) st(k1 + 16, f32x4.add(ld(k1 + 16, w - 4), c1), w - 4);
        }
      }
    }
  }
}

/** Byte offset, in the padded image, of kernel row r = (ky·kW + kx)·C + c from its output pixel's first tap. */
export function tapOffset(r: i32, kW: i32, C: i32, dH: i32, dW: i32, wp: i32): usize {
  const c = r % C;
  const t = r / C;
  return at(((t / kW) * dH * wp + (t % kW) * dW) * C + c);
}
