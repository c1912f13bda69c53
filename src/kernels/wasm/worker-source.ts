// The GEMM worker thread's code, embedded as a string (like the wasm bytes) so there is no file or URL to resolve.

/** Values of the control word (word 0 of a lane's command block). */
export const State = {
  /** The worker has not instantiated the module yet. */
  starting: 0,
  /** Waiting for a job. */
  idle: 1,
  /** A job is posted (main → worker). */
  run: 2,
  /** The job is finished (worker → main). */
  done: 3,
  /** gemmRange threw; the message is in the block's text area. */
  failed: 4,
  /** The main thread gave up waiting; the worker is not used again. */
  abandoned: 5,
  /** Leave the loop. */
  exit: 6,
} as const;

/** A lane's command block: 64 int32 words (state, then the job), then an error text area. */
export const CONTROL_BYTES = 512;
export const TEXT_OFFSET = 256;
export const TEXT_BYTES = CONTROL_BYTES - TEXT_OFFSET;

/** The exports an image job may name (its `fn` word is the index here). */
export const IMAGE_KERNELS = ['conv2d', 'conv2dBackwardInput', 'conv2dBackwardFilter'] as const;

/** How many pointer arguments of an image job move by a stride per image (its arguments: up to 32, words 32–63). */
export const IMAGE_SPLITS = 3;

/**
 * Word indices in the command block: the gemmRange arguments, the width of a column chunk, the chunk this worker
 * starts with, and (written back) how many chunks it computed. An image job (kind 1) has instead an export of
 * IMAGE_KERNELS, its arguments, the batch and the images per chunk, which arguments are the chunk's image count, the
 * worker's own scratch block and partial sum (with the flag that says to add to it), and up to IMAGE_SPLITS pairs
 * (argument, bytes per image) that move to the chunk's first image.
 */
export const Word = {
  state: 0,
  a: 1,
  b: 2,
  c: 3,
  m: 4,
  k: 5,
  n: 6,
  flags: 7,
  bias: 8,
  act: 9,
  width: 10,
  first: 11,
  ran: 12,
  kind: 13,
  fn: 16,
  count: 17,
  batch: 18,
  chunk: 19,
  batchArg: 20,
  scratchArg: 21,
  scratch: 22,
  sumArg: 23,
  sum: 24,
  accumulateArg: 25,
  splits: 26,
  args: 32,
} as const;

/**
 * The worker: receives { module, memory, work, control, queue }, instantiates the module over the shared memory,
 * points its GEMM work area at its own block, then sleeps on the control word. A job is its first chunk (of a
 * product's columns, or of a batch's images), then whatever chunks are left: it takes their indices from the queue
 * word, shared with the other threads.
 * Node (an eval'd CommonJS script: `require` exists) and browsers (a Blob URL worker: `self`) take the same code.
 */
export const workerSource = `'use strict';
const S = ${JSON.stringify(State)};
const W = ${JSON.stringify(Word)};
const IMAGE_KERNELS = ${JSON.stringify(IMAGE_KERNELS)};
const isNode = typeof require === 'function';
const port = isNode ? require('node:worker_threads').parentPort : self;
const listen = (fn) => (isNode ? port.on('message', fn) : (self.onmessage = (e) => fn(e.data)));
listen(({ module, memory, work, control, queue }) => {
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
  kernels.gemmInit(work);
  const s = new Int32Array(memory.buffer, control, ${TEXT_OFFSET / 4});
  const q = new Int32Array(memory.buffer, queue, 1);
  const text = new Uint8Array(memory.buffer, control + ${TEXT_OFFSET}, ${TEXT_BYTES});
  Atomics.store(s, W.state, S.idle);
  port.postMessage('ready');
  for (;;) {
    const state = Atomics.load(s, W.state);
    if (state === S.exit) return;
    if (state !== S.run) {
      Atomics.wait(s, W.state, state);
      continue;
    }
    let next = S.done;
    let ran = 0;
    try {
      if (s[W.kind] === 1) ran = images(kernels, s, q);
      else {
        const [a, b, c, m, k, n, f, bias, act, width] = [s[W.a] >>> 0, s[W.b] >>> 0, s[W.c] >>> 0, s[W.m], s[W.k],
          s[W.n], s[W.flags], s[W.bias] >>> 0, s[W.act], s[W.width]];
        for (let i = s[W.first]; i * width < n; i = Atomics.add(q, 0, 1), ran++)
          kernels.gemmRange(a, b, c, m, k, n, f & 1, (f >> 1) & 1, (f >> 2) & 1, bias, act, i * width,
            Math.min(n, (i + 1) * width));
      }
    } catch (e) {
      const message = String(e).slice(0, ${TEXT_BYTES - 1});
      for (let i = 0; i < message.length; i++) text[i] = message.charCodeAt(i) & 0x7f;
      text[message.length] = 0;
      next = S.failed;
    }
    s[W.ran] = ran;
    if (Atomics.compareExchange(s, W.state, S.run, next) === S.run) Atomics.notify(s, W.state);
    else return;
  }
});
// chunks of a batch of images: the first is s[W.first], the rest come from the queue; returns how many ran
function images(kernels, s, q) {
  const fn = kernels[IMAGE_KERNELS[s[W.fn]]];
  const base = Array.from(s.subarray(W.args, W.args + s[W.count]));
  const args = base.slice();
  const [batch, chunk, sumArg] = [s[W.batch], s[W.chunk], s[W.sumArg]];
  if (s[W.scratchArg] >= 0) args[s[W.scratchArg]] = s[W.scratch];
  if (sumArg >= 0) args[sumArg] = s[W.sum];
  let ran = 0;
  for (let i = s[W.first]; i * chunk < batch; i = Atomics.add(q, 0, 1), ran++) {
    for (let j = 0; j < ${2 * IMAGE_SPLITS}; j += 2)
      if (s[W.splits + j] >= 0) args[s[W.splits + j]] = base[s[W.splits + j]] + i * chunk * s[W.splits + j + 1];
    args[s[W.batchArg]] = Math.min(chunk, batch - i * chunk);
    if (sumArg >= 0) args[s[W.accumulateArg]] = ran > 0 ? 1 : 0;
    fn(...args);
  }
  return ran;
}
`;
