// Storing a finished GEMM tile through the epilogue. These helpers run once per tile row, so they must be inlined
// into the micro-kernels: `@inline` is AssemblyScript syntax that ESLint and Prettier cannot parse, which is why they
// live in this file on their own (both tools skip it; see eslint.config.js and .prettierignore).
import { ld, st } from './simd';

const ZERO = f32x4.splat(0);

/** x (+ the C it lands on, unless first) + bias, through relu when asked: the epilogue of one vector. */
@inline
function finish(x: v128, c: v128, first: bool, b: v128, relu: bool): v128 {
  const v = f32x4.add(first ? x : f32x4.add(x, c), b);
  return relu ? v128.and(v, f32x4.gt(v, ZERO)) : v; // as relu(): NaN → 0, like the reference kernel
}

/** Writes (or adds, unless first) one row of a tile: 8 columns, or the first w of them. */
@inline
export function put(c: usize, v0: v128, v1: v128, w: i32, first: bool, b0: v128, b1: v128, relu: bool): void {
  if (w == 8) {
    v128.store(c, finish(v0, first ? ZERO : v128.load(c), first, b0, relu));
    v128.store(c, finish(v1, first ? ZERO : v128.load(c, 16), first, b1, relu), 16);
    return;
  }
  v128.store(c, finish(v0, first ? ZERO : v128.load(c), first, b0, relu));
  st(c + 16, finish(v1, first ? ZERO : ld(c + 16, w - 4), first, b1, relu), w - 4);
}

@inline
export function putNarrow(c: usize, v: v128, w: i32, first: bool, b: v128, relu: bool): void {
  st(c, finish(v, first ? ZERO : ld(c, w), first, b, relu), w);
}
