// one helper run for every layer (Keras run_layer_test):
// build → outputShape → forward shape → backward vs. grad check → config → its class descriptor both ways
import { describe, expect, it } from 'vitest';
import { activationNames, type ActivationName } from '../../src/activations/index.js';
import { StateError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { randomNormal, randomUniform } from '../../src/initializers/random.js';
import { Activation } from '../../src/layers/activation.js';
import { BatchNormalization } from '../../src/layers/batch-normalization.js';
import { Dense } from '../../src/layers/dense.js';
import { Dropout } from '../../src/layers/dropout.js';
import { Flatten } from '../../src/layers/flatten.js';
import type { BuildContext, Layer } from '../../src/layers/layer.js';
import type { LayerClass } from '../../src/layers/layer-class.js';
import { layerClasses } from '../../src/layers/layer-classes.js';
import { LeakyReLU } from '../../src/layers/leaky-relu.js';
import { Reshape } from '../../src/layers/reshape.js';
import { SpatialDropout2D } from '../../src/layers/spatial-dropout2d.js';
import { AveragePooling1D } from '../../src/layers/average-pooling1d.js';
import { AveragePooling2D } from '../../src/layers/average-pooling2d.js';
import { Conv1D } from '../../src/layers/conv1d.js';
import { Conv2D } from '../../src/layers/conv2d.js';
import { GlobalAveragePooling1D } from '../../src/layers/global-average-pooling1d.js';
import { GlobalAveragePooling2D } from '../../src/layers/global-average-pooling2d.js';
import { GlobalMaxPooling1D } from '../../src/layers/global-max-pooling1d.js';
import { GlobalMaxPooling2D } from '../../src/layers/global-max-pooling2d.js';
import { MaxPooling1D } from '../../src/layers/max-pooling1d.js';
import { MaxPooling2D } from '../../src/layers/max-pooling2d.js';
import type { Tensor } from '../../src/tensor/tensor.js';
import { expectGradientsMatch, gradCheckLayer, randomTensor } from '../helpers/grad-check.js';

interface LayerCase {
  title: string;
  make: () => Layer;
  className: keyof typeof layerClasses;
  /** Each example's shape in and out (without the batch dimension). */
  inputShape: number[];
  outputShape: number[];
  /** Total number of weight values (Keras' param count). */
  paramCount: number;
  /** Settings that config() must report. */
  config: Record<string, unknown>;
  /** Seeded Dropout draws a new mask every pass: rebuilding restarts its stream, so each pass has the same mask. */
  rebuildBeforeForward?: boolean;
  /** Settings that differ after a round trip through Keras JSON (Reshape writes its -1 worked out). */
  kerasConfig?: Record<string, unknown>;
  /** Layers whose backward is defined without a cached forward (rate-0 Dropout is the identity). */
  backwardWithoutForward?: boolean;
}

const IN = 5;
const UNITS = 3;

const denseCases: LayerCase[] = activationNames.map((activation) => ({
  title: `Dense(${activation})`,
  make: () => new Dense({ units: UNITS, activation, biasInitializer: randomNormal({ stddev: 0.5, seed: 3 }) }),
  className: 'Dense',
  inputShape: [IN],
  outputShape: [UNITS],
  paramCount: IN * UNITS + UNITS,
  config: { units: UNITS, activation, useBias: true },
}));

const activationCases: LayerCase[] = activationNames.map((activation: ActivationName) => ({
  title: `Activation(${activation})`,
  make: () => new Activation({ activation }),
  className: 'Activation',
  inputShape: [IN],
  outputShape: [IN],
  paramCount: 0,
  config: { activation },
}));

const cases: LayerCase[] = [
  ...denseCases,
  {
    title: 'Dense(relu, useBias: false)',
    make: () => new Dense({ units: 4, activation: 'relu', useBias: false }),
    className: 'Dense',
    inputShape: [IN],
    outputShape: [4],
    paramCount: IN * 4,
    config: { units: 4, activation: 'relu', useBias: false },
  },
  {
    title: 'Dense(tanh, inputShape, heNormal)',
    make: () => new Dense({ units: 2, activation: 'tanh', inputShape: [IN], kernelInitializer: 'heNormal' }),
    className: 'Dense',
    inputShape: [IN],
    outputShape: [2],
    paramCount: IN * 2 + 2,
    config: { units: 2, activation: 'tanh', inputShape: [IN], kernelInitializer: { className: 'HeNormal' } },
  },
  ...activationCases,
  {
    title: 'Dropout(rate 0)',
    make: () => new Dropout({ rate: 0 }),
    className: 'Dropout',
    inputShape: [IN],
    outputShape: [IN],
    paramCount: 0,
    config: { rate: 0, seed: null },
    backwardWithoutForward: true,
  },
  {
    title: 'Dropout(rate 0.5, seed)',
    make: () => new Dropout({ rate: 0.5, seed: 7 }),
    className: 'Dropout',
    inputShape: [IN],
    outputShape: [IN],
    paramCount: 0,
    config: { rate: 0.5, seed: 7 },
    rebuildBeforeForward: true,
  },
  {
    title: 'SpatialDropout2D(rate 0.5, seed)',
    make: () => new SpatialDropout2D({ rate: 0.5, seed: 7 }),
    className: 'SpatialDropout2D',
    inputShape: [3, 4, 5],
    outputShape: [3, 4, 5],
    paramCount: 0,
    config: { rate: 0.5, seed: 7 },
    rebuildBeforeForward: true,
  },
  {
    title: 'BatchNormalization()',
    make: () => new BatchNormalization(),
    className: 'BatchNormalization',
    inputShape: [IN],
    outputShape: [IN],
    paramCount: 4 * IN,
    config: { momentum: 0.99, epsilon: 1e-3, center: true, scale: true },
  },
  {
    title: 'BatchNormalization(random gamma and beta, momentum 0.5)',
    make: () =>
      new BatchNormalization({
        momentum: 0.5,
        epsilon: 1e-2,
        gammaInitializer: randomUniform({ minval: 0.5, maxval: 1.5, seed: 4 }),
        betaInitializer: randomNormal({ stddev: 1, seed: 5 }),
      }),
    className: 'BatchNormalization',
    inputShape: [IN],
    outputShape: [IN],
    paramCount: 4 * IN,
    config: { momentum: 0.5, epsilon: 1e-2, gammaInitializer: { className: 'RandomUniform' } },
  },
  {
    title: 'BatchNormalization(center: false)',
    make: () => new BatchNormalization({ center: false }),
    className: 'BatchNormalization',
    inputShape: [IN],
    outputShape: [IN],
    paramCount: 3 * IN,
    config: { center: false, scale: true },
  },
  {
    title: 'BatchNormalization(center: false, scale: false)',
    make: () => new BatchNormalization({ center: false, scale: false }),
    className: 'BatchNormalization',
    inputShape: [IN],
    outputShape: [IN],
    paramCount: 2 * IN,
    config: { center: false, scale: false },
  },
  {
    title: 'Flatten() of [2, 3, 2]',
    make: () => new Flatten(),
    className: 'Flatten',
    inputShape: [2, 3, 2],
    outputShape: [12],
    paramCount: 0,
    config: {},
  },
  {
    title: 'Flatten() of [5] (already flat)',
    make: () => new Flatten(),
    className: 'Flatten',
    inputShape: [IN],
    outputShape: [IN],
    paramCount: 0,
    config: {},
  },
  {
    title: 'LeakyReLU (default slope 0.3)',
    make: () => new LeakyReLU(),
    className: 'LeakyReLU',
    inputShape: [IN],
    outputShape: [IN],
    paramCount: 0,
    config: { alpha: 0.3 },
  },
  {
    title: 'LeakyReLU(alpha 0.05) on [2, 3]',
    make: () => new LeakyReLU({ alpha: 0.05 }),
    className: 'LeakyReLU',
    inputShape: [2, 3],
    outputShape: [2, 3],
    paramCount: 0,
    config: { alpha: 0.05 },
  },
  {
    title: 'Reshape([6] → [2, 3])',
    make: () => new Reshape({ targetShape: [2, 3] }),
    className: 'Reshape',
    inputShape: [6],
    outputShape: [2, 3],
    paramCount: 0,
    config: { targetShape: [2, 3] },
  },
  {
    title: 'Reshape([2, 3, 2] → [-1, 4])',
    make: () => new Reshape({ targetShape: [-1, 4] }),
    className: 'Reshape',
    inputShape: [2, 3, 2],
    outputShape: [3, 4],
    paramCount: 0,
    config: { targetShape: [-1, 4] },
    kerasConfig: { targetShape: [3, 4] },
  },
  // convolution and pooling (issue 12); their full gradient grid is in conv-layers.test.ts
  {
    title: 'Conv2D(same, strides 2, relu) on [5, 4, 2]',
    make: () =>
      new Conv2D({
        filters: 3,
        kernelSize: 3,
        strides: 2,
        padding: 'same',
        activation: 'relu',
        biasInitializer: randomNormal({ stddev: 0.5, seed: 3 }),
      }),
    className: 'Conv2D',
    inputShape: [5, 4, 2],
    outputShape: [3, 2, 3],
    paramCount: 3 * 3 * 2 * 3 + 3,
    config: { filters: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'same', dilationRate: [1, 1] },
  },
  {
    title: 'Conv1D(valid, dilation 2, no bias) on [7, 2]',
    make: () => new Conv1D({ filters: 2, kernelSize: 2, dilationRate: 2, useBias: false }),
    className: 'Conv1D',
    inputShape: [7, 2],
    outputShape: [5, 2],
    paramCount: 2 * 2 * 2,
    config: { filters: 2, kernelSize: [2], dilationRate: [2], useBias: false },
  },
  {
    title: 'MaxPooling2D(2) on [5, 4, 2]',
    make: () => new MaxPooling2D(),
    className: 'MaxPooling2D',
    inputShape: [5, 4, 2],
    outputShape: [2, 2, 2],
    paramCount: 0,
    config: { poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
  },
  {
    title: 'AveragePooling2D(3, strides 1, same) on [4, 3, 2]',
    make: () => new AveragePooling2D({ poolSize: 3, strides: 1, padding: 'same' }),
    className: 'AveragePooling2D',
    inputShape: [4, 3, 2],
    outputShape: [4, 3, 2],
    paramCount: 0,
    config: { poolSize: [3, 3], strides: [1, 1], padding: 'same' },
  },
  {
    title: 'MaxPooling1D(3, same) on [7, 2]',
    make: () => new MaxPooling1D({ poolSize: 3, padding: 'same' }),
    className: 'MaxPooling1D',
    inputShape: [7, 2],
    outputShape: [3, 2],
    paramCount: 0,
    config: { poolSize: [3], strides: [3] },
  },
  {
    title: 'AveragePooling1D(2) on [7, 2]',
    make: () => new AveragePooling1D(),
    className: 'AveragePooling1D',
    inputShape: [7, 2],
    outputShape: [3, 2],
    paramCount: 0,
    config: { poolSize: [2], strides: [2], padding: 'valid' },
  },
  {
    title: 'GlobalAveragePooling2D() on [3, 3, 2]',
    make: () => new GlobalAveragePooling2D(),
    className: 'GlobalAveragePooling2D',
    inputShape: [3, 3, 2],
    outputShape: [2],
    paramCount: 0,
    config: {},
  },
  {
    title: 'GlobalMaxPooling2D() on [3, 3, 2]',
    make: () => new GlobalMaxPooling2D(),
    className: 'GlobalMaxPooling2D',
    inputShape: [3, 3, 2],
    outputShape: [2],
    paramCount: 0,
    config: {},
  },
  {
    title: 'GlobalAveragePooling1D() on [5, 3]',
    make: () => new GlobalAveragePooling1D(),
    className: 'GlobalAveragePooling1D',
    inputShape: [5, 3],
    outputShape: [3],
    paramCount: 0,
    config: {},
  },
  {
    title: 'GlobalMaxPooling1D() on [5, 3]',
    make: () => new GlobalMaxPooling1D(),
    className: 'GlobalMaxPooling1D',
    inputShape: [5, 3],
    outputShape: [3],
    paramCount: 0,
    config: {},
  },
];

const context = (seed = 42): BuildContext => ({ rng: new Rng(seed), dtype: 'float64' });

describe.each(cases)('layer contract: $title', (c) => {
  const built = (): Layer => {
    const layer = c.make();
    layer.name = 'layer_1';
    layer.build([null, ...c.inputShape], context());
    return layer;
  };
  const input = (rows: number, seed = 9) => randomTensor([rows, ...c.inputShape], new Rng(seed), -2, 2);
  const perExample = c.inputShape.reduce((a, b) => a * b, 1);

  it('is not built until build(), and refuses to run before', () => {
    const layer = c.make();
    layer.name = 'layer_1';
    expect(layer.built).toBe(false);
    expect(() => layer.forward(input(2), 'infer')).toThrow(StateError);
    layer.build([null, ...c.inputShape], context());
    expect(layer.built).toBe(true);
  });

  it('outputShape maps [batch, ...in] to [batch, ...out]', () => {
    const layer = built();
    expect(layer.outputShape([null, ...c.inputShape])).toEqual([null, ...c.outputShape]);
    expect(layer.outputShape([8, ...c.inputShape])).toEqual([8, ...c.outputShape]);
  });

  it('forward returns [batch, ...out] in float64, in both modes', () => {
    const layer = built();
    for (const mode of ['train', 'infer'] as const) {
      for (const rows of [1, 4, 7]) {
        const y = layer.forward(input(rows), mode);
        expect(y.shape).toEqual([rows, ...c.outputShape]);
        expect(y.dtype).toBe('float64');
        expect(y.data).toBeInstanceOf(Float64Array);
        expect(Array.from(y.data).every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('has Keras param names, shapes and count', () => {
    const layer = built();
    const params = layer.params();
    expect(params.reduce((n, p) => n + p.value.size, 0)).toBe(c.paramCount);
    for (const p of params) {
      expect(p.name.startsWith('layer_1/')).toBe(true);
      expect(p.grad.shape).toEqual(p.value.shape);
      expect(p.grad.dtype).toBe('float64');
    }
    expect(new Set(params.map((p) => p.name)).size).toBe(params.length);
  });

  it('backward matches central differences in float64, for a batch size and then a smaller one', () => {
    const layer = built();
    const beforeForward = c.rebuildBeforeForward ? () => layer.build([null, ...c.inputShape], context()) : undefined;
    for (const [rows, seed] of [
      [4, 1],
      [3, 2],
      [4, 3],
    ]) {
      const results = gradCheckLayer(layer, input(rows, 10 + seed), { seed, beforeForward });
      expect(results.map((r) => r.name)).toEqual([
        'x',
        ...layer
          .params()
          .filter((p) => p.trainable)
          .map((p) => p.name),
      ]);
      expect(results[0].analytic.length).toBe(rows * perExample);
      expectGradientsMatch(results);
    }
  });

  it('backward without a training forward throws a StateError', () => {
    const layer = built();
    const dy = randomTensor([2, ...c.outputShape], new Rng(1));
    if (c.backwardWithoutForward) {
      expect(Array.from(layer.backward(dy, true)!.data)).toEqual(Array.from(dy.data));
      return;
    }
    expect(() => layer.backward(dy, true)).toThrow(StateError);
    // an inference pass keeps nothing for backward
    layer.forward(input(2), 'infer');
    expect(() => layer.backward(dy, true)).toThrow(StateError);
  });

  it('config() is plain JSON naming the class and the layer', () => {
    const layer = built();
    const config = layer.config();
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    expect(config.className).toBe(c.className);
    expect(config.className).toBe(layer.className);
    expect(config.name).toBe('layer_1');
    expect(config).toMatchObject(c.config);
  });

  // the descriptor is what files, ONNX export and gradient checking use: it must agree with the layer
  const descriptor = layerClasses[c.className] as LayerClass;

  it('its class descriptor rebuilds it from config(), and from its Keras JSON', () => {
    const layer = built();
    expect(descriptor.className).toBe(layer.className);
    const config = JSON.parse(JSON.stringify(layer.config()));
    expect(descriptor.fromConfig(config).config()).toEqual(layer.config());
    const keras = JSON.parse(JSON.stringify(descriptor.toKeras(layer)));
    const settings = descriptor.fromKeras(keras, 'test');
    const again = descriptor.fromConfig({ ...settings, className: c.className, name: layer.name });
    const { inputShape: _dropped, ...expected } = layer.config() as Record<string, unknown>;
    expect(again.config()).toEqual({ ...expected, ...c.kerasConfig });
  });

  it("its descriptor lists the layer's weight names, in params() order", () => {
    const names = built()
      .params()
      .map((p) => p.name.slice('layer_1/'.length));
    expect(descriptor.weightNames.filter((n) => names.includes(n))).toEqual(names);
  });
});

describe('the grad check itself', () => {
  // Dense with a slightly wrong backward: the helper must catch an error of 1e-4 in one entry
  class OffByALittle extends Dense {
    constructor(readonly target: 'x' | 'kernel') {
      super({ units: 3, activation: 'tanh' });
    }
    override backward(dy: Tensor, needsInputGradient: boolean): Tensor | null {
      const dx = super.backward(dy, needsInputGradient);
      if (this.target === 'x') dx!.data[2] *= 1 + 1e-4;
      else this.params()[0].grad.data[1] *= 1 + 1e-4;
      return dx;
    }
  }

  it.each(['x', 'kernel'] as const)('flags a backward that is off in one entry of %s', (target) => {
    const layer = new OffByALittle(target);
    layer.name = 'off';
    layer.build([null, IN], context());
    const results = gradCheckLayer(layer, randomTensor([4, IN], new Rng(3), -2, 2));
    const bad = results.filter((r) => r.relError > 1e-6).map((r) => r.name);
    expect(bad).toEqual([target === 'x' ? 'x' : 'off/kernel']);
  });
});
