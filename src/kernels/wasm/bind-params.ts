import type { Kernels, ParamSet, UpdateRule } from '../kernels.js';
import { updateParamsWith } from '../js/update-params.js';
import type { WasmRuntime } from './load.js';
import { workingMemoryOf } from './working-memory.js';

type Rules = Parameters<typeof updateParamsWith>[0];
type Args = [kind: number, lr: number, a: number, b: number, c: number, d: number, e: number, flag: boolean];

/** updateParams' rule codes and hyper-parameter slots (wasm/assembly/param-set.ts), into `a` (one per binding). */
function args(rule: UpdateRule, a: Args): Args {
  for (let i = 0; i < 7; i++) a[i] = 0;
  a[7] = false;
  a[1] = rule.lr;
  switch (rule.kind) {
    case 'sgd':
      a[0] = 0;
      break;
    case 'momentum':
      a[0] = 1;
      a[2] = rule.momentum;
      a[3] = rule.dampening;
      a[7] = rule.nesterov;
      break;
    case 'sgdMomentum':
      a[0] = 2;
      a[2] = rule.momentum;
      a[7] = rule.nesterov;
      break;
    case 'rmsprop':
      a[0] = 3;
      a[2] = rule.rho;
      a[3] = rule.epsilon;
      a[4] = rule.momentum;
      break;
    case 'adam':
      a[0] = 4;
      a[2] = rule.beta1;
      a[3] = rule.beta2;
      a[4] = rule.epsilon;
      a[5] = rule.step;
      a[6] = rule.weightDecay;
      break;
    case 'adagrad':
      a[0] = 5;
      a[2] = rule.epsilon;
      break;
  }
  return a;
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
  const scratch: Args = [0, 0, 0, 0, 0, 0, 0, false];
  return (set, rule) => {
    const rt = runtime();
    let t = tables.get(set);
    if (t === undefined) tables.set(set, (t = set.values.length > 0 ? table(rt, set) : null));
    if (t === null) return updateParamsWith(perParam, set, rule);
    const a = args(rule, scratch);
    return rt.exports.updateParams(
      rt.heap.offset(t),
      set.values.length,
      a[0],
      a[1],
      a[2],
      a[3],
      a[4],
      a[5],
      a[6],
      a[7],
    );
  };
}
