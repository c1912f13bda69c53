import { StateError } from '../../core/errors.js';
import type { Kernels } from '../kernels.js';
import { sizeClass } from './heap.js';
import type { WasmRuntime } from './load.js';
import { pooledKernels } from './pooled-kernels.js';
import {
  addPartial,
  CONV_MIN_WORK,
  type ImageJob,
  keep,
  type Kept,
  postImageJob,
  runImageChunks,
} from './image-job.js';
import { CONTROL_BYTES, State, TEXT_BYTES, TEXT_OFFSET, Word, workerSource } from './worker-source.js';
import { mayBlock, tryToSpawn, type Thread } from './worker-thread.js';

/**
 * Products with fewer multiply-adds (m·k·n) than this stay on one thread. At 4M (128×256×128, about 250 µs on one
 * thread) the hand-off (a futex wake-up and wait, 6–60 µs measured) is a fifth of the work or less, and two threads
 * ran such shapes 1.3–2× faster while the second core was free; see BENCHMARKS.md, "Threads".
 */
export const THREAD_MIN_WORK = 4_000_000;

export interface PoolOptions {
  /** Threads in all, the calling one included (so threads - 1 workers). */
  readonly threads: number;
  /** Products below this many multiply-adds run on the calling thread alone (default THREAD_MIN_WORK). */
  readonly minWork?: number;
  /** Convolutions below this many multiply-adds run on the calling thread alone (default CONV_MIN_WORK). */
  readonly minConvWork?: number;
  /** How long the calling thread waits for a worker beyond its own share before giving up (default 10 s). */
  readonly timeoutMs?: number;
  /** The worker's code: tests pass one that misbehaves. */
  readonly source?: string;
}

/** One worker and its command block in the shared memory, with its image jobs' scratch and partial sum. */
interface Lane {
  readonly thread: Thread;
  readonly control: Int32Array;
  readonly text: Uint8Array;
  readonly block: number;
  readonly work: number;
  readonly scratch: Kept;
  readonly sum: Kept;
}

/**
 * Column chunks per thread: the threads take chunks from a shared counter, so one that starts late (a worker
 * waking up, or descheduled on a busy machine) does less instead of holding up the others.
 */
const CHUNKS_PER_THREAD = 4;
/**
 * Image chunks per thread: finer than column chunks, since a chunk of images costs only a call (no panel to pack),
 * and a worker descheduled inside a chunk (on cnn-keras, 4 images are about 4 ms) holds the calling thread up less.
 */
const IMAGE_CHUNKS_PER_THREAD = 16;

const SPINS = 2000; // polls of the control word before sleeping: a worker finishing about when we do is common

/**
 * Worker threads that share one GEMM with the calling thread over the shared WebAssembly memory: each runs
 * gemmRange on chunks of C's columns (8-aligned, so every chunk packs whole panels) with its own packing work block.
 * Jobs go through a command block per worker (Atomics.wait / notify on its state word): no message, no copy.
 */
export class GemmPool {
  readonly threads: number;
  readonly minWork: number;
  readonly minConvWork: number;
  readonly #rt: WasmRuntime;
  readonly #gemmRange: (...args: (number | boolean)[]) => number;
  readonly #lanes: Lane[] = [];
  /** The next chunk index, shared by all threads of a job. */
  readonly #queue: Int32Array;
  readonly #queueBlock: number;
  readonly #busy: Lane[] = [];
  readonly #timeoutMs: number;
  readonly #mayBlock = mayBlock();
  readonly #ready: Promise<void>;
  #started = 0;
  #jobs = 0;
  #chunks = 0;
  #error: string | null = null;
  #terminated = false;

  /** A pool over `rt`'s memory, or null where threads cannot run (an unshared memory, or no worker API). */
  static start(rt: WasmRuntime, options: PoolOptions): GemmPool | null {
    if (!rt.shared || options.threads < 2 || typeof SharedArrayBuffer !== 'function') return null;
    const pool = new GemmPool(rt, options);
    return pool.#lanes.length > 0 ? pool : null;
  }

