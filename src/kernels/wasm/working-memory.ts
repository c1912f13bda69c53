import type { FloatArray, Placeable, WorkingMemory } from '../../core/types.js';
import type { WasmHeap } from './heap.js';

/** An array moved into the heap for a call: its holder, its own storage, and the block it borrowed. */
interface Placed {
  readonly holder: Placeable;
  readonly own: FloatArray;
  readonly view: Float32Array;
  readonly ptr: number;
  readonly cls: number;
  readonly copyBack: boolean;
}

/**
 * WebAssembly memory as the working memory of a call: `place` gives an array a block of the heap (a copy) for as long
 * as the outermost call is open, so the kernels read and write it in place; `close` copies each one back into its own
 * garbage-collected storage and returns the block to the heap's free lists, where the next call finds it. Between
 * calls nothing lives in the heap, so a model dropped without dispose() leaves nothing the collector cannot see.
 */
export class HeapWorkingMemory implements WorkingMemory {
  #depth = 0;
  #generation = 0;
  readonly #placed: Placed[] = [];
  readonly #temporaries: { ptr: number; cls: number }[] = [];

  constructor(readonly heap: WasmHeap) {}

  get isOpen(): boolean {
    return this.#depth > 0;
  }

  get generation(): number {
    return this.#generation;
  }

  open(): void {
    this.#depth++;
  }

  close(): void {
    if (this.#depth === 0 || --this.#depth > 0) return;
    for (const p of this.#placed) {
      // a holder disposed during the call already dropped the view; only the block goes back then
      if (p.holder.data === p.view) {
        if (p.copyBack) p.own.set(p.view);
        p.holder.data = p.own;
      }
      this.heap.release(p.ptr, p.cls);
    }
    for (const t of this.#temporaries) this.heap.release(t.ptr, t.cls);
    this.#placed.length = 0;
    this.#temporaries.length = 0;
    this.#generation++;
  }

  /** `copyBack` false: the array is only read by the call (training data), so closing just drops the copy. */
  place(p: Placeable, copyBack = true): void {
    const own = p.data;
    if (this.#depth === 0 || !(own instanceof Float32Array) || own.length === 0 || this.heap.offset(own) >= 0) return;
    const { view, ptr, cls } = this.heap.block(own.length);
    view.set(own);
    p.data = view;
    this.#placed.push({ holder: p, own, view, ptr, cls, copyBack });
  }

  /** A block of `size` floats (contents undefined) freed when the outermost call closes; the call must be open. */
  temporary(size: number): Float32Array {
    const { view, ptr, cls } = this.heap.block(size);
    this.#temporaries.push({ ptr, cls });
    return view;
  }
}

const memories = new WeakMap<WasmHeap, HeapWorkingMemory>();

/** The one working memory over a heap. */
export function workingMemoryOf(heap: WasmHeap): HeapWorkingMemory {
  let memory = memories.get(heap);
  if (memory === undefined) memories.set(heap, (memory = new HeapWorkingMemory(heap)));
  return memory;
}
