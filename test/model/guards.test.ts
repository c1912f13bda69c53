// issue 15 items 6 and 11: what a model refuses while fit() runs, and data disposed under it
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

function model() {
  st.setSeed(1);
  const m = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  return m;
}
const x = [
  [0, 1],
  [1, 0],
  [1, 1],
  [0, 0],
];
const y = [1, 1, 2, 0];

describe('a model while fit() runs', () => {
  it('refuses a second, concurrent fit() and still finishes the first', async () => {
    const m = model();
    const first = m.fit(x, y, { epochs: 30, verbose: 0 });
    await expect(m.fit(x, y, { verbose: 0 })).rejects.toThrow(
      /fit\(\): expected a model that is not training, got a call while fit\(\) is running on it\. Await fit\(\) first/,
    );
    expect((await first).history.loss).toHaveLength(30);
  });

  it('refuses fit(), trainOnBatch(), add(), compile() and dispose() from a callback; predict() still works', async () => {
    const m = model();
    const seen: string[] = [];
    const tryIt = (name: string, call: () => unknown) => {
      try {
        const result = call();
        if (result instanceof Promise) result.catch(() => undefined);
        seen.push(`${name}: ok`);
      } catch (e) {
        seen.push(`${name}: ${(e as Error).name}`);
      }
    };
    await m.fit(x, y, {
      epochs: 1,
      verbose: 0,
      callbacks: [
        {
          onEpochEnd: () => {
            tryIt('trainOnBatch', () => m.trainOnBatch(x, y));
            tryIt('add', () => m.add(st.layers.dense({ units: 1 })));
            tryIt('compile', () => m.compile({ optimizer: 'sgd', loss: 'mse' }));
            tryIt('dispose', () => m.dispose());
            tryIt('predict', () => m.predict(x));
          },
        },
      ],
    });
    expect(seen).toEqual([
      'trainOnBatch: StateError',
      'add: StateError',
      'compile: StateError',
      'dispose: StateError',
      'predict: ok',
    ]);
    await expect(
      m.fit(x, y, { verbose: 0, callbacks: [{ onEpochEnd: async () => void (await m.fit(x, y, { verbose: 0 })) }] }),
    ).rejects.toThrow(/a call while fit\(\) is running on it/);
    // afterwards everything works again
    m.dispose();
    expect(m.predict.bind(m, x)).toThrow(st.StateError);
  });

  it('refuses data disposed from a callback instead of training on emptied memory', async () => {
    const m = model();
    const xs = st.tensor(x);
    const error = await m
      .fit(xs, y, { epochs: 3, batchSize: 2, verbose: 0, callbacks: [{ onEpochEnd: () => xs.dispose() }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(st.StateError);
    expect((error as Error).message).toBe(
      'fit(): epoch 2/3, batch 1/2: expected x, y and the validation data alive until fit() resolves, got a disposed Tensor([4, 2], float32). Dispose the data after fit() resolves, not from a callback.',
    );
  });
});

describe('a layer belongs to one model', () => {
  it('refuses an unbuilt layer already added to another model', () => {
    const shared = st.layers.dense({ units: 2 });
    st.sequential({ layers: [shared] }); // never built
    expect(shared.built).toBe(false);
    expect(() => st.sequential({ layers: [st.layers.dense({ units: 3, inputShape: [2] }), shared] })).toThrow(
      /add\(\): expected a new layer, got dense_1 \(Dense\), which already belongs to a model/,
    );
  });
});

describe('options other libraries spell differently', () => {
  it('optimizers name lr and learning_rate, and typos', () => {
    expect(() => st.optimizers.sgd({ lr: 0.1 } as never)).toThrow(
      /sgd\(\): expected options among .*got 'lr'\. Did you mean 'learningRate'\?/,
    );
    expect(() => st.optimizers.adam({ learning_rate: 0.1 } as never)).toThrow(
      /got 'learning_rate'\. Did you mean 'learningRate'\?/,
    );
    expect(() => st.optimizers.adam({ beta_1: 0.9 } as never)).toThrow(/got 'beta_1'\. Did you mean 'beta1'\?/);
    expect(() => st.optimizers.rmsprop({ decay: 0.9 } as never)).toThrow(/got 'decay'\. Remove it\./);
  });

  it('callbacks must be an array of objects whose hooks are functions', async () => {
    const m = model();
    await expect(m.fit(x, y, { callbacks: {} as never })).rejects.toThrow(/expected callbacks as an array, got object/);
    await expect(m.fit(x, y, { callbacks: [{ onEpochEnd: 5 }] as never })).rejects.toThrow(
      /expected callbacks\[0\]\.onEpochEnd to be a function, got number/,
    );
    await expect(m.fit(x, y, { callbacks: [{ onEpochEnds: () => 0 }] as never })).rejects.toThrow(
      /got 'onEpochEnds'\. Did you mean 'onEpochEnd'\?/,
    );
    await expect(m.fit(x, y, { callbacks: [null] as never })).rejects.toThrow(/callbacks\[0\] to be an object/);
  });

  it('layer factories name a misspelt option and refuse a non-object', () => {
    expect(() => st.layers.dense({ units: 2, activaton: 'relu' } as never)).toThrow(
      /dense\(\): expected options among .*, got 'activaton'\. Did you mean 'activation'\?/,
    );
    expect(() => st.layers.dropout({ rate: 0.1, noise_shape: null } as never)).toThrow(
      /got 'noise_shape'\. Remove it\./,
    );
    expect(() => st.layers.batchNormalization({ axis: -1 } as never)).toThrow(/batchNormalization\(\): .*got 'axis'/);
    expect(() => st.layers.dense(null as never)).toThrow(/dense\(\): expected an options object, got null/);
  });

  it('kernel selection refuses what is not kernels, with the fix', () => {
    expect(() => st.useKernels({} as never)).toThrow(/useKernels\(\): expected kernels from st\.selectKernels\(\)/);
    expect(() => st.useKernels(null as never)).toThrow(/got null/);
    expect(() => st.selectKernels({ prefer: 'gpu' } as never)).toThrow(/expected prefer 'wasm' or 'js', got 'gpu'/);
    expect(() => st.selectKernels({ prefer: 'wasm', thread: 2 } as never)).toThrow(
      /got 'thread'\. Did you mean 'threads'\?/,
    );
  });

  it('seeds are whole numbers', () => {
    expect(() => new st.Rng(1.5)).toThrow(
      /new Rng\(seed\): expected an integer seed, got 1\.5\. Seeds are whole numbers: pass e\.g\. 2\./,
    );
  });

  it('generators refuse sizes past what memory holds, with a typed error', () => {
    expect(() => st.datasets.spiral({ samplesPerClass: 1e12 })).toThrow(
      /expected samplesPerClass of at most 10,000,000/,
    );
  });
});
