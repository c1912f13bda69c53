// the GEMM worker pool: threaded products equal the single-thread ones, the workers really run them, and a worker
// that fails, hangs or exits gives an error or a fallback, never a hang
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { jsKernels } from '../../src/kernels/js/index.js';
import { selectKernels } from '../../src/kernels/select.js';
import { pooledDense, pooledDenseBackward } from '../../src/kernels/wasm/bind-dense.js';
import { pooledGemm } from '../../src/kernels/wasm/bind.js';
import { createWasmKernels, instantiateKernels, wasmRuntime } from '../../src/kernels/wasm/index.js';
import { currentPool, GemmPool, stopThreads, THREAD_MIN_WORK } from '../../src/kernels/wasm/pool.js';
import { workerSource } from '../../src/kernels/wasm/worker-source.js';

const rt = instantiateKernels();
const single = createWasmKernels(() => rt);
const pools: GemmPool[] = [];
const start = (options: Parameters<typeof GemmPool.start>[1]): GemmPool => {
  const pool = GemmPool.start(rt, options)!;
  pools.push(pool);
  return pool;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.terminate()));
  await stopThreads();
});

const rng = new Rng(7);
const resident = (size: number): Float32Array => {
  const a = rt.heap.allocateFloat32(size);
  for (let i = 0; i < size; i++) a[i] = rng.uniform(-1, 1);
  return a;
};
const pointers = (a: Float32Array, b: Float32Array, c: Float32Array) =>
  [rt.heap.offset(a), rt.heap.offset(b), rt.heap.offset(c)] as const;

describe('GemmPool (2 threads over the shared memory)', () => {
  const pool = start({ threads: 2 });
  const matmul = pooledGemm(() => rt, pool, single.matmul);

  // above THREAD_MIN_WORK; odd widths leave a ragged last panel on the worker's side
  const shapes = [
    [128, 784, 256],
    [64, 160, 1029],
    [512, 1024, 17],
    [2048, 3, 840], // depth 3: the shallow path, over the worker's columns
  ] as const;
  const modes = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const;

  it('starts its worker', async () => {
    await pool.ready();
    expect(pool.threads).toBe(2);
    expect(pool.error).toBeNull();
  });

  describe.each(shapes)('%i×%i×%i', (m, k, n) => {
    it.each(modes.flatMap(([ta, tb]) => [false, true].map((acc) => [ta, tb, acc] as const)))(
      'transA %s, transB %s, accumulate %s: equals the single-thread result and ran on the worker',
      async (ta, tb, acc) => {
        await pool.ready();
        expect(m * k * n).toBeGreaterThanOrEqual(THREAD_MIN_WORK);
        const [a, b] = [resident(m * k), resident(k * n)];
        const start = resident(m * n);
        const [threaded, one, reference] = [
          rt.heap.allocateFloat32(m * n),
          new Float32Array(m * n),
          Float32Array.from(start),
        ];
        threaded.set(start);
        one.set(start);
        const [jobs, chunks] = [pool.jobs, pool.chunks];
        matmul(a, b, threaded, m, k, n, ta, tb, acc);
        expect(pool.jobs).toBe(jobs + 1);
        expect(pool.chunks).toBeGreaterThan(chunks); // at least the worker's first chunk of columns
        single.matmul(a, b, one, m, k, n, ta, tb, acc); // copied in and out: one thread
        jsKernels.matmul(a, b, reference, m, k, n, ta, tb, acc);
        // the same panels and the same summation order per column: bit for bit
        expect(Float32Array.from(threaded)).toEqual(one);
        let worst = 0;
        for (let i = 0; i < reference.length; i++)
          worst = Math.max(worst, Math.abs(threaded[i] - reference[i]) / (1 + Math.abs(reference[i])));
        expect(worst).toBeLessThan(1e-4);
      },
    );
  });

  it.each(['relu', 'sigmoid', 'tanh', 'linear'] as const)(
    'a dense forward (bias + %s in the epilogue) is split too, and equals the single-thread result',
    async (activation) => {
      await pool.ready();
      const dense = pooledDense(() => rt, pool, single.matmulBiasActivation);
      const [m, k, n] = [128, 784, 256];
      const [x, w, bias] = [resident(m * k), resident(k * n), resident(n)];
      const [threaded, one] = [rt.heap.allocateFloat32(m * n), rt.heap.allocateFloat32(m * n)];
      const jobs = pool.jobs;
      dense(x, w, bias, threaded, m, k, n, activation);
      expect(pool.jobs).toBe(jobs + 1);
      single.matmulBiasActivation(x, w, bias, one, m, k, n, activation);
      expect(pool.jobs).toBe(jobs + 1);
      expect(Array.from(threaded)).toEqual(Array.from(one));
    },
  );

  it.each(['relu', 'linear'] as const)(
    'a dense backward (%s) splits its two products when large, and equals the single-thread result',
    async (activation) => {
      await pool.ready();
      const backward = pooledDenseBackward(pool, { ...single, matmul }, single.denseBackward);
      const [m, k, n] = [128, 784, 256];
      const [x, w, a, dy] = [resident(m * k), resident(k * n), resident(m * n), resident(m * n)];
      const outputs = () => [m * n, k * n, n, m * k].map((size) => rt.heap.allocateFloat32(size));
      const [dz, dW, db, dx] = outputs();
      const [dz1, dW1, db1, dx1] = outputs();
      const jobs = pool.jobs;
      backward(x, a, dy, dz, w, dW, db, dx, m, k, n, activation);
      expect(pool.jobs).toBe(jobs + 2); // dW = xᵀ·g and dx = g·Wᵀ
      single.denseBackward(x, a, dy, dz1, w, dW1, db1, dx1, m, k, n, activation);
      expect(pool.jobs).toBe(jobs + 2);
      for (const [t, o] of [
        [dz, dz1],
        [dW, dW1],
        [db, db1],
        [dx, dx1],
      ])
        expect(Array.from(t)).toEqual(Array.from(o));
    },
  );

  it('leaves small products, narrow ones and arrays outside the memory to the calling thread', async () => {
    await pool.ready();
    const jobs = pool.jobs;
    const [a, b, c] = [resident(128 * 128), resident(128 * 128), resident(128 * 128)];
    expect(pool.gemm(...pointers(a, b, c), 128, 128, 128, false, false, false, 0, 0)).toBe(false); // 2.1M
    expect(pool.gemm(...pointers(a, b, c), 4096, 4096, 8, false, false, false, 0, 0)).toBe(false); // one panel
    const [x, y] = [new Float32Array(256 * 1024), new Float32Array(1024 * 64)];
    const out = new Float32Array(256 * 64);
    matmul(x, y, out, 256, 1024, 64, false, false, false);
    expect(pool.jobs).toBe(jobs);
  });
});

