// Embedding: rows of a table by id, its sparse gradient, maskZero, and masks through the recurrent layers
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { DataError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { Embedding } from '../../src/layers/embedding.js';
import { GRU } from '../../src/layers/gru.js';
import type { BuildContext, Layer } from '../../src/layers/layer.js';
import { layerClasses } from '../../src/layers/layer-classes.js';
import { LSTM } from '../../src/layers/lstm.js';
import { maskOf, setMask } from '../../src/layers/masking.js';
import { SimpleRNN } from '../../src/layers/simple-rnn.js';
import { tensor } from '../../src/tensor/tensor.js';
import {
  expectGradientsMatch,
  gradCheckLayer,
  numericGradient,
  randomArray,
  randomTensor,
} from '../helpers/grad-check.js';

const context = (seed = 42): BuildContext => ({ rng: new Rng(seed), dtype: 'float64' });
const ids = (rows: number[][]) => tensor(rows, undefined, 'float64');

function built(layer: Layer, inputShape: number[]): Layer {
  layer.name = 'layer_1';
  layer.build([null, ...inputShape], context());
  return layer;
}

describe('Embedding', () => {
  it('returns each id’s row, [batch, time] → [batch, time, outputDim]', () => {
    const layer = built(new Embedding({ inputDim: 6, outputDim: 3 }), [4]);
    const table = layer.params()[0].value.data;
    const x = ids([
      [1, 5, 0, 2],
      [3, 3, 4, 1],
    ]);
    const y = layer.forward(x, 'infer');
    expect(y.shape).toEqual([2, 4, 3]);
    for (let i = 0; i < 8; i++)
      expect(Array.from(y.data.subarray(i * 3, i * 3 + 3))).toEqual(
        Array.from(table.subarray(x.data[i] * 3, x.data[i] * 3 + 3)),
      );
  });

  it('its gradient matches central differences, and the next batch clears only the rows it wrote', () => {
    const layer = built(new Embedding({ inputDim: 7, outputDim: 3 }), [4]);
    const table = layer.params()[0];
    for (const [x, seed] of [
      [
        ids([
          [1, 5, 1, 2],
          [6, 3, 4, 1],
        ]),
        1,
      ],
      [
        ids([
          [0, 0, 2, 2],
          [3, 3, 3, 3],
        ]),
        2,
      ],
    ] as const) {
      const y = layer.forward(x, 'train');
      const r = randomArray(y.size, new Rng(seed));
      expect(layer.backward(tensor(r, y.shape as number[], 'float64'), false)).toBeNull();
      const numeric = numericGradient(table.value.data, () => Float64Array.from(layer.forward(x, 'train').data), r);
      expect(Array.from(table.grad.data).map((v, i) => Math.abs(v - numeric[i]) < 1e-8)).not.toContain(false);
    }
  });

  it('refuses ids that are not integers in [0, inputDim) with a DataError that says what to do', () => {
    const layer = built(new Embedding({ inputDim: 4, outputDim: 2 }), [2]);
    expect(() => layer.forward(ids([[1, 4]]), 'infer')).toThrow(DataError);
    expect(() => layer.forward(ids([[1.5, 0]]), 'infer')).toThrow(/integer ids in \[0, 3\], got 1.5 at position 0/);
    expect(() => st.layers.embedding({ inputDim: 4, outputDims: 2 } as never)).toThrow(/outputDim/);
  });

  it('with maskZero marks padding on its output; config and Keras JSON round-trip', () => {
    const layer = built(new Embedding({ inputDim: 5, outputDim: 2, maskZero: true }), [3]);
    const y = layer.forward(
      ids([
        [2, 0, 0],
        [1, 4, 0],
      ]),
      'infer',
    );
    expect(Array.from(maskOf(y)!.data)).toEqual([1, 0, 0, 1, 1, 0]);
    const descriptor = layerClasses.Embedding;
    expect(descriptor.fromConfig(JSON.parse(JSON.stringify(layer.config()))).config()).toEqual(layer.config());
    const keras = JSON.parse(JSON.stringify(descriptor.toKeras(layer as Embedding)));
    expect(keras).toMatchObject({ input_dim: 5, output_dim: 2, mask_zero: true });
    const again = descriptor.fromConfig({
      ...descriptor.fromKeras(keras, 't'),
      className: 'Embedding',
      name: 'layer_1',
    });
    expect(again.config()).toEqual(layer.config());
  });

  it('takes integer ids as nested arrays or an Int32Array and trains with a recurrent layer after it', async () => {
    st.setSeed(4);
    const model = st.sequential({
      layers: [
        st.layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true, inputShape: [5] }),
        st.layers.gru({ units: 6 }),
        st.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: st.optimizers.adam({ learningRate: 0.05 }), loss: 'binaryCrossentropy' });
    // label: does the (padded) sequence contain id 7?
    const rng = new Rng(5);
    const rows = Array.from({ length: 64 }, () => {
      const length = 1 + rng.int(5);
      return Array.from({ length: 5 }, (_, t) => (t < length ? 1 + rng.int(9) : 0));
    });
    const x = st.tensor(Int32Array.from(rows.flat()), [64, 5]);
    const y = rows.map((r) => [r.includes(7) ? 1 : 0]);
    const history = await model.fit(x, y, { epochs: 40, batchSize: 16, verbose: 0 });
    expect(history.history.loss[39]).toBeLessThan(history.history.loss[0] / 3);
    expect(model.predict(rows.slice(0, 2)).shape).toEqual([2, 1]);
  });
});

