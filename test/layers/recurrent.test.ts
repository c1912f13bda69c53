// SimpleRNN, LSTM and GRU: gradients through time, Keras' param counts, a reference forward pass, config round trips
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { Rng } from '../../src/core/rng.js';
import { randomNormal } from '../../src/initializers/random.js';
import { GRU, type GRUConfig } from '../../src/layers/gru.js';
import type { BuildContext, Layer } from '../../src/layers/layer.js';
import { layerClasses } from '../../src/layers/layer-classes.js';
import { LSTM, type LSTMConfig } from '../../src/layers/lstm.js';
import { SimpleRNN } from '../../src/layers/simple-rnn.js';
import { expectGradientsMatch, gradCheckLayer, randomTensor } from '../helpers/grad-check.js';

const context = (seed = 42): BuildContext => ({ rng: new Rng(seed), dtype: 'float64' });
const [TIME, FEATURES, UNITS] = [4, 3, 5];
// non-zero biases, so every bias gradient is exercised
const bias = () => randomNormal({ stddev: 0.5, seed: 3 });

interface Case {
  title: string;
  make: () => Layer;
}
const variants = [
  { returnSequences: false, goBackwards: false },
  { returnSequences: true, goBackwards: false },
  { returnSequences: true, goBackwards: true },
  { returnSequences: false, goBackwards: true },
];
const cases: Case[] = variants.flatMap((v) => [
  {
    title: `SimpleRNN ${JSON.stringify(v)}`,
    make: () => new SimpleRNN({ units: UNITS, biasInitializer: bias(), ...v }),
  },
  {
    title: `SimpleRNN(relu) ${JSON.stringify(v)}`,
    make: () => new SimpleRNN({ units: UNITS, activation: 'relu', biasInitializer: bias(), ...v }),
  },
  { title: `LSTM ${JSON.stringify(v)}`, make: () => new LSTM({ units: UNITS, biasInitializer: bias(), ...v }) },
  {
    title: `LSTM(relu, no bias) ${JSON.stringify(v)}`,
    make: () => new LSTM({ units: UNITS, activation: 'relu', useBias: false, ...v }),
  },
  {
    title: `GRU(resetAfter) ${JSON.stringify(v)}`,
    make: () => new GRU({ units: UNITS, biasInitializer: bias(), ...v }),
  },
  {
    title: `GRU(resetAfter: false) ${JSON.stringify(v)}`,
    make: () => new GRU({ units: UNITS, resetAfter: false, biasInitializer: bias(), ...v }),
  },
  {
    title: `GRU(resetAfter, no bias) ${JSON.stringify(v)}`,
    make: () => new GRU({ units: UNITS, useBias: false, ...v }),
  },
]);

function built(make: () => Layer, seed = 42): Layer {
  const layer = make();
  layer.name = 'rnn_1';
  layer.build([null, TIME, FEATURES], context(seed));
  return layer;
}

describe.each(cases)('$title', ({ make }) => {
  it('backward matches central differences through time in float64 (a batch size, then a smaller one)', () => {
    const layer = built(make);
    for (const [rows, seed] of [
      [3, 1],
      [2, 2],
    ]) {
      const results = gradCheckLayer(layer, randomTensor([rows, TIME, FEATURES], new Rng(10 + seed), -1, 1), { seed });
      expect(results.map((r) => r.name)).toEqual(['x', ...layer.params().map((p) => p.name)]);
      expectGradientsMatch(results);
    }
  });

  it('config() round-trips through its descriptor and its Keras JSON', () => {
    const layer = built(make);
    const descriptor = layerClasses[layer.className as keyof typeof layerClasses];
    const config = JSON.parse(JSON.stringify(layer.config()));
    expect(descriptor.fromConfig(config).config()).toEqual(layer.config());
    const keras = JSON.parse(JSON.stringify(descriptor.toKeras(layer as never)));
    const settings = descriptor.fromKeras(keras, 'test');
    expect(descriptor.fromConfig({ ...settings, className: layer.className, name: layer.name }).config()).toEqual(
      layer.config(),
    );
  });
});

