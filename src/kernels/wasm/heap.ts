import { MemoryError } from '../../core/errors.js';

const PAGE = 65_536;
const MIN_BLOCK = 64;

/** Size classes: 64 B, then four steps per power of two (80, 96, 112, 128, 160, …), so a block wastes ≤ 25%. */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_BLOCK) return 0;
  const e = 31 - Math.clz32(bytes - 1);
  return (e - 6) * 4 + Math.ceil((bytes - 2 ** e) / 2 ** (e - 2));
}

export function classBytes(cls: number): number {
  if (cls === 0) return MIN_BLOCK;
  const e = 6 + Math.floor((cls - 1) / 4);
  return 2 ** e + ((cls - 1) % 4) * 2 ** (e - 2) + 2 ** (e - 2);
}

/** A block handed out by the heap, returned to its class's free list by `release`. */
interface Block {
  readonly ptr: number;
  readonly cls: number;
}

/**
 * Float32 storage inside WebAssembly memory. `subarray` returns views of this class that hold their parent, so the
 * finalizer frees a block only once no view of it is left; `slice`, `map` and `filter` make plain Float32Array copies
 * (ordinary memory: working memory holds only what a call placed).
 */
export class ResidentFloat32Array extends (Float32Array as new (
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
) => Float32Array<ArrayBufferLike>) {
  // a field, not a WeakMap: subarray is called per row when batches are gathered, and must stay as cheap as native
  #parent: Float32Array | null = null;
  #owner: object | null = null;
  #pointer = -1;
  #memory: ArrayBufferLike | null = null;

  /** A view of `length` floats at `byteOffset` that belongs to `owner` (the heap that allocated it). */
  static of(owner: object, buffer: ArrayBufferLike, byteOffset: number, length: number): ResidentFloat32Array {
    const view = new ResidentFloat32Array(buffer, byteOffset, length);
    view.#owner = owner;
    view.#pointer = byteOffset;
    view.#memory = buffer;
    return view;
  }

  /**
   * The byte offset of `a` when it is a view of `owner`'s memory, else -1: private fields, because reading
   * `.buffer` and `.byteOffset` of a view costs tens of nanoseconds per array and kernel calls take well under 1 µs.
   */
  static pointer(a: Float32Array | Float64Array, owner: object): number {
    return #owner in a && a.#owner === owner ? a.#pointer : -1;
  }

  /** The view this one was cut from, kept reachable while this one lives; null for a block's own view. */
  get parent(): Float32Array | null {
    return this.#parent;
  }

  static get [Symbol.species](): Float32ArrayConstructor {
    return Float32Array;
  }

  override subarray(begin = 0, end = this.length): Float32Array<ArrayBufferLike> {
    const n = this.length;
    const from = begin < 0 ? Math.max(n + Math.trunc(begin), 0) : Math.min(Math.trunc(begin), n);
    const to = end < 0 ? Math.max(n + Math.trunc(end), 0) : Math.min(Math.trunc(end), n);
    // #memory and #pointer stand for .buffer and .byteOffset, which are slow to read
    const child = new ResidentFloat32Array(this.#memory!, this.#pointer + from * 4, Math.max(to - from, 0));
    child.#parent = this;
    child.#owner = this.#owner;
    child.#pointer = this.#pointer + from * 4;
    child.#memory = this.#memory;
    return child;
  }
}

/**
 * The host side of WebAssembly memory: a size-class allocator (free list per class, bump pointer on top, the memory
 * grown on demand), the byte offset of arrays that live in it, and a scratch block for arrays that do not.
 */
export class WasmHeap {
  readonly #memory: WebAssembly.Memory;
  /** Every buffer object `memory.buffer` has returned: after a shared memory grows, old views keep the old one. */
  readonly #buffers: ArrayBufferLike[] = [];
  readonly #free: number[][] = [];
  readonly #registry = new FinalizationRegistry<Block>((b) => this.release(b.ptr, b.cls));
  #top: number;
  #view: Float32Array;
  #scratch: Block | null = null;
  /** Whether the last block came off a free list (fresh memory above the top is already zero). */
  #reused = false;
  /** Live bytes handed out (blocks not yet released), for tests and the benchmark's memory figure. */
  liveBytes = 0;

  constructor(
    memory: WebAssembly.Memory,
    readonly shared: boolean,
    base: number,
  ) {
    this.#memory = memory;
    this.#top = Math.ceil(base / MIN_BLOCK) * MIN_BLOCK;
    this.#view = new Float32Array(memory.buffer);
    this.#buffers.push(memory.buffer);
  }

  /** The byte offset of `a` in this memory (its pointer for the kernels), or -1 when it lives elsewhere. */
  offset(a: Float32Array | Float64Array): number {
    // small enough for V8 to inline into every kernel binding: views of other memory take the call below
    const pointer = ResidentFloat32Array.pointer(a, this);
    return pointer >= 0 ? pointer : this.#foreignOffset(a);
  }

  #foreignOffset(a: Float32Array | Float64Array): number {
    const buffer = a.buffer;
    if (buffer === this.#buffers[this.#buffers.length - 1]) return a.byteOffset;
    if (!this.shared) return -1;
    for (let i = this.#buffers.length - 2; i >= 0; i--) if (buffer === this.#buffers[i]) return a.byteOffset;
    return -1;
  }

  /** A view of the whole memory, re-derived when the memory has grown. */
  view(): Float32Array {
    const buffer = this.#memory.buffer;
    if (this.#view.buffer !== buffer) {
      this.#view = new Float32Array(buffer);
      if (this.#buffers[this.#buffers.length - 1] !== buffer) this.#buffers.push(buffer);
    }
    return this.#view;
  }

  /** A block of at least `bytes`, 16-byte aligned; -1 when the memory cannot grow that far. */
  alloc(bytes: number): number {
    const cls = sizeClass(bytes);
    const list = this.#free[cls];
    const size = classBytes(cls);
    this.#reused = list !== undefined && list.length > 0;
    if (this.#reused) {
      this.liveBytes += size;
      return list.pop()!;
    }
    const ptr = this.#top;
    const end = ptr + size;
    const have = this.#memory.buffer.byteLength;
    if (end > have) {
      // grow by at least half the current size, so the list of old buffers stays short
      const pages = Math.max(Math.ceil((end - have) / PAGE), Math.ceil(have / PAGE / 2));
      if (!this.#grow(pages) && !this.#grow(Math.ceil((end - have) / PAGE))) return -1;
    }
    this.#top = end;
    this.liveBytes += size;
    return ptr;
  }

  #grow(pages: number): boolean {
    try {
      this.#memory.grow(pages);
    } catch {
      return false;
    }
    this.view();
    return true;
  }

  release(ptr: number, cls: number): void {
    (this.#free[cls] ??= []).push(ptr);
    this.liveBytes -= classBytes(cls);
  }

  /**
   * Zeroed float32 storage in this memory, freed when the array and every subarray of it are garbage;
   * a plain Float32Array when the memory cannot hold it.
   */
  allocateFloat32(size: number): Float32Array {
    if (size === 0) return new Float32Array(0);
    const ptr = this.alloc(size * 4);
    if (ptr < 0) return new Float32Array(size);
    const view = ResidentFloat32Array.of(this, this.#memory.buffer, ptr, size);
    if (this.#reused) view.fill(0);
    this.#registry.register(view, { ptr, cls: sizeClass(size * 4) }, view);
    return view;
  }

  /**
   * Frees the block of an array from `allocateFloat32` now (a disposed tensor) instead of at garbage collection.
   * Views cut from it must not be used afterwards; subarrays and foreign arrays are ignored.
   */
  releaseFloat32(view: Float32Array): void {
    if (!(view instanceof ResidentFloat32Array) || view.parent !== null) return;
    const ptr = ResidentFloat32Array.pointer(view, this);
    if (ptr < 0 || !this.#registry.unregister(view)) return;
    this.release(ptr, sizeClass(view.length * 4));
  }

  /**
   * A view of a fresh block of `size` floats, contents undefined, that the caller frees with `release(ptr, cls)`
   * (no finalizer: working memory frees its blocks when a call ends); throws MemoryError when memory cannot grow.
   */
  block(size: number): { view: Float32Array; ptr: number; cls: number } {
    const ptr = this.alloc(Math.max(size, 1) * 4);
    if (ptr < 0) throw this.exhausted(size * 4);
    return { view: ResidentFloat32Array.of(this, this.#memory.buffer, ptr, size), ptr, cls: sizeClass(size * 4) };
  }

  /** The typed error for a memory that cannot grow by `bytes` more. */
  exhausted(bytes: number): MemoryError {
    const have = this.#memory.buffer.byteLength;
    return new MemoryError({
      where: 'WebAssembly memory',
      expected: `room for ${bytes} more bytes`,
      received: `a memory of ${have} bytes that cannot grow that far (${this.liveBytes} bytes in use)`,
      hint:
        'Use a smaller batchSize (fit, predict and evaluate take one) or smaller layers, or run on the TypeScript ' +
        "kernels: st.useKernels(st.selectKernels({ prefer: 'js' })).",
    });
  }

  /** The byte offset of a scratch block of at least `bytes`, reused from call to call. */
  scratch(bytes: number): number {
    if (this.#scratch !== null && classBytes(this.#scratch.cls) >= bytes) return this.#scratch.ptr;
    if (this.#scratch !== null) this.release(this.#scratch.ptr, this.#scratch.cls);
    const want = Math.max(bytes, this.#scratch === null ? 0 : 2 * classBytes(this.#scratch.cls));
    const ptr = this.alloc(want);
    if (ptr < 0) throw this.exhausted(want);
    this.#scratch = { ptr, cls: sizeClass(want) };
    return ptr;
  }
}
