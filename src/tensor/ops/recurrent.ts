// the recurrent loops: shapes checked once, then one recurrent GEMM and one fused gate kernel per time step
import type { FloatArray } from '../../core/types.js';
import type { EpilogueActivation, Kernels } from '../../kernels/kernels.js';
import { kernelsFor } from '../backend.js';
import { Tensor } from '../tensor.js';
import { expectMatrix, expectSameDtype } from './check.js';

/**
 * Time-major buffers of one pass over `time` steps of `batch` rows (row s·batch + b is step s of example b). `hs`
 * and `dhs` have one more step in front: the zero initial state and its (unused) gradient.
 */
export interface RecurrentPass {
  readonly time: number;
  readonly batch: number;
  readonly units: number;
  readonly activation: EpilogueActivation;
  readonly recurrentActivation: EpilogueActivation;
  /** Recurrent dropout: the mask [batch, units] the previous state is multiplied by, one per sequence. */
  readonly dropout: RecurrentDropout | null;
  /** Padding (maskZero): steps whose mask is 0 keep the state, and pass its gradient straight back. */
  readonly mask: StepMask | null;
}

export interface StepMask {
  /** [time·batch, 1], time-major: 1 for a real step, 0 for padding. */
  readonly steps: Tensor;
  /** [batch, units] scratch for the gradient carried past masked steps (and the cell state's, for LSTM). */
  readonly carry: Tensor;
  readonly carryCell: Tensor;
}

export interface RecurrentDropout {
  readonly mask: Tensor;
  /** The masked previous states, [time·batch, units]: what the cell reads instead of hs. */
  readonly hm: Tensor;
  /** A [batch, units] buffer for the gradient reaching the masked state. */
  readonly dhm: Tensor;
}

// each buffer's per-step views, made once per array (a call may move a buffer's data: the new array gets its own)
const views = new WeakMap<FloatArray, { size: number; list: FloatArray[] }>();

/** Step s of time-major rows, `size` values each: a view made once, so the loops allocate nothing per step. */
function step(t: Tensor, s: number, size: number): FloatArray {
  const data = t.data;
  let cached = views.get(data);
  if (cached === undefined || cached.size !== size) {
    cached = { size, list: [] };
    views.set(data, cached);
  }
  return cached.list[s] ?? (cached.list[s] = data.subarray(s * size, (s + 1) * size));
}

/** Checks the buffers of a pass: [rows, cols] each, one dtype. */
function expectBuffers(op: string, pass: RecurrentPass, buffers: [string, Tensor, number, number][]): Kernels {
  for (const [label, t, rows, cols] of buffers) {
    expectMatrix(op, label, t, rows, cols);
    expectSameDtype(op, buffers[0][1], t);
  }
  if (pass.mask) {
    expectMatrix(op, 'the step masks', pass.mask.steps, pass.time * pass.batch, 1);
    expectMatrix(op, 'the carried gradient', pass.mask.carry, pass.batch, pass.units);
    expectMatrix(op, 'the carried cell gradient', pass.mask.carryCell, pass.batch, pass.units);
  }
  if (pass.dropout) {
    expectMatrix(op, 'the recurrent dropout mask', pass.dropout.mask, pass.batch, pass.units);
    expectMatrix(op, 'the masked states', pass.dropout.hm, pass.time * pass.batch, pass.units);
    expectMatrix(op, 'the masked state gradient', pass.dropout.dhm, pass.batch, pass.units);
  }
  return kernelsFor(buffers[0][1].dtype);
}

/** The state the cell reads at step s: hs's, or its masked copy under recurrent dropout (made here). */
function previous(k: Kernels, pass: RecurrentPass, hs: Tensor, s: number): FloatArray {
  const size = pass.batch * pass.units;
  if (!pass.dropout) return step(hs, s, size);
  const hm = step(pass.dropout.hm, s, size);
  k.mul(step(hs, s, size), pass.dropout.mask.data, hm);
  return hm;
}

