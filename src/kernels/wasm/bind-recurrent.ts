import type { FloatArray } from '../../core/types.js';
import type { EpilogueActivation, Kernels } from '../kernels.js';
import { bindKernel, writes, type Signature } from './bind.js';
import type { WasmHeap } from './heap.js';
import type { WasmRuntime } from './load.js';

/** The recurrent kernels' activation codes (wasm/assembly/recurrent.ts). */
const CODES: Record<EpilogueActivation, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };

type Fn = (...args: (number | boolean)[]) => number;
type Host = (...args: never[]) => void;
type Recurrent =
  | 'rnnStep'
  | 'rnnStepBackward'
  | 'lstmStep'
  | 'lstmStepBackward'
  | 'gruGates'
  | 'gruOutput'
  | 'gruOutputBackward'
  | 'gruGatesBackward'
  | 'addProduct'
  | 'keepMasked'
  | 'takeMasked'
  | 'addMasked';

/** [arrays, written arrays, elementwise] per kernel: the export has the kernel's name. */
const signatures: Record<Recurrent, Signature> = {
  rnnStep: { fn: 'rnnStep', arrays: 2, written: writes(1), length: true },
  rnnStepBackward: { fn: 'rnnStepBackward', arrays: 3, written: writes(2), length: true },
  lstmStep: { fn: 'lstmStep', arrays: 4, written: writes(0, 2, 3), length: false },
  lstmStepBackward: { fn: 'lstmStepBackward', arrays: 6, written: writes(4, 5), length: false },
  gruGates: { fn: 'gruGates', arrays: 4, written: writes(0, 3), length: false },
  gruOutput: { fn: 'gruOutput', arrays: 4, written: writes(0, 3), length: false },
  gruOutputBackward: { fn: 'gruOutputBackward', arrays: 4, written: writes(2, 3), length: false },
  gruGatesBackward: { fn: 'gruGatesBackward', arrays: 8, written: writes(5, 6, 7), length: false },
  addProduct: { fn: 'addProduct', arrays: 3, written: writes(2), length: true },
  keepMasked: { fn: 'keepMasked', arrays: 3, written: writes(2), length: false },
  takeMasked: { fn: 'takeMasked', arrays: 3, written: writes(1, 2), length: false },
  addMasked: { fn: 'addMasked', arrays: 3, written: writes(2), length: false },
};

/**
 * The heap and an export, looked up once, and the slow path: float64 to the TypeScript kernel `host`, arrays outside
 * the memory through the general binding (staged in scratch), with the activations already coded.
 */
function parts<K extends Host>(runtime: () => WasmRuntime, name: Recurrent, host: K) {
  let cached: { heap: WasmHeap; fn: Fn } | undefined;
  const staged = bindKernel(runtime, signatures[name], host) as unknown as (
    ...a: (FloatArray | number | boolean)[]
  ) => void;
  return {
    get: () => (cached ??= { heap: runtime().heap, fn: runtime().exports[name] }),
    slow: staged,
  };
}

/**
 * The recurrent step kernels over their WebAssembly exports. Every array resident → one direct call with a fixed
 * arity (the step loops call these once per time step, so nothing here allocates); float64 arrays run on `js`.
 */
