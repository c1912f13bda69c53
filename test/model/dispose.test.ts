// dispose(): optional (a call leaves nothing in the WebAssembly heap), and disposed things are refused with a StateError
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { selectKernels } from '../../src/kernels/select.js';
import { wasmRuntime } from '../../src/kernels/wasm/index.js';

describe('with the WebAssembly kernels, dispose() is optional: nothing stays in their memory between calls', () => {
  let previous: st.Kernels;
  beforeAll(() => void (previous = st.useKernels(selectKernels({ prefer: 'wasm' }))));
  afterAll(() => {
    selectKernels({ prefer: 'js' });
    st.useKernels(previous);
  });

  const build = () => {
    const model = st.sequential({
      layers: [
        st.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }),
        st.layers.batchNormalization(),
        st.layers.dropout({ rate: 0.2 }),
        st.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.01 }), loss: 'binaryCrossentropy' });
    return model;
  };

  it('a trained model: weights, grads, Adam slots, backups, layer and loop buffers go back when the call returns', async () => {
    const heap = wasmRuntime().heap;
    st.setSeed(3);
    const data = st.datasets.circles({ samples: 64, noise: 0.1, seed: 1 });
    // a first model takes the blocks that stay for good (the scratch block, the dropout generator's words)
    await build().fit(data.x, data.y, { epochs: 1, batchSize: 16, verbose: 0 });
    const before = heap.liveBytes;
    const model = build();
    let during = 0;
    const probe = { onEpochEnd: () => void (during = heap.liveBytes - before) };
    await model.fit(data.x, data.y, { epochs: 3, batchSize: 16, verbose: 0, callbacks: [probe] });
    // the model's own storage was in the heap while fit ran: weights and grads, two Adam slots and a backup per weight
    expect(during).toBeGreaterThan(2_000);
    expect(heap.liveBytes).toBe(before);
    const p = model.predict(data.x);
    expect(heap.offset(p.data)).toBe(-1);
    expect(heap.liveBytes).toBe(before);
    model.dispose();
    expect(heap.liveBytes).toBe(before);
    expect(model.layers[0].params()[0].value.isDisposed).toBe(true);
  });

  it('a tensor is ordinary memory; dispose() empties it at once', () => {
    const heap = wasmRuntime().heap;
    const t = st.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(heap.offset(t.data)).toBe(-1);
    t.dispose();
    expect(t.size).toBe(0);
  });
});

describe('disposed things are refused', () => {
  it('a disposed tensor is empty, and public functions say so', () => {
    const t = st.tensor([[1, 2]]);
    t.dispose();
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(t.size).toBe(0);
    expect(() => st.tensor(t)).toThrowErrorMatchingInlineSnapshot(
      `[StateError: tensor(): expected a tensor that was not disposed, got a disposed Tensor([1, 2], float32). dispose() frees a tensor for good; dispose it after its last use, or keep a clone().]`,
    );
    const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
    expect(() => model.predict(t)).toThrow(st.StateError);
  });

  it('every method of a disposed model throws', async () => {
    const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    model.dispose();
    model.dispose();
    expect(() => model.predict([[1, 2]])).toThrowErrorMatchingInlineSnapshot(
      `[StateError: predict(): expected a model that was not disposed, got a disposed model. dispose() frees the weights for good; load or build the model again to keep using it.]`,
    );
    await expect(model.fit([[1, 2]], [1], { verbose: 0 })).rejects.toThrow(st.StateError);
    for (const call of [
      () => model.evaluate([[1, 2]], [1]),
      () => model.getWeights(),
      () => model.setWeights([]),
      () => model.summary({ printFn: () => undefined }),
      () => model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' }),
      () => model.add(st.layers.dense({ units: 1 })),
      () => model.toArtifacts(),
      () => model.countParams(),
    ])
      expect(call).toThrow(/disposed model/);
  });
});