describe('recurrent dropout and input dropout', () => {
  it.each([
    ['SimpleRNN', () => new SimpleRNN({ units: UNITS, dropout: 0.3, recurrentDropout: 0.4, seed: 5 })],
    ['LSTM', () => new LSTM({ units: UNITS, dropout: 0.3, recurrentDropout: 0.4, seed: 5, returnSequences: true })],
    ['GRU', () => new GRU({ units: UNITS, dropout: 0.3, recurrentDropout: 0.4, seed: 5 })],
    ['GRU(resetAfter: false)', () => new GRU({ units: UNITS, resetAfter: false, recurrentDropout: 0.4, seed: 5 })],
  ])('%s: with the masks held fixed, backward matches central differences', (_, factory) => {
    const layer = built(factory) as SimpleRNN;
    // every pass restarts the mask stream where it was, so each draws the same masks
    const state = layer.rng!.getState();
    const beforeForward = () => layer.rng!.setState(state);
    const results = gradCheckLayer(layer, randomTensor([3, TIME, FEATURES], new Rng(4)), { beforeForward });
    expectGradientsMatch(results);
  });

  it('inference uses no dropout: predict is deterministic, training passes differ', () => {
    const layer = built(() => new LSTM({ units: UNITS, dropout: 0.5, recurrentDropout: 0.5 }));
    const x = randomTensor([2, TIME, FEATURES], new Rng(1));
    const a = Array.from(layer.forward(x, 'infer').data);
    expect(Array.from(layer.forward(x, 'infer').data)).toEqual(a);
    const t1 = Array.from(layer.forward(x, 'train').data);
    const t2 = Array.from(layer.forward(x, 'train').data);
    expect(t1).not.toEqual(t2);
  });
});

describe("Keras' parameter counts and shapes", () => {
  it('LSTM(32) on 10 features has 5,504; GRU(32) 4,224 (reset after) or 4,128; SimpleRNN(32) 1,376', () => {
    const count = (layer: Layer) => {
      const model = st.sequential({ layers: [layer] });
      model.build();
      return model.layers[0].params().reduce((n, p) => n + p.value.size, 0);
    };
    expect(count(st.layers.lstm({ units: 32, inputShape: [7, 10] }))).toBe(5504);
    expect(count(st.layers.gru({ units: 32, inputShape: [7, 10] }))).toBe(4224);
    expect(count(st.layers.gru({ units: 32, resetAfter: false, inputShape: [7, 10] }))).toBe(4128);
    expect(count(st.layers.simpleRNN({ units: 32, inputShape: [7, 10] }))).toBe(1376);
  });

  it('summary() lists them with their output shapes and counts', () => {
    const model = st.sequential({
      layers: [
        st.layers.lstm({ units: 32, returnSequences: true, inputShape: [7, 10] }),
        st.layers.gru({ units: 8 }),
        st.layers.dense({ units: 1 }),
      ],
    });
    const text = model.summary();
    expect(text).toMatch(/LSTM\)\s+\(None, 7, 32\)\s+5,504/);
    expect(text).toMatch(/GRU\)\s+\(None, 8\)\s+1,008/);
  });

  it('starts the forget gate bias at 1 (unitForgetBias) and the recurrent kernel orthogonal', () => {
    const layer = built(() => new LSTM({ units: UNITS }));
    const [, recurrent, b] = layer.params();
    expect(Array.from(b.value.data)).toEqual([
      ...Array(UNITS).fill(0),
      ...Array(UNITS).fill(1),
      ...Array(2 * UNITS).fill(0),
    ]);
    // U [u, 4u] is wide: its rows are orthonormal
    const n = 4 * UNITS;
    for (let i = 0; i < UNITS; i++)
      for (let j = 0; j < UNITS; j++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += recurrent.value.data[i * n + k] * recurrent.value.data[j * n + k];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 10);
      }
  });
});

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The cells written out step by step from Keras' formulas, for one example. */
function reference(layer: Layer, x: number[][]): number[][] {
  const [w, u, b] = layer.params().map((p) => Array.from(p.value.data));
  const units = UNITS;
  const k = w.length / FEATURES / units;
  const dot = (v: number[], m: number[], col: number, cols: number) =>
    v.reduce((s, vi, i) => s + vi * m[i * cols + col], 0);
  let h = Array(units).fill(0);
  let c = Array(units).fill(0);
  const out: number[][] = [];
  for (const xt of x) {
    const xw = (j: number) => dot(xt, w, j, k * units) + b[j];
    const hu = (j: number) => dot(h, u, j, k * units);
    if (layer instanceof LSTM) {
      const gate = (g: number, f: (v: number) => number) =>
        Array.from({ length: units }, (_, j) => f(xw(g * units + j) + hu(g * units + j)));
      const [i, f, g, o] = [gate(0, sigmoid), gate(1, sigmoid), gate(2, Math.tanh), gate(3, sigmoid)];
      c = c.map((cj, j) => f[j] * cj + i[j] * g[j]);
      h = h.map((_, j) => o[j] * Math.tanh(c[j]));
    } else if (layer instanceof GRU) {
      // reset after, the recurrent bias in b's second row
      const rb = (j: number) => b[3 * units + j];
      const z = Array.from({ length: units }, (_, j) => sigmoid(xw(j) + hu(j) + rb(j)));
      const r = Array.from({ length: units }, (_, j) => sigmoid(xw(units + j) + hu(units + j) + rb(units + j)));
      const hh = Array.from({ length: units }, (_, j) =>
        Math.tanh(xw(2 * units + j) + r[j] * (hu(2 * units + j) + rb(2 * units + j))),
      );
      h = h.map((hj, j) => z[j] * hj + (1 - z[j]) * hh[j]);
    } else h = Array.from({ length: units }, (_, j) => Math.tanh(xw(j) + hu(j)));
    out.push(h);
  }
  return out;
}

