import type { FloatArray } from '../../core/types.js';
import type { WasmHeap } from './heap.js';
import type { WasmRuntime } from './load.js';
import type { GemmPool } from './pool.js';

type Arg = FloatArray | number | boolean;
type HostFn = (...args: never[]) => void;
type F = FloatArray;
type Fn = (...args: (number | boolean)[]) => number;

/** How a kernel's arguments map to its export: the leading `arrays` arguments become pointers. */
export interface Signature {
  /** The WebAssembly export's name. */
  readonly fn: string;
  /** How many leading arguments are arrays. */
  readonly arrays: number;
  /** Bit i set: array i is written (copied back when it does not live in WebAssembly memory). */
  readonly written: number;
  /** Whether the element count of the first array goes after the pointers (elementwise kernels). */
  readonly length: boolean;
}

/** The bit mask of written arrays. */
export const writes = (...indices: number[]): number => indices.reduce((mask, i) => mask | (1 << i), 0);

const align = (bytes: number): number => (bytes + 15) & ~15;

/**
 * Arrays outside WebAssembly memory are copied into the scratch block (each distinct array once, so in-place calls
 * stay in place), the kernel runs, and the written ones are copied back: slow, but any Float32Array works.
 */
function viaScratch(rt: WasmRuntime, s: Signature, args: Arg[]): void {
  const heap = rt.heap;
  const staged: FloatArray[] = [];
  const at: number[] = [];
  let bytes = 0;
  for (let i = 0; i < s.arrays; i++) {
    const a = args[i] as FloatArray;
    if (heap.offset(a) >= 0 || staged.includes(a)) continue;
    staged.push(a);
    at.push(bytes);
    bytes += align(a.length * 4);
  }
  const base = heap.scratch(bytes);
  const view = heap.view();
  staged.forEach((a, j) => view.set(a, (base + at[j]) >> 2));
  const call: Arg[] = args.slice();
  for (let i = 0; i < s.arrays; i++) {
    const a = args[i] as FloatArray;
    const offset = heap.offset(a);
    call[i] = offset >= 0 ? offset : base + at[staged.indexOf(a)];
  }
  if (s.length) call.splice(s.arrays, 0, (args[0] as FloatArray).length);
  rt.exports[s.fn](...(call as (number | boolean)[]));
  for (let i = 0; i < s.arrays; i++) {
    const a = args[i] as FloatArray;
    const j = staged.indexOf(a);
    if ((s.written >> i) & 1 && j >= 0) a.set(view.subarray((base + at[j]) >> 2, ((base + at[j]) >> 2) + a.length));
  }
}

/**
 * A Kernels method over a WebAssembly export (the family factory): arrays already in WebAssembly memory are passed
 * as pointers (zero copy), others go through scratch; float64 arrays run on the TypeScript kernel `host`.
 */
export function bindKernel<K extends HostFn>(runtime: () => WasmRuntime, s: Signature, host: K): K {
  const bound = (...args: Arg[]): void => {
    if (!(args[0] instanceof Float32Array)) return (host as unknown as (...a: Arg[]) => void)(...args);
    const rt = runtime();
    const heap = rt.heap;
    const n = args[0].length;
    for (let i = 0; i < s.arrays; i++) if (heap.offset(args[i] as FloatArray) < 0) return viaScratch(rt, s, args);
    for (let i = 0; i < s.arrays; i++) args[i] = heap.offset(args[i] as FloatArray);
    if (s.length) args.splice(s.arrays, 0, n);
    rt.exports[s.fn](...(args as (number | boolean)[]));
  };
  return bound as unknown as K;
}

/** The heap and the export, looked up once: the fast paths below call with a fixed arity, never a spread. */
function resolver(runtime: () => WasmRuntime, s: Signature): () => { heap: WasmHeap; fn: Fn } {
  let cached: { heap: WasmHeap; fn: Fn } | undefined;
  return () => (cached ??= { heap: runtime().heap, fn: runtime().exports[s.fn] });
}

// Fast paths for the kernels a training step calls many times: all arrays resident → one direct call (~10 ns of
// glue); anything else → the general binding above. One factory per argument shape.

