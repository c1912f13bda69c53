import type { Kernels } from '../kernels.js';
import type { WasmRuntime } from './load.js';

/**
 * dropoutMask over a resident mask: the generator's four state words are copied into a 16-byte block of the
 * memory, advanced there, and copied back. Anything else runs on the TypeScript kernel `host`.
 */
export function dropoutMask(runtime: () => WasmRuntime, host: Kernels['dropoutMask']): Kernels['dropoutMask'] {
  let block: Float32Array | undefined;
  let words: Int32Array | undefined;
  return (state, mask, rate, scale) => {
    const rt = runtime();
    const pm = rt.heap.offset(mask);
    if (pm < 0) return host(state, mask, rate, scale);
    if (block === undefined || words === undefined) {
      block = rt.heap.allocateFloat32(4);
      words = new Int32Array(block.buffer, block.byteOffset, 4);
    }
    words.set(state);
    rt.exports.dropoutMask(rt.heap.offset(block), pm, mask.length, rate, scale);
    state.set(words);
  };
}

export function l1l2(runtime: () => WasmRuntime, host: Kernels['l1l2']): Kernels['l1l2'] {
  return (w, grad, l1, l2) => {
    const heap = runtime().heap;
    const pw = heap.offset(w);
    const pg = grad === null ? 0 : heap.offset(grad);
    if (pw < 0 || pg < 0) return host(w, grad, l1, l2);
    return runtime().exports.l1l2(pw, pg, w.length, l1, l2);
  };
}