/** Masked rows of step s keep the state of step s − 1 (in `states`: hs or cs). */
function keepState(k: Kernels, pass: RecurrentPass, states: Tensor, s: number): void {
  const size = pass.batch * pass.units;
  if (pass.mask)
    k.keepMasked(
      step(pass.mask.steps, s, pass.batch),
      step(states, s, size),
      step(states, s + 1, size),
      pass.batch,
      pass.units,
    );
}

/** Before step s backwards: masked rows' gradient (dh, or LSTM's dc) moves aside, so the cell sees none there. */
function takeCarried(k: Kernels, pass: RecurrentPass, s: number, grad: FloatArray, cell = false): void {
  if (!pass.mask) return;
  const carry = cell ? pass.mask.carryCell : pass.mask.carry;
  k.takeMasked(step(pass.mask.steps, s, pass.batch), grad, carry.data, pass.batch, pass.units);
}

/** After step s backwards: what masked rows carried goes on to the previous step's gradient. */
function addCarried(k: Kernels, pass: RecurrentPass, s: number, grad: FloatArray, cell = false): void {
  if (!pass.mask) return;
  const carry = cell ? pass.mask.carryCell : pass.mask.carry;
  k.addMasked(step(pass.mask.steps, s, pass.batch), carry.data, grad, pass.batch, pass.units);
}

/** The states the cell read, [time·batch, units]: for the recurrent kernel's gradient in one GEMM. */
export function previousStates(pass: RecurrentPass, hs: Tensor): Tensor {
  if (pass.dropout) return pass.dropout.hm;
  const rows = pass.time * pass.batch;
  return new Tensor(hs.data.subarray(0, rows * pass.units), [rows, pass.units], hs.dtype);
}

/** dhs[s] += dPrev·Wᵀ (through the dropout mask), the recurrent product's share of the previous state's gradient. */
function backToPrevious(k: Kernels, pass: RecurrentPass, dz: FloatArray, w: Tensor, dhs: Tensor, s: number): void {
  const { batch, units } = pass;
  const n = w.shape[1];
  const target = step(dhs, s, batch * units);
  if (!pass.dropout) return k.matmul(dz, w.data, target, batch, n, units, false, true, true);
  k.matmul(dz, w.data, pass.dropout.dhm.data, batch, n, units, false, true, false);
  k.addProduct(pass.dropout.dhm.data, pass.dropout.mask.data, target);
}

/** SimpleRNN: zs [T·B, u] holds x·W + b per step and gets + hPrev·U; hs[s + 1] = act(zs[s]). */
export function simpleRnnForward(pass: RecurrentPass, zs: Tensor, u: Tensor, hs: Tensor): void {
  const { time, batch, units } = pass;
  const k = expectBuffers('ops.simpleRnnForward()', pass, [
    ['the projections', zs, time * batch, units],
    ['the recurrent kernel', u, units, units],
    ['the states', hs, (time + 1) * batch, units],
  ]);
  const size = batch * units;
  hs.data.fill(0, 0, size);
  for (let s = 0; s < time; s++) {
    const z = step(zs, s, size);
    k.matmul(previous(k, pass, hs, s), u.data, z, batch, units, units, false, false, true);
    k.rnnStep(z, step(hs, s + 1, size), pass.activation);
    keepState(k, pass, hs, s);
  }
}

/** SimpleRNN backwards through time: dhs[s + 1] holds the upstream gradient of step s; writes dzs [T·B, u]. */
export function simpleRnnBackward(pass: RecurrentPass, hs: Tensor, u: Tensor, dhs: Tensor, dzs: Tensor): void {
  const { time, batch, units } = pass;
  const k = expectBuffers('ops.simpleRnnBackward()', pass, [
    ['the states', hs, (time + 1) * batch, units],
    ['the recurrent kernel', u, units, units],
    ['the state gradients', dhs, (time + 1) * batch, units],
    ['the pre-activation gradients', dzs, time * batch, units],
  ]);
  const size = batch * units;
  for (let s = time - 1; s >= 0; s--) {
    const dz = step(dzs, s, size);
    takeCarried(k, pass, s, step(dhs, s + 1, size));
    k.rnnStepBackward(step(hs, s + 1, size), step(dhs, s + 1, size), dz, pass.activation);
    if (s > 0) backToPrevious(k, pass, dz, u, dhs, s);
    addCarried(k, pass, s, step(dhs, s, size));
  }
}

