// models whose examples are sequences [time, features] or images [height, width, channels]
import { afterEach, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

const previous = st.useKernels(st.selectKernels({ prefer: 'js' }));
afterEach(() => {
  st.useKernels(previous);
});

function sequences(seed: number, n: number, t: number, f: number) {
  const rng = new st.Rng(seed);
  const x = Array.from({ length: n }, () =>
    Array.from({ length: t }, () => Array.from({ length: f }, () => rng.normal())),
  );
  // the class of each position: which of the first two features is larger
  const y = x.map((steps) => steps.map((v) => (v[0] > v[1] ? 1 : 0)));
  return { x, y };
}

describe.each(['js', 'wasm'] as const)('N-D models on the %s kernels', (backend) => {
  it('learns a per-position classification on [b, t, f] with Int32Array-style class ids', async () => {
    st.useKernels(st.selectKernels({ prefer: backend }));
    st.setSeed(1);
    const { x, y } = sequences(2, 64, 5, 3);
    const model = st.sequential({
      layers: [
        st.layers.dense({ units: 8, activation: 'relu', inputShape: [5, 3] }),
        st.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({
      optimizer: st.optimizers.adam({ learningRate: 0.05 }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const labels = st.tensor(Int32Array.from(y.flat()), [64, 5]);
    const history = await model.fit(x, labels, { epochs: 40, batchSize: 16, validationSplit: 0.25, verbose: 0 });
    expect(history.history.accuracy.at(-1)).toBeGreaterThan(0.9);
    expect(history.history.val_accuracy.at(-1)).toBeGreaterThan(0.85);
    expect(history.history.loss.at(-1)).toBeLessThan(history.history.loss[0]);
    const p = model.predict(x.slice(0, 3));
    expect(p.shape).toEqual([3, 5, 2]);
    const logs = model.evaluate(x, labels);
    expect(logs.accuracy).toBeGreaterThan(0.9);
  });

  it('trains on images [b, h, w, c] with batch norm per channel, builds from the data', async () => {
    st.useKernels(st.selectKernels({ prefer: backend }));
    st.setSeed(4);
    const rng = new st.Rng(5);
    const x = st.tensor(
      Float32Array.from({ length: 32 * 4 * 4 * 2 }, () => rng.normal() * 3 + 1),
      [32, 4, 4, 2],
    );
    const y = st.tensor(
      Float32Array.from({ length: 32 * 4 * 4 }, (_, i) => x.data[2 * i] - x.data[2 * i + 1]),
      [32, 4, 4, 1],
    );
    const model = st.sequential({ layers: [st.layers.batchNormalization(), st.layers.dense({ units: 1 })] });
    model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.05 }), loss: 'meanSquaredError' });
    const history = await model.fit(x, y, { epochs: 60, batchSize: 8, verbose: 0 });
    expect(model.inputShape).toEqual([null, 4, 4, 2]);
    expect(history.history.loss.at(-1)).toBeLessThan(0.05 * history.history.loss[0]);
    expect(model.predict(x).shape).toEqual([32, 4, 4, 1]);
  });
});

describe('N-D inputs at the boundary', () => {
  const model = () => {
    const m = st.sequential({ layers: [st.layers.dense({ units: 2, inputShape: [3, 4] })] });
    m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    return m;
  };

  it('refuses examples of another shape, naming the expected one', () => {
    expect(() => model().predict(st.tensor(new Float32Array(2 * 4 * 3), [2, 4, 3]))).toThrow(
      /predict\(\): expected x of shape \[batch, 3, 4\], got \[2, 4, 3\]\. The first layer, dense_\d+ \(Dense\), takes examples of shape \[3, 4\]\./,
    );
  });

  it('refuses targets that do not match the output per position', () => {
    const x = st.tensor(new Float32Array(2 * 3 * 4), [2, 3, 4]);
    expect(() => model().evaluate(x, st.tensor(new Float32Array(2 * 2), [2, 2]))).toThrow(
      /expected y of shape \[2, 3, 2\] to match the model's output \[batch, 3, 2\], got y of shape \[2, 2\]/,
    );
  });

  it('names the position of a non-finite value in an N-D input', () => {
    const data = new Float32Array(2 * 3 * 4);
    data[1 * 12 + 2 * 4 + 1] = NaN;
    expect(() => model().predict(st.tensor(data, [2, 3, 4]))).toThrow(/got NaN at example 1, index \[2, 1\]/);
  });

  it('sample weights apply to every position of an example', async () => {
    st.setSeed(2);
    const m = model();
    m.compile({ optimizer: st.optimizers.sgd({ learningRate: 1e-12 }), loss: 'meanSquaredError' });
    const rng = new st.Rng(3);
    const x = st.tensor(
      Float32Array.from({ length: 24 }, () => rng.normal()),
      [2, 3, 4],
    );
    const y = st.tensor(
      Float32Array.from({ length: 12 }, () => rng.normal()),
      [2, 3, 2],
    );
    const weights = [0.25, 3];
    const p = m.predict(x).data;
    let expected = 0;
    for (let i = 0; i < 12; i++) expected += weights[Math.floor(i / 6)] * (p[i] - y.data[i]) ** 2;
    expected /= 12;
    const history = await m.fit(x, y, { epochs: 1, batchSize: 2, sampleWeight: weights, verbose: 0 });
    expect(history.history.loss[0]).toBeCloseTo(expected, 5);
  });
});

describe('backward below the first trainable layer', () => {
  it('is skipped: a Flatten in front of the first Dense is never asked for a gradient', async () => {
    st.setSeed(3);
    const flatten = st.layers.flatten({ inputShape: [2, 3] });
    const calls: boolean[] = [];
    const original = flatten.backward.bind(flatten);
    flatten.backward = (dy, needs) => (calls.push(needs), original(dy, needs));
    const model = st.sequential({ layers: [flatten, st.layers.dense({ units: 1 })] });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const x = st.tensor(
      new Float32Array(4 * 6).map((_, i) => i / 24),
      [4, 2, 3],
    );
    const history = await model.fit(x, [0, 1, 0, 1], { epochs: 2, verbose: 0 });
    expect(history.history.loss).toHaveLength(2);
    expect(calls).toEqual([]);
  });
});

describe('summary()', () => {
  it('wraps long layer names inside their column, keeping the columns aligned (issue 15 item 12)', () => {
    const model = st.sequential({
      layers: [
        st.layers.dense({ units: 4, inputShape: [2], name: 'a_very_long_layer_name_for_the_first_dense' }),
        st.layers.dense({ units: 1, name: 'averyveryveryverylongnamewithoutanyspacesatall_x' }),
      ],
    });
    const lines = model.summary({ printFn: () => undefined }).split('\n');
    expect(lines.slice(4, 10)).toEqual([
      ' a_very_long_layer_name_for_  (None, 4)                 12',
      ' the_first_dense (Dense)',
      '',
      ' averyveryveryverylongnamewi  (None, 1)                 5',
      ' thoutanyspacesatall_x',
      ' (Dense)',
    ]);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(65);
  });
});
