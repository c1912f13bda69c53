// activations forward and backward, elementwise over n floats (vectors of 4, the tail through ld/st)
import { at, ld, st } from './simd';
import { erf, vexp, vexpm1, vlog, vsigmoid, vtanh } from './vmath';

const ZERO = f32x4.splat(0);
const ONE = f32x4.splat(1);
const INV_SQRT_2: f64 = 0.7071067811865476;
const INV_SQRT_2PI: f64 = 0.3989422804014327;

// the hot kernels run whole vectors in the main loop and the tail once: a partial load's branch inside the loop costs
// about half their time
export function mul(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + at(i), f32x4.mul(v128.load(a + at(i)), v128.load(b + at(i))));
  if (i < n) st(out + at(i), f32x4.mul(ld(a + at(i), n - i), ld(b + at(i), n - i)), n - i);
}

export function relu(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x + at(i));
    v128.store(out + at(i), v128.and(v, f32x4.gt(v, ZERO)));
  }
  if (i < n) {
    const v = ld(x + at(i), n - i);
    st(out + at(i), v128.and(v, f32x4.gt(v, ZERO)), n - i);
  }
}

export function reluBackward(z: usize, dy: usize, dz: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4)
    v128.store(dz + at(i), v128.and(v128.load(dy + at(i)), f32x4.gt(v128.load(z + at(i)), ZERO)));
  if (i < n) st(dz + at(i), v128.and(ld(dy + at(i), n - i), f32x4.gt(ld(z + at(i), n - i), ZERO)), n - i);
}

export function leakyRelu(x: usize, out: usize, n: i32, alpha: f32): void {
  const va = f32x4.splat(alpha);
  for (let i = 0; i < n; i += 4) {
    const v = ld(x + at(i), n - i);
    st(out + at(i), v128.bitselect(v, f32x4.mul(va, v), f32x4.gt(v, ZERO)), n - i);
  }
}

export function leakyReluBackward(z: usize, dy: usize, dz: usize, n: i32, alpha: f32): void {
  const va = f32x4.splat(alpha);
  for (let i = 0; i < n; i += 4) {
    const g = ld(dy + at(i), n - i);
    st(dz + at(i), v128.bitselect(g, f32x4.mul(va, g), f32x4.gt(ld(z + at(i), n - i), ZERO)), n - i);
  }
}

export function elu(x: usize, out: usize, n: i32, alpha: f32, scale: f32): void {
  const va = f32x4.splat(alpha);
  const vs = f32x4.splat(scale);
  for (let i = 0; i < n; i += 4) {
    const v = ld(x + at(i), n - i);
    const neg = f32x4.mul(va, vexpm1(f32x4.min(v, ZERO)));
    st(out + at(i), f32x4.mul(vs, v128.bitselect(v, neg, f32x4.gt(v, ZERO))), n - i);
  }
}

/** For z ≤ 0, d/dz scale·alpha·(eᶻ − 1) = a + scale·alpha. */
export function eluBackward(z: usize, a: usize, dy: usize, dz: usize, n: i32, alpha: f32, scale: f32): void {
  const vs = f32x4.splat(scale);
  const vsa = f32x4.splat(scale * alpha);
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const slope = v128.bitselect(vs, f32x4.add(ld(a + at(i), r), vsa), f32x4.gt(ld(z + at(i), r), ZERO));
    st(dz + at(i), f32x4.mul(ld(dy + at(i), r), slope), r);
  }
}

export function sigmoid(x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(out + at(i), vsigmoid(v128.load(x + at(i))));
  if (i < n) st(out + at(i), vsigmoid(ld(x + at(i), n - i)), n - i);
}

export function sigmoidBackward(a: usize, dy: usize, dz: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const v = ld(a + at(i), n - i);
    st(dz + at(i), f32x4.mul(f32x4.mul(ld(dy + at(i), n - i), v), f32x4.sub(ONE, v)), n - i);
  }
}

export function tanh(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) st(out + at(i), vtanh(ld(x + at(i), n - i)), n - i);
}

export function tanhBackward(a: usize, dy: usize, dz: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const v = ld(a + at(i), n - i);
    st(dz + at(i), f32x4.mul(ld(dy + at(i), n - i), f32x4.sub(ONE, f32x4.mul(v, v))), n - i);
  }
}

/** max(x, 0) + log1p(e^(−|x|)), in float64 (scalar: log1p has no vector form here). */
export function softplus(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(x + at(i));
    store<f32>(out + at(i), <f32>(Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))));
  }
}

export function softplusBackward(z: usize, dy: usize, dz: usize, n: i32): void {
  for (let i = 0; i < n; i += 4)
    st(dz + at(i), f32x4.mul(ld(dy + at(i), n - i), vsigmoid(ld(z + at(i), n - i))), n - i);
}

export function swish(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const v = ld(x + at(i), n - i);
    st(out + at(i), f32x4.mul(v, vsigmoid(v)), n - i);
  }
}

export function swishBackward(z: usize, dy: usize, dz: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const v = ld(z + at(i), n - i);
    const sg = vsigmoid(v);
    const d = f32x4.add(sg, f32x4.mul(f32x4.mul(v, sg), f32x4.sub(ONE, sg)));
    st(dz + at(i), f32x4.mul(ld(dy + at(i), n - i), d), n - i);
  }
}

/** Exact GELU, x·Φ(x), in float64 through erf (scalar). */
export function gelu(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(x + at(i));
    store<f32>(out + at(i), <f32>(0.5 * v * (1 + erf(v * INV_SQRT_2))));
  }
}

export function geluBackward(z: usize, dy: usize, dz: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(z + at(i));
    const d = 0.5 * (1 + erf(v * INV_SQRT_2)) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
    store<f32>(dz + at(i), <f32>(<f64>load<f32>(dy + at(i)) * d));
  }
}

/** eˣ elementwise (for softmax rows and tests of the vector exp). */
export function exp(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) st(out + at(i), vexp(ld(x + at(i), n - i)), n - i);
}

/** The vector ln, exported for its accuracy test. */
export function log(x: usize, out: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) st(out + at(i), vlog(ld(x + at(i), n - i)), n - i);
}