/** LSTM: zs [T·B, 4u] holds x·W + b per step, becomes the activated gates; cs and hs [(T + 1)·B, u]. */
export function lstmForward(pass: RecurrentPass, zs: Tensor, u: Tensor, hs: Tensor, cs: Tensor): void {
  const { time, batch, units } = pass;
  const k = expectBuffers('ops.lstmForward()', pass, [
    ['the projections', zs, time * batch, 4 * units],
    ['the recurrent kernel', u, units, 4 * units],
    ['the states', hs, (time + 1) * batch, units],
    ['the cell states', cs, (time + 1) * batch, units],
  ]);
  const size = batch * units;
  hs.data.fill(0, 0, size);
  cs.data.fill(0, 0, size);
  for (let s = 0; s < time; s++) {
    const z = step(zs, s, 4 * size);
    k.matmul(previous(k, pass, hs, s), u.data, z, batch, units, 4 * units, false, false, true);
    k.lstmStep(
      z,
      step(cs, s, size),
      step(cs, s + 1, size),
      step(hs, s + 1, size),
      batch,
      units,
      pass.activation,
      pass.recurrentActivation,
    );
    keepState(k, pass, hs, s);
    keepState(k, pass, cs, s);
  }
}

/** LSTM backwards through time from the gates lstmForward left in zs; dc [B, u] is scratch; writes dzs [T·B, 4u]. */
export function lstmBackward(
  pass: RecurrentPass,
  gates: Tensor,
  cs: Tensor,
  u: Tensor,
  dhs: Tensor,
  dc: Tensor,
  dzs: Tensor,
): void {
  const { time, batch, units } = pass;
  const k = expectBuffers('ops.lstmBackward()', pass, [
    ['the gates', gates, time * batch, 4 * units],
    ['the cell states', cs, (time + 1) * batch, units],
    ['the recurrent kernel', u, units, 4 * units],
    ['the state gradients', dhs, (time + 1) * batch, units],
    ['the cell gradient', dc, batch, units],
    ['the gate gradients', dzs, time * batch, 4 * units],
  ]);
  const size = batch * units;
  dc.data.fill(0);
  for (let s = time - 1; s >= 0; s--) {
    const dz = step(dzs, s, 4 * size);
    takeCarried(k, pass, s, step(dhs, s + 1, size));
    takeCarried(k, pass, s, dc.data, true);
    k.lstmStepBackward(
      step(gates, s, 4 * size),
      step(cs, s, size),
      step(cs, s + 1, size),
      step(dhs, s + 1, size),
      dc.data,
      dz,
      batch,
      units,
      pass.activation,
      pass.recurrentActivation,
    );
    if (s > 0) backToPrevious(k, pass, dz, u, dhs, s);
    addCarried(k, pass, s, step(dhs, s, size));
    addCarried(k, pass, s, dc.data, true);
  }
}

/** The GRU's recurrent weights as two matrices, U = [uzr | uh], and its recurrent bias (resetAfter) likewise. */
export interface GruWeights {
  readonly uzr: Tensor;
  readonly uh: Tensor;
  /** [2u] and [u] parts of the recurrent bias when `resetAfter`, else null. */
  readonly bzr: FloatArray | null;
  readonly bh: FloatArray | null;
  readonly resetAfter: boolean;
}

/**
 * GRU: zs [T·B, 3u] holds x·W + b per step and becomes the activated gates (z, r, hh); inner [B, 2u] is scratch;
 * rh and ih [T·B, u] keep r ⊙ hPrev and the candidate's recurrent part for the backward pass.
 */
