// optimizer updates over one parameter array and its slots, four floats at a time
import { at, ld, madd, st } from './simd';

export function sgdUpdate(p: usize, g: usize, n: i32, lr: f32): void {
  const step = f32x4.splat(-lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(p + at(i), madd(step, v128.load(g + at(i)), v128.load(p + at(i))));
  if (i < n) st(p + at(i), madd(step, ld(g + at(i), n - i), ld(p + at(i), n - i)), n - i);
}

/** v = momentum·v + (1 − dampening)·g; p −= lr·(nesterov ? g + momentum·v : v). */
export function momentumUpdate(
  p: usize,
  g: usize,
  v: usize,
  n: i32,
  lr: f32,
  momentum: f32,
  dampening: f32,
  nesterov: bool,
): void {
  const vm = f32x4.splat(momentum);
  const vd = f32x4.splat(1 - dampening);
  const vlr = f32x4.splat(-lr);
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const gi = ld(g + at(i), r);
    const vi = madd(vm, ld(v + at(i), r), f32x4.mul(vd, gi));
    st(v + at(i), vi, r);
    const d = nesterov ? madd(vm, vi, gi) : vi;
    st(p + at(i), madd(vlr, d, ld(p + at(i), r)), r);
  }
}

/** Keras' SGD: v = momentum·v − lr·g; p += v (nesterov: p += momentum·v − lr·g). */
export function sgdMomentumUpdate(p: usize, g: usize, v: usize, n: i32, lr: f32, momentum: f32, nesterov: bool): void {
  const vm = f32x4.splat(momentum);
  const vlr = f32x4.splat(-lr);
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const step = f32x4.mul(vlr, ld(g + at(i), r));
    const vi = madd(vm, ld(v + at(i), r), step);
    st(v + at(i), vi, r);
    const d = nesterov ? madd(vm, vi, step) : vi;
    st(p + at(i), f32x4.add(ld(p + at(i), r), d), r);
  }
}

export function rmspropUpdate(
  p: usize,
  g: usize,
  s: usize,
  velocity: usize,
  n: i32,
  lr: f32,
  rho: f32,
  epsilon: f32,
  momentum: f32,
): void {
  const vrho = f32x4.splat(rho);
  const vrest = f32x4.splat(1 - rho);
  const vlr = f32x4.splat(lr);
  const veps = f32x4.splat(epsilon);
  const vm = f32x4.splat(momentum);
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const gi = ld(g + at(i), r);
    const si = madd(vrho, ld(s + at(i), r), f32x4.mul(vrest, f32x4.mul(gi, gi)));
    st(s + at(i), si, r);
    let step = f32x4.div(f32x4.mul(vlr, gi), f32x4.add(f32x4.sqrt(si), veps));
    if (momentum > 0) {
      step = madd(vm, ld(velocity + at(i), r), step);
      st(velocity + at(i), step, r);
    }
    st(p + at(i), f32x4.sub(ld(p + at(i), r), step), r);
  }
}

/** Adam with eps outside the square root; weightDecay > 0 is AdamW's decoupled decay. */
export function adamUpdate(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  n: i32,
  lr: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
  step: f64,
  weightDecay: f32,
): void {
  const c1 = 1 - Math.pow(<f64>beta1, step);
  const c2 = 1 - Math.pow(<f64>beta2, step);
  const vb1 = f32x4.splat(beta1);
  const vb2 = f32x4.splat(beta2);
  const vr1 = f32x4.splat(1 - beta1);
  const vr2 = f32x4.splat(1 - beta2);
  const vlr = f32x4.splat(<f32>(<f64>lr / c1));
  const vc2 = f32x4.splat(<f32>(1 / c2));
  const veps = f32x4.splat(epsilon);
  const decay = f32x4.splat(weightDecay > 0 ? 1 - lr * weightDecay : 1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    // whole vectors: no partial loads, and multiplying by a decay of 1 costs less than a branch
    const gi = v128.load(g + at(i));
    const mi = madd(vb1, v128.load(m + at(i)), f32x4.mul(vr1, gi));
    const vi = madd(vb2, v128.load(v + at(i)), f32x4.mul(vr2, f32x4.mul(gi, gi)));
    v128.store(m + at(i), mi);
    v128.store(v + at(i), vi);
    const upd = f32x4.div(f32x4.mul(vlr, mi), f32x4.add(f32x4.sqrt(f32x4.mul(vi, vc2)), veps));
    v128.store(p + at(i), f32x4.sub(f32x4.mul(v128.load(p + at(i)), decay), upd));
  }
  if (i < n) {
    const r = n - i;
    const gi = ld(g + at(i), r);
    const mi = madd(vb1, ld(m + at(i), r), f32x4.mul(vr1, gi));
    const vi = madd(vb2, ld(v + at(i), r), f32x4.mul(vr2, f32x4.mul(gi, gi)));
    st(m + at(i), mi, r);
    st(v + at(i), vi, r);
    const upd = f32x4.div(f32x4.mul(vlr, mi), f32x4.add(f32x4.sqrt(f32x4.mul(vi, vc2)), veps));
    st(p + at(i), f32x4.sub(f32x4.mul(ld(p + at(i), r), decay), upd), r);
  }
}

export function adagradUpdate(p: usize, g: usize, s: usize, n: i32, lr: f32, epsilon: f32): void {
  const vlr = f32x4.splat(lr);
  const veps = f32x4.splat(epsilon);
  for (let i = 0; i < n; i += 4) {
    const r = n - i;
    const gi = ld(g + at(i), r);
    const si = madd(gi, gi, ld(s + at(i), r));
    st(s + at(i), si, r);
    st(p + at(i), f32x4.sub(ld(p + at(i), r), f32x4.div(f32x4.mul(vlr, gi), f32x4.add(f32x4.sqrt(si), veps))), r);
  }
}
