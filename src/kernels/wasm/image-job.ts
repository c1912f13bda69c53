import { sizeClass, type WasmHeap } from './heap.js';
import type { WasmExports } from './load.js';
import { IMAGE_KERNELS, IMAGE_SPLITS, Word } from './worker-source.js';

/**
 * Convolutions with fewer multiply-adds than this (over the whole batch) stay on one thread. Measured per kernel
 * (cnn-small's two layers, batch 2–64, on the shared 2-core machine under a load of 15–17): two threads lost at
 * 0.3–5M (0.2–0.9×: the wake-ups cost more than the work), were even to 1.3× at 10M and won 1.26–1.31× at 40M; see
 * BENCHMARKS.md, "Conv nets".
 */
export const CONV_MIN_WORK = 8_000_000;

/**
 * A kernel of IMAGE_KERNELS over a batch of images, split by images: `args` are the calling thread's (its pointers
 * into the shared memory, its scratch and output); each worker gets the same with `splits` (argument index, bytes
 * per image) moved to its chunk's first image, the chunk's image count at `batchArg`, its own scratch block of
 * `scratchFloats` at `scratchArg`, and, for a sum over the batch (the filter gradient), its own partial sum of
 * `sumFloats` at `sumArg`, added at the end into the calling thread's, with `accumulateArg` set after its first chunk.
 */
export interface ImageJob {
  readonly kernel: (typeof IMAGE_KERNELS)[number];
  readonly args: readonly number[];
  readonly batch: number;
  readonly work: number;
  readonly splits: readonly (readonly [number, number])[];
  readonly batchArg: number;
  readonly scratchArg: number;
  readonly scratchFloats: number;
  readonly sum?: { readonly arg: number; readonly floats: number; readonly accumulateArg: number };
}

/** Writes `job` into a lane's command block: chunks of `chunk` images, starting with `first`, in its own blocks. */
export function postImageJob(
  s: Int32Array,
  job: ImageJob,
  chunk: number,
  first: number,
  scratch: number,
  sum: number,
): void {
  s[Word.kind] = 1;
  s[Word.fn] = IMAGE_KERNELS.indexOf(job.kernel);
  s[Word.count] = job.args.length;
  s[Word.batch] = job.batch;
  s[Word.chunk] = chunk;
  s[Word.batchArg] = job.batchArg;
  s[Word.scratchArg] = job.scratchArg;
  s[Word.scratch] = scratch;
  s[Word.sumArg] = job.sum?.arg ?? -1;
  s[Word.sum] = sum;
  s[Word.accumulateArg] = job.sum?.accumulateArg ?? -1;
  for (let j = 0; j < IMAGE_SPLITS; j++) {
    s[Word.splits + 2 * j] = job.splits[j]?.[0] ?? -1;
    s[Word.splits + 2 * j + 1] = job.splits[j]?.[1] ?? 0;
  }
  for (let j = 0; j < job.args.length; j++) s[Word.args + j] = job.args[j];
  s[Word.first] = first;
}

/** The calling thread's share: chunk 0, then whatever chunks the shared counter still hands out. */
export function runImageChunks(run: WasmExports[string], job: ImageJob, chunk: number, queue: Int32Array): void {
  const args = job.args.slice();
  for (let i = 0, own = 0; i * chunk < job.batch; i = Atomics.add(queue, 0, 1), own++) {
    for (const [arg, stride] of job.splits) args[arg] = job.args[arg] + i * chunk * stride;
    args[job.batchArg] = Math.min(chunk, job.batch - i * chunk);
    if (job.sum) args[job.sum.accumulateArg] = own > 0 ? 1 : 0;
    run(...args);
  }
}

/** Adds a worker's partial sum (at `part`) into the calling thread's. */
export function addPartial(memory: WebAssembly.Memory, job: ImageJob, part: number): void {
  const { arg, floats } = job.sum!;
  const total = new Float32Array(memory.buffer, job.args[arg], floats);
  const partial = new Float32Array(memory.buffer, part, floats);
  for (let j = 0; j < floats; j++) total[j] += partial[j];
}

/** A block of the heap a lane keeps between jobs, grown when a job needs more (0 bytes: none yet). */
export interface Kept {
  ptr: number;
  bytes: number;
}

/** Grows a kept block to at least `bytes` (false when the heap cannot). */
export function keep(heap: WasmHeap, kept: Kept, bytes: number): boolean {
  if (kept.bytes >= bytes) return true;
  const ptr = heap.alloc(bytes);
  if (ptr < 0) return false;
  if (kept.bytes > 0) heap.release(kept.ptr, sizeClass(kept.bytes));
  kept.ptr = ptr;
  kept.bytes = bytes;
  return true;
}