export function gruForward(
  pass: RecurrentPass,
  w: GruWeights,
  zs: Tensor,
  hs: Tensor,
  inner: Tensor,
  rh: Tensor,
  ih: Tensor,
): void {
  const { time, batch, units } = pass;
  const k = expectBuffers('ops.gruForward()', pass, [
    ['the projections', zs, time * batch, 3 * units],
    ['the recurrent kernel (update and reset)', w.uzr, units, 2 * units],
    ['the recurrent kernel (candidate)', w.uh, units, units],
    ['the states', hs, (time + 1) * batch, units],
    ['the gate scratch', inner, batch, 2 * units],
    ['the reset states', rh, time * batch, units],
    ['the candidate products', ih, time * batch, units],
  ]);
  const size = batch * units;
  hs.data.fill(0, 0, size);
  for (let s = 0; s < time; s++) {
    const z = step(zs, s, 3 * size);
    const hPrev = previous(k, pass, hs, s);
    const rhs = step(rh, s, size);
    const ihs = step(ih, s, size);
    if (w.bzr) k.matmulBiasActivation(hPrev, w.uzr.data, w.bzr, inner.data, batch, units, 2 * units, 'linear');
    else k.matmul(hPrev, w.uzr.data, inner.data, batch, units, 2 * units, false, false, false);
    k.gruGates(z, inner.data, hPrev, rhs, batch, units, pass.recurrentActivation);
    // reset after: r ⊙ (hPrev·U_h + b_h); before: (r ⊙ hPrev)·U_h
    if (w.resetAfter) k.matmulBiasActivation(hPrev, w.uh.data, w.bh, ihs, batch, units, units, 'linear');
    else k.matmul(rhs, w.uh.data, ihs, batch, units, units, false, false, false);
    k.gruOutput(z, ihs, hPrev, step(hs, s + 1, size), batch, units, pass.activation, w.resetAfter);
    keepState(k, pass, hs, s);
  }
}

/**
 * GRU backwards through time: writes dzs [T·B, 3u] (for W), dzr [T·B, 2u] (for U's update and reset columns) and
 * dih [T·B, u] (for U's candidate columns); drh [B, u] is scratch.
 */
export function gruBackward(
  pass: RecurrentPass,
  w: GruWeights,
  gates: Tensor,
  hs: Tensor,
  ih: Tensor,
  dhs: Tensor,
  drh: Tensor,
  dzs: Tensor,
  dzr: Tensor,
  dih: Tensor,
): void {
  const { time, batch, units } = pass;
  const k = expectBuffers('ops.gruBackward()', pass, [
    ['the gates', gates, time * batch, 3 * units],
    ['the states', hs, (time + 1) * batch, units],
    ['the candidate products', ih, time * batch, units],
    ['the state gradients', dhs, (time + 1) * batch, units],
    ['the reset-state gradient', drh, batch, units],
    ['the gate gradients', dzs, time * batch, 3 * units],
    ['the update and reset gradients', dzr, time * batch, 2 * units],
    ['the candidate product gradients', dih, time * batch, units],
  ]);
  const size = batch * units;
  for (let s = time - 1; s >= 0; s--) {
    const g = step(gates, s, 3 * size);
    const dz = step(dzs, s, 3 * size);
    const dh = step(dhs, s + 1, size);
    const dihs = step(dih, s, size);
    const dzrs = step(dzr, s, 2 * size);
    const hPrev = pass.dropout ? step(pass.dropout.hm, s, size) : step(hs, s, size);
    takeCarried(k, pass, s, dh);
    k.gruOutputBackward(g, dh, dz, dihs, batch, units, pass.activation, w.resetAfter);
    if (!w.resetAfter) k.matmul(dihs, w.uh.data, drh.data, batch, units, units, false, true, false);
    // what reaches hPrev: into dhs[s] directly, or through the dropout mask
    const target = pass.dropout ? pass.dropout.dhm.data.fill(0) : step(dhs, s, size);
    if (!pass.dropout && s === 0) target.fill(0);
    k.gruGatesBackward(
      g,
      step(ih, s, size),
      hPrev,
      dh,
      drh.data,
      dz,
      dzrs,
      target,
      batch,
      units,
      pass.recurrentActivation,
      w.resetAfter,
    );
    if (s > 0) {
      k.matmul(dzrs, w.uzr.data, target, batch, 2 * units, units, false, true, true);
      if (w.resetAfter) k.matmul(dihs, w.uh.data, target, batch, units, units, false, true, true);
      if (pass.dropout) k.addProduct(target, pass.dropout.mask.data, step(dhs, s, size));
    }
    addCarried(k, pass, s, step(dhs, s, size));
  }
}