describe('a worker that goes wrong', () => {
  const [m, k, n] = [64, 512, 256];
  const args = () => pointers(resident(m * k), resident(k * n), resident(m * n));

  it('throwing in gemmRange: the call throws its message, and the worker stays usable', async () => {
    const failing = workerSource.replace('kernels.gemmRange(', "(() => { throw new Error('boom'); })(");
    const pool = start({ threads: 2, minWork: 1, source: failing });
    await pool.ready();
    expect(() => pool.gemm(...args(), m, k, n, false, false, false, 0, 0)).toThrow(
      'matmul on a worker thread: Error: boom',
    );
    expect(() => pool.gemm(...args(), m, k, n, false, false, false, 0, 0)).toThrow(WebAssembly.RuntimeError);
    expect(pool.error).toBeNull();
  });

  it('never answering: a StateError after the timeout, then one thread', async () => {
    const hanging = workerSource.replace('kernels.gemmRange(', 'Atomics.wait(s, 15, 0), kernels.gemmRange(');
    const pool = start({ threads: 2, minWork: 1, timeoutMs: 100, source: hanging });
    await pool.ready();
    expect(() => pool.gemm(...args(), m, k, n, false, false, false, 0, 0)).toThrowErrorMatchingInlineSnapshot(
      `[StateError: matmul (2 threads): expected every worker thread to finish its columns within 100 ms, got no answer (the worker crashed or the machine is overloaded). Threads are now off; call selectKernels({ prefer: 'wasm', threads: 2 }) to start new ones.]`,
    );
    expect(pool.error).toMatch(/within 100 ms/);
    expect(pool.gemm(...args(), m, k, n, false, false, false, 0, 0)).toBe(false);
  });

  it('exiting while idle: noticed from its exit event, products run on one thread', async () => {
    const exiting = workerSource.replace("port.postMessage('ready');", "port.postMessage('ready'); process.exit(3);");
    const pool = start({ threads: 2, minWork: 1, source: exiting });
    await pool.ready().catch(() => {}); // the exit may come before the ready message
    await vi.waitFor(() => expect(pool.error).toBe('the worker exited with code 3'));
    expect(pool.gemm(...args(), m, k, n, false, false, false, 0, 0)).toBe(false);
  });

  it('failing to start: ready() rejects with the reason', async () => {
    const pool = start({ threads: 2, source: "throw new Error('no wasm here');" });
    await expect(pool.ready()).rejects.toThrow(/no wasm here/);
    expect(pool.gemm(...args(), m, k, n, false, false, false, 0, 0)).toBe(false);
  });

  it('terminate() stops the workers and returns their blocks to the heap', async () => {
    const own = instantiateKernels(); // a heap of its own: no finalizer frees tensors of other tests meanwhile
    const before = own.heap.liveBytes;
    const pool = GemmPool.start(own, { threads: 3 })!;
    await pool.ready();
    expect(own.heap.liveBytes).toBeGreaterThan(before);
    await pool.terminate();
    expect(own.heap.liveBytes).toBe(before);
    expect(pool.gemm(64, 64, 64, 512, 512, 512, false, false, false, 0, 0)).toBe(false);
  });
});

