// recurrent cells one time step at a time, four units per vector: the TypeScript step kernels (js/recurrent.ts) in
// SIMD, each cell's gate math fused into one pass over a row; activation codes: 0 linear, 1 relu, 2 sigmoid, 3 tanh
import { at, ld, st } from './simd';
import { vsigmoid, vtanh } from './vmath';

const ZERO = f32x4.splat(0);
const ONE = f32x4.splat(1);

/** g(v) for an activation code (the branch is the same for every vector of a call, so it predicts). */
function vact(code: i32, v: v128): v128 {
  if (code == 3) return vtanh(v);
  if (code == 2) return vsigmoid(v);
  if (code == 1) return v128.and(v, f32x4.gt(v, ZERO));
  return v;
}

/** g'(z) read from a = g(z); tanh's 1 − a² as (1 − a)(1 + a), exact where a saturates and 1 − a·a would cancel. */
function vslope(code: i32, a: v128): v128 {
  if (code == 3) return f32x4.mul(f32x4.sub(ONE, a), f32x4.add(ONE, a));
  if (code == 2) return f32x4.mul(a, f32x4.sub(ONE, a));
  if (code == 1) return v128.and(ONE, f32x4.gt(a, ZERO));
  return ONE;
}

/** h = act(z) over n values (h may be z). */
export function rnnStep(z: usize, h: usize, n: i32, act: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(h + at(i), vact(act, v128.load(z + at(i))));
  if (i < n) st(h + at(i), vact(act, ld(z + at(i), n - i)), n - i);
}

/** dz = dh ⊙ act'(z), read from h = act(z). */
export function rnnStepBackward(h: usize, dh: usize, dz: usize, n: i32, act: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4)
    v128.store(dz + at(i), f32x4.mul(v128.load(dh + at(i)), vslope(act, v128.load(h + at(i)))));
  if (i < n) st(dz + at(i), f32x4.mul(ld(dh + at(i), n - i), vslope(act, ld(h + at(i), n - i))), n - i);
}

/** One LSTM step: gates [rows, 4u] (i, f, c, o) activated in place; c = f ⊙ cPrev + i ⊙ g; h = o ⊙ act(c). */
export function lstmStep(
  gates: usize,
  cPrev: usize,
  c: usize,
  h: usize,
  rows: i32,
  units: i32,
  act: i32,
  recAct: i32,
): void {
  const u = at(units);
  for (let row = 0; row < rows; row++) {
    const g0 = gates + at(row * 4 * units);
    const s0 = at(row * units);
    for (let j = 0; j < units; j += 4) {
      const r = units - j;
      const pi = g0 + at(j);
      const i = vact(recAct, ld(pi, r));
      const f = vact(recAct, ld(pi + u, r));
      const g = vact(act, ld(pi + 2 * u, r));
      const o = vact(recAct, ld(pi + 3 * u, r));
      st(pi, i, r);
      st(pi + u, f, r);
      st(pi + 2 * u, g, r);
      st(pi + 3 * u, o, r);
      const p = s0 + at(j);
      const cell = f32x4.add(f32x4.mul(f, ld(cPrev + p, r)), f32x4.mul(i, g));
      st(c + p, cell, r);
      st(h + p, f32x4.mul(o, vact(act, cell)), r);
    }
  }
}