describe('forward against the cells written out from the formulas', () => {
  it.each([
    ['SimpleRNN', () => new SimpleRNN({ units: UNITS, biasInitializer: bias(), returnSequences: true })],
    ['LSTM', () => new LSTM({ units: UNITS, biasInitializer: bias(), returnSequences: true })],
    ['GRU(resetAfter)', () => new GRU({ units: UNITS, biasInitializer: bias(), returnSequences: true })],
  ])('%s: every step within 1e-12', (_, factory) => {
    const layer = built(factory);
    const x = randomTensor([2, TIME, FEATURES], new Rng(6));
    const y = layer.forward(x, 'infer');
    for (let e = 0; e < 2; e++) {
      const steps = Array.from({ length: TIME }, (_, t) =>
        Array.from(x.data.subarray((e * TIME + t) * FEATURES, (e * TIME + t + 1) * FEATURES)),
      );
      const expected = reference(layer, steps).flat();
      const actual = Array.from(y.data.subarray(e * TIME * UNITS, (e + 1) * TIME * UNITS));
      actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    }
  });
});

describe('options', () => {
  it('refuse unknown names with a did-you-mean, and activations the fused kernels cannot apply', () => {
    expect(() => st.layers.lstm({ units: 4, returnSequence: true } as LSTMConfig)).toThrow(/returnSequences/);
    expect(() => st.layers.gru({ units: 4, activation: 'softmax' } as GRUConfig)).toThrow(
      /activation among linear, relu, sigmoid, tanh/,
    );
    expect(() => st.layers.simpleRNN({ units: 4, dropout: 1 })).toThrow(/dropout in \[0, 1\)/);
    expect(() => st.layers.simpleRNN({ units: 0 })).toThrow(/units to be a positive integer/);
  });

  it('needs a [batch, time, features] input', () => {
    const model = st.sequential({ layers: [st.layers.lstm({ units: 2, inputShape: [3] })] });
    expect(() => model.build()).toThrow(/\[batch, time, features\]/);
  });
});

describe('training', () => {
  it.each(['simpleRNN', 'lstm', 'gru'] as const)('%s learns to sum a sequence (loss falls tenfold)', async (kind) => {
    st.setSeed(1);
    const rng = new Rng(2);
    const [n, time] = [64, 6];
    const x = new Float32Array(n * time);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++)
      for (let t = 0; t < time; t++) {
        x[i * time + t] = rng.uniform(-1, 1);
        y[i] += x[i * time + t] / 2;
      }
    const model = st.sequential({
      layers: [st.layers[kind]({ units: 8, inputShape: [time, 1] }), st.layers.dense({ units: 1 })],
    });
    model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.02 }), loss: 'meanSquaredError' });
    const history = await model.fit(st.tensor(x, [n, time, 1]), st.tensor(y, [n, 1]), {
      epochs: 60,
      batchSize: 16,
      verbose: 0,
    });
    const loss = history.history.loss;
    expect(loss[loss.length - 1]).toBeLessThan(loss[0] / 10);
  });
});

describe('edge sizes', () => {
  it.each([
    ['SimpleRNN', () => new SimpleRNN({ units: 2, biasInitializer: bias(), returnSequences: true })],
    ['LSTM', () => new LSTM({ units: 2, biasInitializer: bias(), goBackwards: true })],
    ['GRU', () => new GRU({ units: 2, biasInitializer: bias(), resetAfter: false })],
  ])('%s: one example of one step, and then of many steps, matches central differences', (_, factory) => {
    for (const time of [1, 9]) {
      const layer = factory();
      layer.name = 'rnn_1';
      layer.build([null, time, 1], context());
      const results = gradCheckLayer(layer, randomTensor([1, time, 1], new Rng(time)));
      // with one step the recurrent kernel only ever meets the zero initial state: its gradient is exactly zero
      expectGradientsMatch(results, { allowZero: time === 1 });
      const recurrent = results.find((r) => r.name === 'rnn_1/recurrent_kernel')!;
      if (time === 1) expect(recurrent.analytic.every((v) => v === 0)).toBe(true);
      else expect(Math.max(...recurrent.analytic.map(Math.abs))).toBeGreaterThan(0);
    }
  });
});