/** (x, out, …scalars) → fn(x, out, n, …scalars) */
export function unary(runtime: () => WasmRuntime, s: Signature, host: (x: F, out: F, a?: number, b?: number) => void) {
  const slow = bindKernel(runtime, s, host);
  const get = resolver(runtime, s);
  return (x: F, out: F, a?: number, b?: number): void => {
    const { heap, fn } = get();
    const px = heap.offset(x);
    const po = heap.offset(out);
    if (px < 0 || po < 0) slow(x, out, a, b);
    else fn(px, po, x.length, a ?? 0, b ?? 0);
  };
}

/** (x, y, out, …scalars) → fn(x, y, out, n, …scalars) */
export function binary(runtime: () => WasmRuntime, s: Signature, host: (x: F, y: F, out: F, a?: number) => void) {
  const slow = bindKernel(runtime, s, host);
  const get = resolver(runtime, s);
  return (x: F, y: F, out: F, a?: number): void => {
    const { heap, fn } = get();
    const px = heap.offset(x);
    const py = heap.offset(y);
    const po = heap.offset(out);
    if (px < 0 || py < 0 || po < 0) slow(x, y, out, a);
    else fn(px, py, po, x.length, a ?? 0);
  };
}

/** Row kernels: (x, out, rows, cols) or (x, y, out, rows, cols) → the same with pointers. */
export function rows2(runtime: () => WasmRuntime, s: Signature, host: (x: F, out: F, r: number, c: number) => void) {
  const slow = bindKernel(runtime, s, host);
  const get = resolver(runtime, s);
  return (x: F, out: F, rows: number, cols: number): void => {
    const { heap, fn } = get();
    const px = heap.offset(x);
    const po = heap.offset(out);
    if (px < 0 || po < 0) slow(x, out, rows, cols);
    else fn(px, po, rows, cols);
  };
}

export function rows3(
  runtime: () => WasmRuntime,
  s: Signature,
  host: (x: F, y: F, out: F, r: number, c: number) => void,
) {
  const slow = bindKernel(runtime, s, host);
  const get = resolver(runtime, s);
  return (x: F, y: F, out: F, rows: number, cols: number): void => {
    const { heap, fn } = get();
    const px = heap.offset(x);
    const py = heap.offset(y);
    const po = heap.offset(out);
    if (px < 0 || py < 0 || po < 0) slow(x, y, out, rows, cols);
    else fn(px, py, po, rows, cols);
  };
}

/** matmul(a, b, out, m, k, n, transA, transB, accumulate) → gemm with the same arguments. */
export function gemm(
  runtime: () => WasmRuntime,
  s: Signature,
  host: (a: F, b: F, out: F, m: number, k: number, n: number, ta: boolean, tb: boolean, acc: boolean) => void,
) {
  const slow = bindKernel(runtime, s, host);
  const get = resolver(runtime, s);
  return (a: F, b: F, out: F, m: number, k: number, n: number, ta: boolean, tb: boolean, acc: boolean): void => {
    const { heap, fn } = get();
    const pa = heap.offset(a);
    const pb = heap.offset(b);
    const po = heap.offset(out);
    if (pa < 0 || pb < 0 || po < 0) slow(a, b, out, m, k, n, ta, tb, acc);
    else fn(pa, pb, po, m, k, n, ta, tb, acc);
  };
}

type Matmul = (a: F, b: F, out: F, m: number, k: number, n: number, ta: boolean, tb: boolean, acc: boolean) => void;

/**
 * `single` (the matmul above) with resident products of at least `pool.minWork` multiply-adds split by columns
 * over the pool's threads; smaller ones, and arrays outside the memory, stay on the calling thread.
 */
export function pooledGemm(runtime: () => WasmRuntime, pool: GemmPool, single: Matmul): Matmul {
  return (a, b, out, m, k, n, ta, tb, acc) => {
    if (m * k * n >= pool.minWork) {
      const heap = runtime().heap;
      const pa = heap.offset(a);
      const pb = heap.offset(b);
      const po = heap.offset(out);
      if (pa >= 0 && pb >= 0 && po >= 0 && pool.gemm(pa, pb, po, m, k, n, ta, tb, acc, 0, 0)) return;
    }
    single(a, b, out, m, k, n, ta, tb, acc);
  };
}