/** The LSTM step backwards: dz [rows, 4u] from the activated gates; dc in (into c), out (into cPrev). */
export function lstmStepBackward(
  gates: usize,
  cPrev: usize,
  c: usize,
  dh: usize,
  dc: usize,
  dz: usize,
  rows: i32,
  units: i32,
  act: i32,
  recAct: i32,
): void {
  const u = at(units);
  for (let row = 0; row < rows; row++) {
    const g0 = at(row * 4 * units);
    const s0 = at(row * units);
    for (let j = 0; j < units; j += 4) {
      const r = units - j;
      const pg = gates + g0 + at(j);
      const pd = dz + g0 + at(j);
      const p = s0 + at(j);
      const i = ld(pg, r);
      const f = ld(pg + u, r);
      const g = ld(pg + 2 * u, r);
      const o = ld(pg + 3 * u, r);
      const tc = vact(act, ld(c + p, r));
      const d = ld(dh + p, r);
      const total = f32x4.add(ld(dc + p, r), f32x4.mul(f32x4.mul(d, o), vslope(act, tc)));
      st(pd, f32x4.mul(f32x4.mul(total, g), vslope(recAct, i)), r);
      st(pd + u, f32x4.mul(f32x4.mul(total, ld(cPrev + p, r)), vslope(recAct, f)), r);
      st(pd + 2 * u, f32x4.mul(f32x4.mul(total, i), vslope(act, g)), r);
      st(pd + 3 * u, f32x4.mul(f32x4.mul(d, tc), vslope(recAct, o)), r);
      st(dc + p, f32x4.mul(total, f), r);
    }
  }
}

/** The GRU's update and reset gates: recAct(gates[:, :2u] + inner) in place (inner [rows, 2u]); rh = r ⊙ hPrev. */
export function gruGates(
  gates: usize,
  inner: usize,
  hPrev: usize,
  rh: usize,
  rows: i32,
  units: i32,
  recAct: i32,
): void {
  const u = at(units);
  for (let row = 0; row < rows; row++) {
    const g0 = gates + at(row * 3 * units);
    const i0 = inner + at(row * 2 * units);
    const s0 = at(row * units);
    for (let j = 0; j < units; j += 4) {
      const r = units - j;
      const pg = g0 + at(j);
      const pi = i0 + at(j);
      st(pg, vact(recAct, f32x4.add(ld(pg, r), ld(pi, r))), r);
      const reset = vact(recAct, f32x4.add(ld(pg + u, r), ld(pi + u, r)));
      st(pg + u, reset, r);
      const p = s0 + at(j);
      st(rh + p, f32x4.mul(reset, ld(hPrev + p, r)), r);
    }
  }
}

/** The GRU's candidate hh = act(x_h + (r ⊙) innerH) into gates[:, 2u:], and h = z ⊙ hPrev + (1 − z) ⊙ hh. */
export function gruOutput(
  gates: usize,
  innerH: usize,
  hPrev: usize,
  h: usize,
  rows: i32,
  units: i32,
  act: i32,
  resetAfter: bool,
): void {
  const u = at(units);
  for (let row = 0; row < rows; row++) {
    const g0 = gates + at(row * 3 * units);
    const s0 = at(row * units);
    for (let j = 0; j < units; j += 4) {
      const r = units - j;
      const pg = g0 + at(j);
      const p = s0 + at(j);
      const z = ld(pg, r);
      let part = ld(innerH + p, r);
      if (resetAfter) part = f32x4.mul(ld(pg + u, r), part);
      const hh = vact(act, f32x4.add(ld(pg + 2 * u, r), part));
      st(pg + 2 * u, hh, r);
      st(h + p, f32x4.add(f32x4.mul(z, ld(hPrev + p, r)), f32x4.mul(f32x4.sub(ONE, z), hh)), r);
    }
  }
}

/** gruOutput backwards: the candidate's pre-activation gradient into dz[:, 2u:], innerH's into dInnerH. */
export function gruOutputBackward(
  gates: usize,
  dh: usize,
  dz: usize,
  dInnerH: usize,
  rows: i32,
  units: i32,
  act: i32,
  resetAfter: bool,
): void {
  const u = at(units);
  for (let row = 0; row < rows; row++) {
    const g0 = at(row * 3 * units);
    const s0 = at(row * units);
    for (let j = 0; j < units; j += 4) {
      const r = units - j;
      const pg = gates + g0 + at(j);
      const p = s0 + at(j);
      const da = f32x4.mul(f32x4.mul(ld(dh + p, r), f32x4.sub(ONE, ld(pg, r))), vslope(act, ld(pg + 2 * u, r)));
      st(dz + g0 + at(j) + 2 * u, da, r);
      st(dInnerH + p, resetAfter ? f32x4.mul(da, ld(pg + u, r)) : da, r);
    }
  }
}

