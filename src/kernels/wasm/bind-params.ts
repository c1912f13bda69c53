import type { Kernels, ParamSet, UpdateRule } from '../kernels.js';
import { updateParamsWith } from '../js/update-params.js';
import type { WasmRuntime } from './load.js';
import { workingMemoryOf } from './working-memory.js';

type Rules = Parameters<typeof updateParamsWith>[0];
type Args = [kind: number, lr: number, a: number, b: number, c: number, d: number, e: number, flag: boolean];

/** updateParams' rule codes and hyper-parameter slots (wasm/assembly/param-set.ts). */
function args(rule: UpdateRule): Args {
  switch (rule.kind) {
    case 'sgd':
      return [0, rule.lr, 0, 0, 0, 0, 0, false];
    case 'momentum':
      return [1, rule.lr, rule.momentum, rule.dampening, 0, 0, 0, rule.nesterov];
    case 'sgdMomentum':
      return [2, rule.lr, rule.momentum, 0, 0, 0, 0, rule.nesterov];
    case 'rmsprop':
      return [3, rule.lr, rule.rho, rule.epsilon, rule.momentum, 0, 0, false];
    case 'adam':
      return [4, rule.lr, rule.beta1, rule.beta2, rule.epsilon, rule.step, rule.weightDecay, false];
    case 'adagrad':
      return [5, rule.lr, rule.epsilon, 0, 0, 0, 0, false];
  }
}

/**
 * The set's table of pointers (six i32 per parameter), or null when an array lives outside WebAssembly memory.
 * The table is a block of the call's working memory (or, for arrays resident outside a call, freed with the set).
 */
function table(rt: WasmRuntime, set: ParamSet): Float32Array | null {
  const { values, grads, slots, backups } = set;
  const n = values.length;
  const ptr = (a: Float32Array | Float64Array | undefined) => (a === undefined ? 0 : rt.heap.offset(a));
  const rows = values.map((v, i) => [ptr(v), ptr(grads[i]), ptr(slots[0]?.[i]), ptr(slots[1]?.[i]), ptr(backups?.[i])]);
  if (rows.some((r) => r.some((p) => p < 0))) return null;
  const memory = workingMemoryOf(rt.heap);
  // inside a model call the table goes with the call's other blocks; arrays resident outside one keep a finalizer
  const block = memory.isOpen ? memory.temporary(n * 6) : rt.heap.allocateFloat32(Math.max(n * 6, 1));
  const words = new Int32Array(block.buffer, block.byteOffset, n * 6);
  rows.forEach((r, i) => words.set([...r, values[i].length], i * 6));
  return block;
}

/** updateParams in one call when every array of the set is resident; otherwise parameter by parameter. */
export function updateParams(runtime: () => WasmRuntime, perParam: Rules): Kernels['updateParams'] {
  const tables = new WeakMap<ParamSet, Float32Array | null>();
  return (set, rule) => {
    const rt = runtime();
    let t = tables.get(set);
    if (t === undefined) tables.set(set, (t = set.values.length > 0 ? table(rt, set) : null));
    if (t === null) return updateParamsWith(perParam, set, rule);
    const [kind, lr, a, b, c, d, e, flag] = args(rule);
    return rt.exports.updateParams(rt.heap.offset(t), set.values.length, kind, lr, a, b, c, d, e, flag);
  };
}
