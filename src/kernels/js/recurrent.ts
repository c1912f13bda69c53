// recurrent cells one time step at a time: gate pre-activations in, states out, and the same steps backwards
import type { FloatArray } from '../../core/types.js';
import type { EpilogueActivation } from '../kernels.js';

/** g(z) for the activations a recurrent kernel applies. */
function apply(kind: EpilogueActivation, z: number): number {
  if (kind === 'tanh') return Math.tanh(z);
  if (kind === 'sigmoid') return 1 / (1 + Math.exp(-z));
  if (kind === 'relu') return z > 0 ? z : 0;
  return z;
}

/** g'(z) read from a = g(z): each of these activations' derivatives is a function of its output. */
function slope(kind: EpilogueActivation, a: number): number {
  if (kind === 'tanh') return 1 - a * a;
  if (kind === 'sigmoid') return a * (1 - a);
  if (kind === 'relu') return a > 0 ? 1 : 0;
  return 1;
}

/** h = act(z) over every value: a SimpleRNN step (`h` may be `z`). */
export function rnnStep(z: FloatArray, h: FloatArray, act: EpilogueActivation): void {
  for (let i = 0; i < z.length; i++) h[i] = apply(act, z[i]);
}

/** dz = dh ⊙ act'(z), read from h = act(z). */
export function rnnStepBackward(h: FloatArray, dh: FloatArray, dz: FloatArray, act: EpilogueActivation): void {
  for (let i = 0; i < h.length; i++) dz[i] = dh[i] * slope(act, h[i]);
}

/**
 * One LSTM step. `gates` [rows, 4·units] holds the pre-activations (i, f, c, o in Keras' order) and is overwritten with
 * the activated gates; c = f ⊙ cPrev + i ⊙ g and h = o ⊙ act(c), each [rows, units].
 */
export function lstmStep(
  gates: FloatArray,
  cPrev: FloatArray,
  c: FloatArray,
  h: FloatArray,
  rows: number,
  units: number,
  act: EpilogueActivation,
  recAct: EpilogueActivation,
): void {
  for (let r = 0; r < rows; r++) {
    const g0 = r * 4 * units;
    const s0 = r * units;
    for (let j = 0; j < units; j++) {
      const i = (gates[g0 + j] = apply(recAct, gates[g0 + j]));
      const f = (gates[g0 + units + j] = apply(recAct, gates[g0 + units + j]));
      const g = (gates[g0 + 2 * units + j] = apply(act, gates[g0 + 2 * units + j]));
      const o = (gates[g0 + 3 * units + j] = apply(recAct, gates[g0 + 3 * units + j]));
      const cell = (c[s0 + j] = f * cPrev[s0 + j] + i * g);
      h[s0 + j] = o * apply(act, cell);
    }
  }
}

/**
 * The LSTM step backwards from the activated `gates`, cPrev and c: given dh, and dc (the gradient reaching c from
 * later steps, overwritten with the one reaching cPrev), writes the gate pre-activation gradients dz [rows, 4·units].
 */
export function lstmStepBackward(
  gates: FloatArray,
  cPrev: FloatArray,
  c: FloatArray,
  dh: FloatArray,
  dc: FloatArray,
  dz: FloatArray,
  rows: number,
  units: number,
  act: EpilogueActivation,
  recAct: EpilogueActivation,
): void {
  for (let r = 0; r < rows; r++) {
    const g0 = r * 4 * units;
    const s0 = r * units;
    for (let j = 0; j < units; j++) {
      const i = gates[g0 + j];
      const f = gates[g0 + units + j];
      const g = gates[g0 + 2 * units + j];
      const o = gates[g0 + 3 * units + j];
      const tc = apply(act, c[s0 + j]);
      const d = dh[s0 + j];
      const dcTotal = dc[s0 + j] + d * o * slope(act, tc);
      dz[g0 + j] = dcTotal * g * slope(recAct, i);
      dz[g0 + units + j] = dcTotal * cPrev[s0 + j] * slope(recAct, f);
      dz[g0 + 2 * units + j] = dcTotal * i * slope(act, g);
      dz[g0 + 3 * units + j] = d * tc * slope(recAct, o);
      dc[s0 + j] = dcTotal * f;
    }
  }
}

/**
 * The GRU's update and reset gates: z, r = recAct(gates[:, 0:2u] + inner[:, 0:2u]), written over the first two
 * thirds of `gates` [rows, 3·units] (`inner` [rows, 2·units] is hPrev's recurrent part); rh = r ⊙ hPrev.
 */
export function gruGates(
  gates: FloatArray,
  inner: FloatArray,
  hPrev: FloatArray,
  rh: FloatArray,
  rows: number,
  units: number,
  recAct: EpilogueActivation,
): void {
  for (let r = 0; r < rows; r++) {
    const g0 = r * 3 * units;
    const i0 = r * 2 * units;
    const s0 = r * units;
    for (let j = 0; j < units; j++) {
      gates[g0 + j] = apply(recAct, gates[g0 + j] + inner[i0 + j]);
      const reset = (gates[g0 + units + j] = apply(recAct, gates[g0 + units + j] + inner[i0 + units + j]));
      rh[s0 + j] = reset * hPrev[s0 + j];
    }
  }
}