const [TIME, FEATURES, UNITS] = [5, 3, 4];
const mask = (rows: number[][]) => tensor(rows, undefined, 'float64');

describe.each([
  ['SimpleRNN', (o: object) => new SimpleRNN({ units: UNITS, ...o })],
  ['LSTM', (o: object) => new LSTM({ units: UNITS, ...o })],
  ['GRU', (o: object) => new GRU({ units: UNITS, ...o })],
  ['GRU(resetAfter: false)', (o: object) => new GRU({ units: UNITS, resetAfter: false, ...o })],
] as const)('%s with a mask', (_, make) => {
  const m = mask([
    [1, 1, 1, 0, 0],
    [1, 0, 1, 1, 0],
    [1, 1, 1, 1, 1],
  ]);

  it.each([
    { returnSequences: true, goBackwards: false },
    { returnSequences: false, goBackwards: false },
    { returnSequences: true, goBackwards: true },
    { returnSequences: false, goBackwards: true, recurrentDropout: 0.3, dropout: 0.2, seed: 3 },
  ])('backward matches central differences through time: %o', (options) => {
    const layer = built(make(options), [TIME, FEATURES]) as SimpleRNN;
    const x = randomTensor([3, TIME, FEATURES], new Rng(7));
    setMask(x, m);
    const state = layer.rng?.getState();
    const results = gradCheckLayer(layer, x, { beforeForward: () => state && layer.rng!.setState(state) });
    expectGradientsMatch(results);
    // the padded steps' inputs do not reach the output
    const dx = results[0].analytic;
    for (const [b, t] of [
      [0, 3],
      [0, 4],
      [1, 1],
      [1, 4],
    ])
      for (let f = 0; f < FEATURES; f++) expect(dx[(b * TIME + t) * FEATURES + f]).toBe(0);
  });

  it('a padded step keeps the state: the output repeats the last real step’s (as TF.js and Keras)', () => {
    const layer = built(make({ returnSequences: true }), [TIME, FEATURES]);
    const x = randomTensor([3, TIME, FEATURES], new Rng(8));
    setMask(x, m);
    const y = layer.forward(x, 'infer');
    const at = (b: number, t: number) =>
      Array.from(y.data.subarray((b * TIME + t) * UNITS, (b * TIME + t + 1) * UNITS));
    expect(at(0, 3)).toEqual(at(0, 2));
    expect(at(0, 4)).toEqual(at(0, 2));
    expect(at(1, 1)).toEqual(at(1, 0));
    expect(at(1, 2)).not.toEqual(at(1, 1));
    expect(maskOf(y)).toBe(m);
    // the last state of a sequence equals that of the sequence cut at its last real step
    const last = built(make({}), [TIME, FEATURES]);
    const full = last.forward(x, 'infer');
    const short = randomTensor([1, 3, FEATURES], new Rng(1));
    short.data.set(x.data.subarray(0, 3 * FEATURES));
    const cut = built(make({}), [3, FEATURES]).forward(short, 'infer');
    Array.from(cut.data).forEach((v, i) => expect(full.data[i]).toBeCloseTo(v, 14));
  });
});
