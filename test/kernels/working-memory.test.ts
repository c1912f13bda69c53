// the default backend and WebAssembly memory as a call's working memory: wasm without configuration, user-visible
// tensors in ordinary memory, the heap back at its baseline when a call returns, a typed error when it is full
import { afterAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { MemoryError } from '../../src/core/errors.js';
import { placingKernels, selectKernels } from '../../src/kernels/select.js';
import { instantiateKernels, ResidentFloat32Array, wasmRuntime } from '../../src/kernels/wasm/index.js';
import { currentPool } from '../../src/kernels/wasm/pool.js';
import { workingMemoryOf } from '../../src/kernels/wasm/working-memory.js';
import { kernelsFor } from '../../src/tensor/backend.js';

const mlp = (inputs: number, hidden: number) => {
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: hidden, activation: 'relu', inputShape: [inputs] }),
      st.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
};

const examples = (rows: number, cols: number) => {
  const rng = new st.Rng(5);
  const x = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(0, 1)));
  const y = Array.from({ length: rows }, (_, i) => Array.from({ length: 10 }, (_, j) => (j === i % 10 ? 1 : 0)));
  return { x: st.tensor(x), y: st.tensor(y) };
};

const isWasmBacked = (a: Float32Array | Float64Array) =>
  a instanceof ResidentFloat32Array || wasmRuntime().heap.offset(a) >= 0;

describe('the default backend', () => {
  it('is the WebAssembly one, with nothing selected (Node 20+ instantiates SIMD)', () => {
    const backend = st.getBackend();
    expect(backend.name).toBe('wasm');
    expect(['relaxed', 'simd']).toContain(backend.build);
    expect(backend.placed).toBe(true);
    expect(kernelsFor('float32').name).toBe('wasm');
    expect(kernelsFor('float64').name).toBe('js');
  });

  it("an explicit choice still wins, and getBackend reports it; prefer: 'js' is the TypeScript kernels", () => {
    const previous = st.useKernels(selectKernels({ prefer: 'js' }));
    expect(st.getBackend()).toEqual({ name: 'js' });
    st.useKernels(previous);
    expect(st.getBackend().name).toBe('wasm');
  });
});

describe('WebAssembly memory as working memory', () => {
  it('tensors user code creates or receives are ordinary memory', async () => {
    const { x, y } = examples(64, 12);
    const model = mlp(12, 16);
    await model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    const circles = st.datasets.circles({ samples: 32, seed: 1 });
    const seen = [x, y, circles.x, circles.y, model.predict(x), ...model.getWeights()];
    for (const t of seen) expect(isWasmBacked(t.data)).toBe(false);
    for (const p of model.layers.flatMap((l) => l.params())) expect(isWasmBacked(p.value.data)).toBe(false);
    expect(Object.values(model.evaluate(x, y)).every((v) => typeof v === 'number')).toBe(true);
  });

  it('during fit the weights are in the heap (the kernels update them in place); afterwards the heap is at baseline', async () => {
    const heap = wasmRuntime().heap;
    const { x, y } = examples(96, 20);
    await mlp(20, 32).fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 }); // blocks that stay: scratch, GEMM work
    const before = heap.liveBytes;
    const model = mlp(20, 32);
    const kernel = () => model.layers[0].params()[0].value.data;
    const inPlace: boolean[] = [];
    const probe = { onBatchEnd: () => void inPlace.push(heap.offset(kernel()) >= 0) };
    await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0, callbacks: [probe] });
    expect(inPlace.length).toBe(6);
    expect(inPlace.every(Boolean)).toBe(true);
    expect(heap.offset(kernel())).toBe(-1);
    expect(heap.liveBytes).toBe(before);
    model.predict(x);
    model.evaluate(x, y);
    expect(heap.liveBytes).toBe(before);
  });

  it('models dropped without dispose() leave the heap at baseline, and the memory does not grow call after call', async () => {
    const heap = wasmRuntime().heap;
    const { x, y } = examples(64, 30);
    const run = async () => {
      const model = mlp(30, 40);
      await model.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
      model.predict(x);
    };
    await run();
    const [live, bytes] = [heap.liveBytes, wasmRuntime().memory.buffer.byteLength];
    for (let i = 0; i < 5; i++) await run();
    expect(heap.liveBytes).toBe(live);
    // each model's blocks come off the free lists the one before returned
    expect(wasmRuntime().memory.buffer.byteLength).toBe(bytes);
  });

  it('a predict inside a fit callback nests: the weights stay placed until fit returns', async () => {
    const heap = wasmRuntime().heap;
    const { x, y } = examples(32, 8);
    const model = mlp(8, 8);
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    const before = heap.liveBytes;
    const placed: boolean[] = [];
    const probe = {
      onEpochEnd: () => {
        const p = model.predict(x);
        placed.push(heap.offset(model.layers[0].params()[0].value.data) >= 0 && !isWasmBacked(p.data));
      },
    };
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [probe] });
    expect(placed).toEqual([true, true]);
    expect(heap.liveBytes).toBe(before);
  });

  it('a call that throws hands its blocks back too', async () => {
    const heap = wasmRuntime().heap;
    const { x, y } = examples(32, 8);
    const model = mlp(8, 8);
    await model.fit(x, y, { epochs: 1, verbose: 0 });
    const before = heap.liveBytes;
    const boom = {
      onBatchEnd: () => {
        throw new Error('boom');
      },
    };
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [boom] })).rejects.toThrow('boom');
    expect(heap.liveBytes).toBe(before);
  });
});