/**
 * The GRU's candidate and output: hh = act(x_h + r ⊙ innerH) when `resetAfter` (innerH = hPrev·U_h + b), else
 * act(x_h + innerH) (innerH = (r ⊙ hPrev)·U_h), written over the last third of `gates`; h = z ⊙ hPrev + (1 − z) ⊙ hh.
 */
export function gruOutput(
  gates: FloatArray,
  innerH: FloatArray,
  hPrev: FloatArray,
  h: FloatArray,
  rows: number,
  units: number,
  act: EpilogueActivation,
  resetAfter: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const g0 = r * 3 * units;
    const s0 = r * units;
    for (let j = 0; j < units; j++) {
      const z = gates[g0 + j];
      const inner = resetAfter ? gates[g0 + units + j] * innerH[s0 + j] : innerH[s0 + j];
      const hh = (gates[g0 + 2 * units + j] = apply(act, gates[g0 + 2 * units + j] + inner));
      h[s0 + j] = z * hPrev[s0 + j] + (1 - z) * hh;
    }
  }
}

/**
 * gruOutput backwards: from dh writes the candidate's pre-activation gradient into dz[:, 2u:3u] and the gradient
 * reaching innerH into dInnerH (r ⊙ that when `resetAfter`).
 */
export function gruOutputBackward(
  gates: FloatArray,
  dh: FloatArray,
  dz: FloatArray,
  dInnerH: FloatArray,
  rows: number,
  units: number,
  act: EpilogueActivation,
  resetAfter: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const g0 = r * 3 * units;
    const s0 = r * units;
    for (let j = 0; j < units; j++) {
      const da = dh[s0 + j] * (1 - gates[g0 + j]) * slope(act, gates[g0 + 2 * units + j]);
      dz[g0 + 2 * units + j] = da;
      dInnerH[s0 + j] = resetAfter ? da * gates[g0 + units + j] : da;
    }
  }
}

/**
 * gruGates backwards, after gruOutputBackward: writes the update and reset gates' pre-activation gradients into
 * dz[:, 0:2u] and dzr [rows, 2·units], and adds what reaches hPrev outside the recurrent products to dhPrev
 * (dh ⊙ z, plus drh ⊙ r without `resetAfter`, drh being the gradient reaching r ⊙ hPrev; unread with it).
 */
export function gruGatesBackward(
  gates: FloatArray,
  innerH: FloatArray,
  hPrev: FloatArray,
  dh: FloatArray,
  drh: FloatArray,
  dz: FloatArray,
  dzr: FloatArray,
  dhPrev: FloatArray,
  rows: number,
  units: number,
  recAct: EpilogueActivation,
  resetAfter: boolean,
): void {
  for (let r = 0; r < rows; r++) {
    const g0 = r * 3 * units;
    const i0 = r * 2 * units;
    const s0 = r * units;
    for (let j = 0; j < units; j++) {
      const z = gates[g0 + j];
      const reset = gates[g0 + units + j];
      const hh = gates[g0 + 2 * units + j];
      const d = dh[s0 + j];
      const dr = resetAfter ? dz[g0 + 2 * units + j] * innerH[s0 + j] : drh[s0 + j] * hPrev[s0 + j];
      const dzz = (dz[g0 + j] = d * (hPrev[s0 + j] - hh) * slope(recAct, z));
      const drr = (dz[g0 + units + j] = dr * slope(recAct, reset));
      dzr[i0 + j] = dzz;
      dzr[i0 + units + j] = drr;
      dhPrev[s0 + j] += d * z + (resetAfter ? 0 : drh[s0 + j] * reset);
    }
  }
}

/** out += a ⊙ b (a gradient through a dropout mask, added to what is there). */
export function addProduct(a: FloatArray, b: FloatArray, out: FloatArray): void {
  for (let i = 0; i < a.length; i++) out[i] += a[i] * b[i];
}

/** Masked steps keep the state: next[b, :] = prev[b, :] for every row b whose mask is 0. */
export function keepMasked(mask: FloatArray, prev: FloatArray, next: FloatArray, rows: number, units: number): void {
  for (let b = 0; b < rows; b++) if (mask[b] === 0) for (let j = b * units; j < (b + 1) * units; j++) next[j] = prev[j];
}

/** Moves masked rows' gradient aside: saved[b, :] = grad[b, :], grad[b, :] = 0 where mask[b] is 0. */
export function takeMasked(mask: FloatArray, grad: FloatArray, saved: FloatArray, rows: number, units: number): void {
  for (let b = 0; b < rows; b++)
    if (mask[b] === 0)
      for (let j = b * units; j < (b + 1) * units; j++) {
        saved[j] = grad[j];
        grad[j] = 0;
      }
}

/** Passes masked rows' gradient on to the previous step: grad[b, :] += saved[b, :] where mask[b] is 0. */
export function addMasked(mask: FloatArray, saved: FloatArray, grad: FloatArray, rows: number, units: number): void {
  for (let b = 0; b < rows; b++)
    if (mask[b] === 0) for (let j = b * units; j < (b + 1) * units; j++) grad[j] += saved[j];
}