  private constructor(rt: WasmRuntime, options: PoolOptions) {
    this.#rt = rt;
    this.#gemmRange = rt.exports.gemmRange;
    this.threads = options.threads;
    this.minWork = options.minWork ?? THREAD_MIN_WORK;
    this.minConvWork = options.minConvWork ?? CONV_MIN_WORK;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    this.#ready = new Promise<void>((yes, no) => ((resolve = yes), (reject = no)));
    this.#ready.catch(() => {}); // a failed start is reported by ready() and error, never as an unhandled rejection
    const fail = (why: string): void => {
      if (this.#terminated || this.#error !== null) return;
      this.#error = why;
      reject(new Error(`GemmPool: ${why}`));
    };
    const ready = (): void => void (++this.#started === this.#lanes.length && resolve());
    this.#queueBlock = rt.heap.alloc(64);
    this.#queue = new Int32Array(rt.memory.buffer, Math.max(this.#queueBlock, 0), 1);
    for (let i = 1; i < options.threads && this.#queueBlock >= 0; i++) {
      const block = rt.heap.alloc(CONTROL_BYTES);
      const work = rt.heap.alloc(rt.exports.gemmWorkBytes());
      if (block < 0 || work < 0) break;
      const control = new Int32Array(rt.memory.buffer, block, TEXT_OFFSET / 4);
      Atomics.store(control, Word.state, State.starting);
      const thread = tryToSpawn(options.source ?? workerSource, ready, fail);
      if (thread === null) {
        rt.heap.release(block, sizeClass(CONTROL_BYTES));
        rt.heap.release(work, sizeClass(rt.exports.gemmWorkBytes()));
        break;
      }
      const text = new Uint8Array(rt.memory.buffer, block + TEXT_OFFSET, TEXT_BYTES);
      this.#lanes.push({
        thread,
        control,
        text,
        block,
        work,
        scratch: { ptr: 0, bytes: 0 },
        sum: { ptr: 0, bytes: 0 },
      });
      thread.post({ module: rt.module, memory: rt.memory, work, control: block, queue: this.#queueBlock });
    }
  }

  /** Resolves once every worker has instantiated the module; rejects when one fails to start. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /** Jobs the workers have finished (each threaded product counts one per worker). */
  get jobs(): number {
    return this.#jobs;
  }

  /** Column chunks the workers have computed (each job's first chunk is theirs; the rest go to whoever is free). */
  get chunks(): number {
    return this.#chunks;
  }

  /** Why the pool stopped using its workers (a worker crashed, exited or timed out), or null. */
  get error(): string | null {
    return this.#error;
  }

  /**
   * gemmRange over all threads (pointers into the shared memory). Returns false, having done nothing, when the
   * product is under `minWork`, too narrow to split, or no worker is waiting: the caller then runs it alone.
   */
  gemm(
    a: number,
    b: number,
    c: number,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
    bias: number,
    act: number,
  ): boolean {
    if (this.#error !== null || m * k * n < this.minWork) return false;
    const busy = this.#waiting();
    if (busy.length === 0) return false;
    const width = ((Math.ceil(n / (CHUNKS_PER_THREAD * (busy.length + 1))) + 7) >> 3) << 3;
    const chunks = Math.ceil(n / width);
    if (chunks < 2) return false;
    if (busy.length > chunks - 1) busy.length = chunks - 1;
    const flags = (transA ? 1 : 0) | (transB ? 2 : 0) | (accumulate ? 4 : 0);
    const queue = this.#queue;
    Atomics.store(queue, 0, busy.length + 1); // chunk 0 is ours, chunk i + 1 worker i's
    for (let i = 0; i < busy.length; i++) {
      const s = busy[i].control;
      s[Word.a] = a;
      s[Word.b] = b;
      s[Word.c] = c;
      s[Word.m] = m;
      s[Word.k] = k;
      s[Word.n] = n;
      s[Word.flags] = flags;
      s[Word.bias] = bias;
      s[Word.act] = act;
      s[Word.width] = width;
      s[Word.first] = i + 1;
      s[Word.kind] = 0;
      Atomics.store(s, Word.state, State.run);
      Atomics.notify(s, Word.state, 1);
    }
    let failure: Error | null = null;
    try {
      for (let i = 0; i * width < n; i = Atomics.add(queue, 0, 1))
        this.#gemmRange(
          a,
          b,
          c,
          m,
          k,
          n,
          transA,
          transB,
          accumulate,
          bias,
          act,
          i * width,
          Math.min(n, (i + 1) * width),
        );
    } finally {
      for (const lane of busy) {
        const problem = this.#finish(lane, 'matmul'); // every lane, even after a failure: none may still be writing C
        failure ??= problem;
      }
    }
    if (failure !== null) throw failure;
    return true;
  }

  /**
   * `job` over all threads. Returns false, having done nothing, when it is under `minConvWork`, has fewer than two
   * images, a lane's scratch or partial sum cannot be allocated, or no worker is waiting: the caller then runs it
   * alone. The sum (the filter gradient) is the calling thread's chunks, then each worker's partial added in.
   */
  images(job: ImageJob): boolean {
    if (this.#error !== null || job.work < this.minConvWork || job.batch < 2) return false;
    const busy = this.#waiting();
    if (busy.length > job.batch - 1) busy.length = job.batch - 1;
    for (let i = 0; i < busy.length; i++) {
      const lane = busy[i];
      const ok =
        keep(this.#rt.heap, lane.scratch, job.scratchFloats * 4) &&
        (!job.sum || keep(this.#rt.heap, lane.sum, job.sum.floats * 4));
      if (!ok) busy.length = i; // out of memory: fewer lanes
    }
    if (busy.length === 0) return false;
    const chunk = Math.ceil(job.batch / (IMAGE_CHUNKS_PER_THREAD * (busy.length + 1)));
    const queue = this.#queue;
    Atomics.store(queue, 0, busy.length + 1);
    for (let i = 0; i < busy.length; i++) {
      const lane = busy[i];
      postImageJob(lane.control, job, chunk, i + 1, lane.scratch.ptr, lane.sum.ptr);
      Atomics.store(lane.control, Word.state, State.run);
      Atomics.notify(lane.control, Word.state, 1);
    }
    let failure: Error | null = null;
    try {
      runImageChunks(this.#rt.exports[job.kernel], job, chunk, queue);
    } finally {
      for (const lane of busy) {
        const problem = this.#finish(lane, job.kernel); // every lane, even after a failure
        failure ??= problem;
      }
    }
    if (failure !== null) throw failure;
    for (const lane of busy) if (job.sum && lane.control[Word.ran] > 0) addPartial(this.#rt.memory, job, lane.sum.ptr);
    return true;
  }

  /** The lanes waiting for a job (in a reused array). */
  #waiting(): Lane[] {
    const busy = this.#busy;
    busy.length = 0;
    for (const lane of this.#lanes) {
      const state = Atomics.load(lane.control, Word.state);
      if (state === State.idle || state === State.done) busy.push(lane);
    }
    return busy;
  }

  /** Waits for a lane's job; an error when it failed or did not answer in time. */
  #finish(lane: Lane, kernel: string): Error | null {
    const s = lane.control;
    const deadline = performance.now() + this.#timeoutMs;
    let state: number;
    for (let spin = 0; (state = Atomics.load(s, Word.state)) === State.run; spin++) {
      if (spin < SPINS) continue;
      if (this.#mayBlock) Atomics.wait(s, Word.state, State.run, 50);
      if (
        performance.now() > deadline &&
        Atomics.compareExchange(s, Word.state, State.run, State.abandoned) === State.run
      )
        return this.#timedOut(kernel);
    }
    Atomics.store(s, Word.state, State.idle);
    if (state === State.done) {
      this.#jobs++;
      this.#chunks += s[Word.ran];
      return null;
    }
    const end = lane.text.indexOf(0);
    const message = String.fromCharCode(...lane.text.subarray(0, end < 0 ? TEXT_BYTES : end));
    return new WebAssembly.RuntimeError(`${kernel} on a worker thread: ${message}`);
  }

  #timedOut(kernel: string): Error {
    this.#error = `a worker did not finish its share within ${this.#timeoutMs} ms`;
    return new StateError({
      where: `${kernel} (${this.threads} threads)`,
      expected: `every worker thread to finish its ${kernel === 'matmul' ? 'columns' : 'images'} within ${this.#timeoutMs} ms`,
      received: 'no answer (the worker crashed or the machine is overloaded)',
      hint: `Threads are now off; call selectKernels({ prefer: 'wasm', threads: ${this.threads} }) to start new ones.`,
    });
  }

  /** Stops the workers; their blocks go back to the heap once they have exited. */
  async terminate(): Promise<void> {
    if (this.#terminated) return;
    this.#terminated = true;
    this.#error ??= 'terminated';
    for (const lane of this.#lanes) {
      Atomics.store(lane.control, Word.state, State.exit);
      Atomics.notify(lane.control, Word.state);
    }
    await Promise.all(this.#lanes.map((lane) => lane.thread.stop()));
    const heap = this.#rt.heap;
    if (this.#queueBlock >= 0) heap.release(this.#queueBlock, sizeClass(64));
    for (const lane of this.#lanes) {
      heap.release(lane.block, sizeClass(CONTROL_BYTES));
      heap.release(lane.work, sizeClass(this.#rt.exports.gemmWorkBytes()));
      for (const kept of [lane.scratch, lane.sum]) if (kept.bytes > 0) heap.release(kept.ptr, sizeClass(kept.bytes));
    }
  }
}

let current: { pool: GemmPool; kernels: Kernels } | null = null;

/**
 * `base` (the wasm kernels over `rt`) with its matmul split over `threads` threads by the process-wide pool,
 * started on first use and replaced when the count changes or it has failed; `base` itself for 1 thread or
 * where threads cannot run. Any previous pool is terminated.
 */
export function threadedKernels(base: Kernels, rt: WasmRuntime, threads: number): Kernels {
  if (current !== null && current.pool.threads === threads && current.pool.error === null) return current.kernels;
  stopThreads();
  const pool = threads > 1 ? GemmPool.start(rt, { threads }) : null;
  if (pool === null) return base;
  const kernels = pooledKernels(rt, pool, base);
  current = { pool, kernels };
  return current.kernels;
}

/** The process-wide pool behind the threaded kernels, if one runs (benchmarks read its job count). */
export function currentPool(): GemmPool | null {
  return current?.pool ?? null;
}

/** Terminates the process-wide pool (selectKernels without threads does it too). */
export function stopThreads(): Promise<void> {
  const pool = current?.pool;
  current = null;
  return pool ? pool.terminate() : Promise.resolve();
}
