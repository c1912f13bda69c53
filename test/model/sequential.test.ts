import { describe, expect, it, vi } from 'vitest';
import * as st from 'strata-nn';

function spiralModel(): st.Sequential {
  return st.sequential({
    layers: [
      st.layers.dense({ units: 16, activation: 'relu', inputShape: [2], kernelInitializer: 'heNormal' }),
      st.layers.dense({ units: 8, activation: 'relu', kernelInitializer: 'heNormal' }),
      st.layers.dense({ units: 4, activation: 'relu', kernelInitializer: 'heNormal' }),
      st.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: 'heNormal' }),
    ],
  });
}

function kerasClassifier(): st.Sequential {
  return st.sequential({
    layers: [
      st.layers.dense({ units: 64, activation: 'relu', inputShape: [20] }),
      st.layers.batchNormalization(),
      st.layers.dropout({ rate: 0.3 }),
      st.layers.dense({ units: 32, activation: 'relu' }),
      st.layers.batchNormalization(),
      st.layers.dropout({ rate: 0.3 }),
      st.layers.dense({ units: 16, activation: 'relu' }),
      st.layers.batchNormalization(),
      st.layers.dropout({ rate: 0.2 }),
      st.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

/** Three well-separated Gaussian blobs in `features` dimensions with integer labels. */
function blobs3(seed: number, rows: number, features: number): { x: number[][]; y: number[] } {
  const rng = new st.Rng(seed);
  const centers = [0, 1, 2].map(() => Array.from({ length: features }, () => rng.normal() * 3));
  const y = Array.from({ length: rows }, (_, i) => i % 3);
  const x = y.map((c) => centers[c].map((m) => m + rng.normal()));
  return { x, y };
}

describe('Sequential', () => {
  it.each([42, 7, 2026])('seed %i: trains the first tutorial spiral to at least 98 percent accuracy', async (seed) => {
    st.setSeed(seed);
    const { x, y } = st.datasets.spiral({ seed, dtype: 'float64' });
    const model = spiralModel();
    model.compile({
      optimizer: st.optimizers.sgd({ learningRate: 0.5 }),
      loss: 'binaryCrossentropy',
      metrics: ['accuracy'],
    });
    const history = await model.fit(x, y, { epochs: 1000, batchSize: x.shape[0], shuffle: false, verbose: 0 });
    expect(history.history.loss).toHaveLength(1000);
    expect(history.history.loss[999]).toBeLessThan(history.history.loss[0]);
    expect(model.evaluate(x, y).accuracy).toBeGreaterThanOrEqual(0.98);
  });

  it('summary() param counts equal Keras: the tutorial 4→8→6→3 network has 115', () => {
    const model = st.sequential({
      layers: [
        st.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
        st.layers.dense({ units: 6, activation: 'relu' }),
        st.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    const text = model.summary({ printFn: () => {} });
    expect(model.countParams()).toBe(115);
    expect(text).toContain('Total params: 115');
    expect(text).toMatch(/dense_1 \(Dense\)\s+\(None, 8\)\s+40/);
    expect(text).toMatch(/dense_3 \(Dense\)\s+\(None, 3\)\s+21/);
  });

  it('summary() counts batch normalization as 4·units with half non-trainable', () => {
    const text = kerasClassifier().summary({ printFn: () => {} });
    // Dense 20·64+64, 64·32+32, 32·16+16, 16·3+3; BN 4·(64+32+16)
    expect(text).toContain(`Total params: ${(1344 + 2080 + 528 + 51 + 4 * 112).toLocaleString('en-US')}`);
    expect(text).toContain('Non-trainable params: 224');
    // the name wraps inside its column, as Keras wraps it, so the shape and count stay aligned
    expect(text).toMatch(/ batch_normalization_1 {8}\(None, 64\) {16}256\n \(BatchNormalization\)\n/);
  });

  it('the same seed gives bit-identical training, with dropout, shuffling and a validation split', async () => {
    const { x, y } = blobs3(3, 120, 20);
    const run = async () => {
      st.setSeed(123);
      const model = kerasClassifier();
      model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
      const h = await model.fit(x, y, { epochs: 3, batchSize: 16, validationSplit: 0.25, verbose: 0 });
      return { h: h.history, w: model.getWeights().map((t) => Array.from(t.data)) };
    };
    const [a, b] = [await run(), await run()];
    expect(a.h).toEqual(b.h);
    expect(a.w).toEqual(b.w);
    st.setSeed(124);
    const c = kerasClassifier();
    expect(Array.from(c.getWeights()[0].data)).not.toEqual(a.w[0]);
  });

  it('learns three classes with softmax + sparse categorical cross-entropy and reports Keras history keys', async () => {
    st.setSeed(5);
    const { x, y } = blobs3(5, 300, 20);
    const model = kerasClassifier();
    model.compile({
      optimizer: st.optimizers.adam({ learningRate: 0.01 }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const history = await model.fit(x, y, { epochs: 10, batchSize: 32, validationSplit: 0.2, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.epoch).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(history.params).toEqual({ epochs: 10, steps: 8, samples: 240 });
    expect(history.history.val_accuracy[9]).toBeGreaterThan(0.9);
    expect(model.evaluate(x, y).accuracy).toBeGreaterThan(0.9);
  });

  it('turns dropout off in predict and evaluate', () => {
    st.setSeed(9);
    const withDropout = st.sequential({
      layers: [
        st.layers.dense({ units: 8, inputShape: [3] }),
        st.layers.dropout({ rate: 0.5 }),
        st.layers.dense({ units: 1 }),
      ],
    });
    const without = st.sequential({
      layers: [st.layers.dense({ units: 8, inputShape: [3] }), st.layers.dense({ units: 1 })],
    });
    without.setWeights(withDropout.getWeights());
    const x = [
      [1, 2, 3],
      [-1, 0.5, 2],
    ];
    expect(withDropout.predict(x).toArray()).toEqual(without.predict(x).toArray());
    for (const m of [withDropout, without]) m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    expect(withDropout.evaluate(x, [1, 2])).toEqual(without.evaluate(x, [1, 2]));
  });

  it('uses batch statistics in training and moving statistics in inference', async () => {
    st.setSeed(11);
    const model = st.sequential({ dtype: 'float64', layers: [st.layers.batchNormalization({ inputShape: [2] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const x = [
      [1, 10],
      [3, 30],
    ];
    // before training the moving statistics are mean 0, variance 1: inference is x / √(1 + 1e-3)
    const p0 = model.predict(x).toArray() as number[][];
    expect(p0[0][1]).toBeCloseTo(10 / Math.sqrt(1.001), 12);
    model.trainOnBatch(x, x);
    const [gamma, beta, movingMean, movingVariance] = model.getWeights();
    expect(movingMean.data[0]).toBeCloseTo(0.01 * 2, 12);
    expect(movingVariance.data[1]).toBeCloseTo(0.99 + 0.01 * 100, 12);
    const p1 = model.predict(x).toArray() as number[][];
    const normalized = (1 - movingMean.data[0]) / Math.sqrt(movingVariance.data[0] + 1e-3);
    expect(p1[0][0]).toBeCloseTo(gamma.data[0] * normalized + beta.data[0], 12);
  });

  it('prints one line per epoch with verbose 2', async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
      lines.push(String(text));
      return true;
    });
    try {
      const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [1] })] });
      model.compile({ optimizer: 'sgd', loss: 'meanSquaredError', metrics: ['mae'] });
      await model.fit([[1], [2], [3]], [2, 4, 6], { epochs: 3, verbose: 2 });
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^Epoch 3\/3 - \d+ms - loss: \d+\.\d{4} - mae: \d+\.\d{4}\n$/);
  });

  it('is silent with verbose 0 and yields to the event loop during long training', async () => {
    const spy = vi.spyOn(process.stdout, 'write');
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    let seenDuringTraining = false;
    const model = spiralModel();
    model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy' });
    const { x, y } = st.datasets.spiral({ seed: 1 });
    await model.fit(x, y, {
      // long enough to pass the loop's 16 ms yield interval even on the fast default kernels
      epochs: 2000,
      verbose: 0,
      callbacks: [{ onTrainEnd: () => void (seenDuringTraining = timerRan) }],
    });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(seenDuringTraining).toBe(true);
  });

  it('lets a callback stop training and change the learning rate', async () => {
    const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.1 }), loss: 'meanSquaredError' });
    const history = await model.fit([[1], [2]], [1, 2], {
      epochs: 10,
      verbose: 0,
      callbacks: [
        {
          onEpochEnd: async (epoch, _logs, ctx) => {
            ctx.optimizer.learningRate = 0.05;
            if (epoch === 2) ctx.stopTraining = true;
          },
        },
      ],
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(model.optimizer.learningRate).toBe(0.05);
  });

  it('waits for a callback that returns a promise before calling the next one, at every hook', async () => {
    const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const seen: string[] = [];
    const slow = (name: string) => async () => {
      seen.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, 2));
      seen.push(`${name} end`);
    };
    const plain = (name: string) => () => void seen.push(name);
    await model.fit([[1], [2]], [1, 2], {
      epochs: 1,
      batchSize: 1,
      shuffle: false,
      verbose: 0,
      callbacks: [
        { onEpochBegin: slow('begin A'), onBatchEnd: slow('batch A'), onEpochEnd: slow('end A') },
        { onEpochBegin: plain('begin B'), onBatchEnd: plain('batch B'), onEpochEnd: plain('end B') },
      ],
    });
    expect(seen).toEqual([
      'begin A start',
      'begin A end',
      'begin B',
      ...['batch A start', 'batch A end', 'batch B'],
      ...['batch A start', 'batch A end', 'batch B'],
      'end A start',
      'end A end',
      'end B',
    ]);
  });

  it('runs float64 models on Float64Array storage', () => {
    const model = st.sequential({ dtype: 'float64', layers: [st.layers.dense({ units: 2, inputShape: [2] })] });
    expect(model.predict([[1, 2]]).data).toBeInstanceOf(Float64Array);
    expect(model.getWeights()[0].dtype).toBe('float64');
  });

  it('round-trips weights and accepts tensors or nested arrays', () => {
    const a = st.sequential({ layers: [st.layers.dense({ units: 3, inputShape: [2] })] });
    const b = st.sequential({ layers: [st.layers.dense({ units: 3, inputShape: [2] })] });
    b.setWeights(a.getWeights().map((t) => t.toArray()));
    expect(b.getWeights().map((t) => t.toArray())).toEqual(a.getWeights().map((t) => t.toArray()));
    const copy = a.getWeights();
    copy[0].data[0] = 1e6;
    expect(a.getWeights()[0].data[0]).not.toBe(1e6);
  });

  it('trainOnBatch takes one step and returns the batch loss before it', () => {
    const model = st.sequential({
      dtype: 'float64',
      layers: [st.layers.dense({ units: 1, inputShape: [1], useBias: false })],
    });
    model.setWeights([[[0]]]);
    model.compile({ optimizer: st.optimizers.sgd({ learningRate: 0.1 }), loss: 'meanSquaredError' });
    const logs = model.trainOnBatch([[1], [2]], [2, 4]);
    expect(logs.loss).toBeCloseTo((4 + 16) / 2, 12);
    // dL/dw = 2/n · Σ (w·x − y)·x = −(2 + 8) = −10
    expect(model.getWeights()[0].data[0]).toBeCloseTo(1, 12);
  });

  it('builds from the data when no inputShape is given', async () => {
    const model = st.sequential({
      layers: [st.layers.dense({ units: 4, activation: 'tanh' }), st.layers.dense({ units: 1 })],
    });
    expect(model.built).toBe(false);
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    await model.fit([[1, 2, 3]], [1], { verbose: 0 });
    expect(model.built).toBe(true);
    expect(model.getWeights()[0].shape).toEqual([3, 4]);
  });
});