export function recurrentKernels(runtime: () => WasmRuntime, js: Pick<Kernels, Recurrent>): Pick<Kernels, Recurrent> {
  const rnn = parts(runtime, 'rnnStep', js.rnnStep);
  const rnnBack = parts(runtime, 'rnnStepBackward', js.rnnStepBackward);
  const lstm = parts(runtime, 'lstmStep', js.lstmStep);
  const lstmBack = parts(runtime, 'lstmStepBackward', js.lstmStepBackward);
  const gates = parts(runtime, 'gruGates', js.gruGates);
  const output = parts(runtime, 'gruOutput', js.gruOutput);
  const outputBack = parts(runtime, 'gruOutputBackward', js.gruOutputBackward);
  const gatesBack = parts(runtime, 'gruGatesBackward', js.gruGatesBackward);
  const addProduct = parts(runtime, 'addProduct', js.addProduct);
  const keep = parts(runtime, 'keepMasked', js.keepMasked);
  const take = parts(runtime, 'takeMasked', js.takeMasked);
  const add = parts(runtime, 'addMasked', js.addMasked);
  return {
    rnnStep: (z, h, act) => {
      if (!(z instanceof Float32Array)) return js.rnnStep(z, h, act);
      const { heap, fn } = rnn.get();
      const pz = heap.offset(z);
      const ph = heap.offset(h);
      if (pz < 0 || ph < 0) rnn.slow(z, h, CODES[act]);
      else fn(pz, ph, z.length, CODES[act]);
    },
    rnnStepBackward: (h, dh, dz, act) => {
      if (!(h instanceof Float32Array)) return js.rnnStepBackward(h, dh, dz, act);
      const { heap, fn } = rnnBack.get();
      const ph = heap.offset(h);
      const pdh = heap.offset(dh);
      const pdz = heap.offset(dz);
      if (ph < 0 || pdh < 0 || pdz < 0) rnnBack.slow(h, dh, dz, CODES[act]);
      else fn(ph, pdh, pdz, h.length, CODES[act]);
    },
    lstmStep: (g, cPrev, c, h, rows, units, act, recAct) => {
      if (!(g instanceof Float32Array)) return js.lstmStep(g, cPrev, c, h, rows, units, act, recAct);
      const { heap, fn } = lstm.get();
      const pg = heap.offset(g);
      const pp = heap.offset(cPrev);
      const pc = heap.offset(c);
      const ph = heap.offset(h);
      if (pg < 0 || pp < 0 || pc < 0 || ph < 0) lstm.slow(g, cPrev, c, h, rows, units, CODES[act], CODES[recAct]);
      else fn(pg, pp, pc, ph, rows, units, CODES[act], CODES[recAct]);
    },
    lstmStepBackward: (g, cPrev, c, dh, dc, dz, rows, units, act, recAct) => {
      if (!(g instanceof Float32Array)) return js.lstmStepBackward(g, cPrev, c, dh, dc, dz, rows, units, act, recAct);
      const { heap, fn } = lstmBack.get();
      const pg = heap.offset(g);
      const pp = heap.offset(cPrev);
      const pc = heap.offset(c);
      const pdh = heap.offset(dh);
      const pdc = heap.offset(dc);
      const pdz = heap.offset(dz);
      if (pg < 0 || pp < 0 || pc < 0 || pdh < 0 || pdc < 0 || pdz < 0)
        lstmBack.slow(g, cPrev, c, dh, dc, dz, rows, units, CODES[act], CODES[recAct]);
      else fn(pg, pp, pc, pdh, pdc, pdz, rows, units, CODES[act], CODES[recAct]);
    },
    gruGates: (g, inner, hPrev, rh, rows, units, recAct) => {
      if (!(g instanceof Float32Array)) return js.gruGates(g, inner, hPrev, rh, rows, units, recAct);
      const { heap, fn } = gates.get();
      const pg = heap.offset(g);
      const pi = heap.offset(inner);
      const pp = heap.offset(hPrev);
      const pr = heap.offset(rh);
      if (pg < 0 || pi < 0 || pp < 0 || pr < 0) gates.slow(g, inner, hPrev, rh, rows, units, CODES[recAct]);
      else fn(pg, pi, pp, pr, rows, units, CODES[recAct]);
    },
    gruOutput: (g, innerH, hPrev, h, rows, units, act, resetAfter) => {
      if (!(g instanceof Float32Array)) return js.gruOutput(g, innerH, hPrev, h, rows, units, act, resetAfter);
      const { heap, fn } = output.get();
      const pg = heap.offset(g);
      const pi = heap.offset(innerH);
      const pp = heap.offset(hPrev);
      const ph = heap.offset(h);
      if (pg < 0 || pi < 0 || pp < 0 || ph < 0) output.slow(g, innerH, hPrev, h, rows, units, CODES[act], resetAfter);
      else fn(pg, pi, pp, ph, rows, units, CODES[act], resetAfter);
    },
    gruOutputBackward: (g, dh, dz, dInnerH, rows, units, act, resetAfter) => {
      if (!(g instanceof Float32Array)) return js.gruOutputBackward(g, dh, dz, dInnerH, rows, units, act, resetAfter);
      const { heap, fn } = outputBack.get();
      const pg = heap.offset(g);
      const pdh = heap.offset(dh);
      const pdz = heap.offset(dz);
      const pdi = heap.offset(dInnerH);
      if (pg < 0 || pdh < 0 || pdz < 0 || pdi < 0)
        outputBack.slow(g, dh, dz, dInnerH, rows, units, CODES[act], resetAfter);
      else fn(pg, pdh, pdz, pdi, rows, units, CODES[act], resetAfter);
    },
    gruGatesBackward: (g, innerH, hPrev, dh, drh, dz, dzr, dhPrev, rows, units, recAct, resetAfter) => {
      if (!(g instanceof Float32Array))
        return js.gruGatesBackward(g, innerH, hPrev, dh, drh, dz, dzr, dhPrev, rows, units, recAct, resetAfter);
      const { heap, fn } = gatesBack.get();
      const pg = heap.offset(g);
      const pi = heap.offset(innerH);
      const pp = heap.offset(hPrev);
      const pdh = heap.offset(dh);
      const pr = heap.offset(drh);
      const pdz = heap.offset(dz);
      const pzr = heap.offset(dzr);
      const pdp = heap.offset(dhPrev);
      if (pg < 0 || pi < 0 || pp < 0 || pdh < 0 || pr < 0 || pdz < 0 || pzr < 0 || pdp < 0)
        gatesBack.slow(g, innerH, hPrev, dh, drh, dz, dzr, dhPrev, rows, units, CODES[recAct], resetAfter);
      else fn(pg, pi, pp, pdh, pr, pdz, pzr, pdp, rows, units, CODES[recAct], resetAfter);
    },
    addProduct: (a, b, out) => {
      if (!(a instanceof Float32Array)) return js.addProduct(a, b, out);
      const { heap, fn } = addProduct.get();
      const pa = heap.offset(a);
      const pb = heap.offset(b);
      const po = heap.offset(out);
      if (pa < 0 || pb < 0 || po < 0) addProduct.slow(a, b, out);
      else fn(pa, pb, po, a.length);
    },
    keepMasked: rowMask(keep, js.keepMasked),
    takeMasked: rowMask(take, js.takeMasked),
    addMasked: rowMask(add, js.addMasked),
  };
}

type RowMask = Kernels['keepMasked'];

/** (mask, a, b, rows, units) → the export with pointers. */
function rowMask(p: ReturnType<typeof parts>, host: RowMask): RowMask {
  return (mask, a, b, rows, units) => {
    if (!(mask instanceof Float32Array)) return host(mask, a, b, rows, units);
    const { heap, fn } = p.get();
    const pm = heap.offset(mask);
    const pa = heap.offset(a);
    const pb = heap.offset(b);
    if (pm < 0 || pa < 0 || pb < 0) p.slow(mask, a, b, rows, units);
    else fn(pm, pa, pb, rows, units);
  };
}