describe('the browser path: a Blob URL Web Worker (a stand-in on worker_threads; npm run test:browser runs Chromium)', () => {
  it('spawns from a Blob URL, talks through self.onmessage / self.postMessage, and splits the product', async () => {
    const { Worker: NodeWorker } = await import('node:worker_threads');
    const sources = new Map<string, string>();
    class StandInBlob {
      constructor(readonly parts: string[]) {}
    }
    /** What a page gives a worker: `self` with onmessage/postMessage, and no `require`. */
    class StandInWorker {
      onmessage: ((e: { data: unknown }) => void) | null = null;
      onerror: ((e: { message: string }) => void) | null = null;
      readonly #worker: InstanceType<typeof NodeWorker>;
      constructor(url: string) {
        const page = `const { parentPort } = require('node:worker_threads');
          const self = { onmessage: null, postMessage: (m) => parentPort.postMessage(m) };
          parentPort.on('message', (data) => self.onmessage({ data }));
          (function (require, self) { ${sources.get(url)} })(undefined, self);`;
        this.#worker = new NodeWorker(page, { eval: true });
        this.#worker.on('message', (data) => this.onmessage?.({ data }));
        this.#worker.on('error', (e) => this.onerror?.({ message: String(e) }));
        this.#worker.unref();
      }
      postMessage(message: unknown): void {
        this.#worker.postMessage(message);
      }
      terminate(): void {
        void this.#worker.terminate();
      }
    }
    vi.stubGlobal('Worker', StandInWorker);
    vi.stubGlobal('Blob', StandInBlob);
    const created = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      const url = `blob:strata-test/${sources.size}`;
      sources.set(url, (blob as unknown as StandInBlob).parts.join(''));
      return url;
    });
    const revoked = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    // without node:worker_threads the pool takes the browser branch
    const proc = process as { getBuiltinModule?: unknown };
    const getBuiltinModule = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    let pool: GemmPool;
    try {
      pool = start({ threads: 2 });
    } finally {
      proc.getBuiltinModule = getBuiltinModule;
      vi.unstubAllGlobals();
    }
    try {
      expect(created).toHaveBeenCalledTimes(1);
      await pool.ready();
      expect(revoked).toHaveBeenCalledWith('blob:strata-test/0');
      const [m, k, n] = [128, 784, 256];
      const [a, b] = [resident(m * k), resident(k * n)];
      const [threaded, one] = [rt.heap.allocateFloat32(m * n), rt.heap.allocateFloat32(m * n)];
      pooledGemm(() => rt, pool, single.matmul)(a, b, threaded, m, k, n, false, true, false);
      expect(pool.jobs).toBe(1);
      single.matmul(a, b, one, m, k, n, false, true, false);
      expect(Array.from(threaded)).toEqual(Array.from(one));
    } finally {
      created.mockRestore();
      revoked.mockRestore();
    }
  });
});

describe('selectKernels({ prefer: "wasm", threads })', () => {
  it('runs large matmuls of resident tensors on the process-wide pool, and threads: 1 stops it', async () => {
    const k = selectKernels({ prefer: 'wasm', threads: 2 });
    const pool = currentPool()!;
    expect(pool.threads).toBe(2);
    expect(selectKernels({ prefer: 'wasm', threads: 2 })).toBe(k); // the same pool, not a second one
    await pool.ready();
    const heap = wasmRuntime().heap;
    const [m, kk, n] = [128, 784, 256];
    const [a, b, c] = [
      heap.allocateFloat32(m * kk).fill(0.5),
      heap.allocateFloat32(kk * n).fill(2),
      heap.allocateFloat32(m * n),
    ];
    k.matmul(a, b, c, m, kk, n, false, false, false);
    expect(pool.jobs).toBe(1);
    expect(c.every((v) => v === 784)).toBe(true);
    selectKernels({ prefer: 'wasm' });
    expect(currentPool()).toBeNull();
    expect(pool.error).toBe('terminated');
    selectKernels({ prefer: 'js' });
  });

  it('rejects a thread count that is not an integer from 1 to 16', () => {
    expect(() => selectKernels({ prefer: 'wasm', threads: 0 })).toThrow(ConfigError);
    expect(() => selectKernels({ prefer: 'wasm', threads: 17 })).toThrow(ConfigError);
    expect(() => selectKernels({ prefer: 'wasm', threads: 2.5 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: selectKernels(): expected threads to be an integer from 1 to 16, got 2.5. Use 1 (the default) or the number of cores, e.g. navigator.hardwareConcurrency.]`,
    );
  });
});
