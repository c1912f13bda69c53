import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { Rng } from '../../src/core/rng.js';
import { randomNormal } from '../../src/initializers/random.js';
import { Bidirectional } from '../../src/layers/bidirectional.js';
import { GRU } from '../../src/layers/gru.js';
import type { BuildContext, Layer } from '../../src/layers/layer.js';
import { layerClasses } from '../../src/layers/layer-classes.js';
import { LSTM } from '../../src/layers/lstm.js';
import { setMask } from '../../src/layers/masking.js';
import { SimpleRNN } from '../../src/layers/simple-rnn.js';
import { tensor } from '../../src/tensor/tensor.js';
import { expectGradientsMatch, gradCheckLayer, randomTensor } from '../helpers/grad-check.js';

const context = (seed = 42): BuildContext => ({ rng: new Rng(seed), dtype: 'float64' });
const [TIME, FEATURES, UNITS] = [4, 3, 3];
const bias = () => randomNormal({ stddev: 0.5, seed: 3 });

function built(layer: Layer): Layer {
  layer.name = 'bidirectional_1';
  layer.build([null, TIME, FEATURES], context());
  return layer;
}

const inner = [
  (returnSequences: boolean) => new LSTM({ units: UNITS, returnSequences, biasInitializer: bias() }),
  (returnSequences: boolean) => new GRU({ units: UNITS, returnSequences, biasInitializer: bias() }),
  (returnSequences: boolean) => new SimpleRNN({ units: UNITS, returnSequences, goBackwards: true }),
];

describe.each(['concat', 'sum', 'mul', 'ave'] as const)('Bidirectional, mergeMode %s', (mergeMode) => {
  it.each([true, false])(
    'backward matches central differences (returnSequences %s), with and without a mask',
    (seq) => {
      for (const make of inner) {
        const layer = built(new Bidirectional({ layer: make(seq), mergeMode }));
        const x = randomTensor([3, TIME, FEATURES], new Rng(2));
        expectGradientsMatch(gradCheckLayer(layer, x));
        setMask(
          x,
          tensor(
            [
              [1, 1, 0, 0],
              [1, 1, 1, 1],
              [1, 0, 1, 0],
            ],
            undefined,
            'float64',
          ),
        );
        expectGradientsMatch(gradCheckLayer(layer, x, { seed: 3 }));
      }
    },
  );
});

describe('Bidirectional', () => {
  it('is the forward layer’s output beside the backward layer’s, re-reversed in time', () => {
    const layer = built(new Bidirectional({ layer: new LSTM({ units: UNITS, returnSequences: true }) }));
    const x = randomTensor([2, TIME, FEATURES], new Rng(5));
    const y = layer.forward(x, 'infer');
    expect(y.shape).toEqual([2, TIME, 2 * UNITS]);
    const bi = layer as Bidirectional;
    const a = bi.forwardLayer.forward(x, 'infer');
    const b = bi.backwardLayer.forward(x, 'infer');
    for (let e = 0; e < 2; e++)
      for (let t = 0; t < TIME; t++)
        for (let j = 0; j < UNITS; j++) {
          expect(y.data[(e * TIME + t) * 2 * UNITS + j]).toBe(a.data[(e * TIME + t) * UNITS + j]);
          expect(y.data[(e * TIME + t) * 2 * UNITS + UNITS + j]).toBe(b.data[(e * TIME + TIME - 1 - t) * UNITS + j]);
        }
    expect(bi.backwardLayer.config()).toMatchObject({ goBackwards: true });
    expect(layer.params().map((p) => p.name)).toEqual([
      'bidirectional_1/forward_lstm/kernel',
      'bidirectional_1/forward_lstm/recurrent_kernel',
      'bidirectional_1/forward_lstm/bias',
      'bidirectional_1/backward_lstm/kernel',
      'bidirectional_1/backward_lstm/recurrent_kernel',
      'bidirectional_1/backward_lstm/bias',
    ]);
  });

  it('config and Keras JSON round-trip; summary counts both layers', () => {
    const layer = built(new Bidirectional({ layer: new GRU({ units: UNITS, resetAfter: false }), mergeMode: 'ave' }));
    const descriptor = layerClasses.Bidirectional;
    expect(descriptor.fromConfig(JSON.parse(JSON.stringify(layer.config()))).config()).toEqual(layer.config());
    const keras = JSON.parse(JSON.stringify(descriptor.toKeras(layer as Bidirectional)));
    expect(keras).toMatchObject({
      merge_mode: 'ave',
      layer: { class_name: 'GRU', config: { name: 'gru', units: UNITS } },
    });
    const again = descriptor.fromConfig({
      ...descriptor.fromKeras(keras, 't'),
      className: 'Bidirectional',
      name: layer.name,
    });
    expect(again.config()).toEqual(layer.config());
    const model = st.sequential({
      layers: [st.layers.bidirectional({ layer: st.layers.lstm({ units: 32 }), inputShape: [7, 10] })],
    });
    expect(model.summary()).toMatch(/\(None, 64\)\s+11,008/);
  });

  it('refuses a layer that is not recurrent, and an unknown mergeMode', () => {
    expect(() => st.layers.bidirectional({ layer: st.layers.dense({ units: 2 }) })).toThrow(
      /expected layer to be a recurrent layer \(SimpleRNN, LSTM, GRU\), got a Dense layer/,
    );
    expect(() => st.layers.bidirectional({ layer: st.layers.gru({ units: 2 }), mergeMode: 'max' as never })).toThrow(
      /mergeMode among concat, sum, mul, ave/,
    );
  });
});