describe('a full WebAssembly memory', () => {
  it('is a MemoryError that says what to do, not a RangeError', async () => {
    const small = instantiateKernels({ maximumPages: 40 }); // 2.5 MiB
    const previous = st.useKernels(placingKernels(small));
    try {
      const model = mlp(784, 1024); // 3.2 MB of weights alone
      const { x, y } = examples(8, 784);
      let error: unknown;
      await model.fit(x, y, { epochs: 1, verbose: 0 }).catch((e: unknown) => (error = e));
      expect(error).toBeInstanceOf(MemoryError);
      expect((error as MemoryError).code).toBe('out_of_memory');
      expect((error as Error).message).toMatch(
        /^WebAssembly memory: expected room for \d+ more bytes, got a memory of \d+ bytes that cannot grow that far \(\d+ bytes in use\)\. Use a smaller batchSize/,
      );
      // the call's blocks went back: a model that fits still trains in the same memory
      expect(workingMemoryOf(small.heap).isOpen).toBe(false);
      const fits = mlp(16, 8);
      const d = examples(16, 16);
      await fits.fit(d.x, d.y, { epochs: 1, verbose: 0 });
    } finally {
      st.useKernels(previous);
    }
  });

  it('its message, pinned', () => {
    const small = instantiateKernels({ maximumPages: 40 });
    const memory = workingMemoryOf(small.heap);
    memory.open();
    try {
      expect(() => memory.place({ data: new Float32Array(1_000_000) })).toThrowErrorMatchingInlineSnapshot(
        `[MemoryError: WebAssembly memory: expected room for 4000000 more bytes, got a memory of 1114112 bytes that cannot grow that far (1048576 bytes in use). Use a smaller batchSize (fit, predict and evaluate take one) or smaller layers, or run on the TypeScript kernels: st.useKernels(st.selectKernels({ prefer: 'js' })).]`,
      );
    } finally {
      memory.close();
    }
  });
});

describe('threads with the default memory design', () => {
  afterAll(() => st.useKernels(selectKernels({ prefer: 'wasm' })));

  it('large products of a fit run on the pool, and the heap is back at baseline afterwards', async () => {
    st.useKernels(selectKernels({ prefer: 'wasm', threads: 2 }));
    const pool = currentPool()!;
    await pool.ready();
    const { x, y } = examples(128, 784);
    const model = mlp(784, 256); // 128 × 784 × 256 multiply-adds per forward: above the threading threshold
    const before = wasmRuntime().heap.liveBytes;
    const jobs = pool.jobs;
    await model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0 });
    expect(pool.jobs).toBeGreaterThan(jobs);
    expect(pool.error).toBeNull();
    expect(wasmRuntime().heap.liveBytes).toBe(before);
  });
});