/**
 * gruGates backwards, after gruOutputBackward: dz[:, :2u] and dzr [rows, 2u]; dhPrev += dh ⊙ z (+ drh ⊙ r without
 * `resetAfter`, when drh is read).
 */
export function gruGatesBackward(
  gates: usize,
  innerH: usize,
  hPrev: usize,
  dh: usize,
  drh: usize,
  dz: usize,
  dzr: usize,
  dhPrev: usize,
  rows: i32,
  units: i32,
  recAct: i32,
  resetAfter: bool,
): void {
  const u = at(units);
  for (let row = 0; row < rows; row++) {
    const g0 = at(row * 3 * units);
    const i0 = dzr + at(row * 2 * units);
    const s0 = at(row * units);
    for (let j = 0; j < units; j += 4) {
      const r = units - j;
      const pg = gates + g0 + at(j);
      const pd = dz + g0 + at(j);
      const p = s0 + at(j);
      const z = ld(pg, r);
      const reset = ld(pg + u, r);
      const hp = ld(hPrev + p, r);
      const d = ld(dh + p, r);
      const drhv = resetAfter ? ZERO : ld(drh + p, r);
      const dr = resetAfter ? f32x4.mul(ld(pd + 2 * u, r), ld(innerH + p, r)) : f32x4.mul(drhv, hp);
      const dzz = f32x4.mul(f32x4.mul(d, f32x4.sub(hp, ld(pg + 2 * u, r))), vslope(recAct, z));
      const drr = f32x4.mul(dr, vslope(recAct, reset));
      st(pd, dzz, r);
      st(pd + u, drr, r);
      st(i0 + at(j), dzz, r);
      st(i0 + at(j) + u, drr, r);
      let back = f32x4.mul(d, z);
      if (!resetAfter) back = f32x4.add(back, f32x4.mul(drhv, reset));
      st(dhPrev + p, f32x4.add(ld(dhPrev + p, r), back), r);
    }
  }
}

/** out += a ⊙ b over n values. */
export function addProduct(a: usize, b: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const p = at(i);
    v128.store(out + p, f32x4.add(v128.load(out + p), f32x4.mul(v128.load(a + p), v128.load(b + p))));
  }
  if (i < n) {
    const p = at(i);
    const r = n - i;
    st(out + p, f32x4.add(ld(out + p, r), f32x4.mul(ld(a + p, r), ld(b + p, r))), r);
  }
}

/** next[b, :] = prev[b, :] for every row whose mask is 0. */
export function keepMasked(mask: usize, prev: usize, next: usize, rows: i32, units: i32): void {
  const bytes = at(units);
  for (let b = 0; b < rows; b++)
    if (load<f32>(mask + at(b)) == 0) memory.copy(next + <usize>b * bytes, prev + <usize>b * bytes, bytes);
}

/** saved[b, :] = grad[b, :] and grad[b, :] = 0 for every row whose mask is 0. */
export function takeMasked(mask: usize, grad: usize, saved: usize, rows: i32, units: i32): void {
  const bytes = at(units);
  for (let b = 0; b < rows; b++)
    if (load<f32>(mask + at(b)) == 0) {
      memory.copy(saved + <usize>b * bytes, grad + <usize>b * bytes, bytes);
      memory.fill(grad + <usize>b * bytes, 0, bytes);
    }
}

/** grad[b, :] += saved[b, :] for every row whose mask is 0. */
export function addMasked(mask: usize, saved: usize, grad: usize, rows: i32, units: i32): void {
  const bytes = at(units);
  for (let b = 0; b < rows; b++)
    if (load<f32>(mask + at(b)) == 0) {
      const ps = saved + <usize>b * bytes;
      const pg = grad + <usize>b * bytes;
      for (let j = 0; j < units; j += 4) {
        const r = units - j;
        st(pg + at(j), f32x4.add(ld(pg + at(j), r), ld(ps + at(j), r)), r);
      }
    }
}
