// Conv2D, Conv1D and the pooling layers: float64 gradient checks over the grid issue 12 names (padding valid/same,
// strides 1–3, dilation 1–2, odd and prime sizes, 1 and many channels), shapes by TensorFlow's rule, configs both ways
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { ConfigError, FormatError, ShapeError, StateError } from '../../src/core/errors.js';
import { Rng } from '../../src/core/rng.js';
import { randomNormal } from '../../src/initializers/random.js';
import type { Layer } from '../../src/layers/layer.js';
import type { LayerClass } from '../../src/layers/layer-class.js';
import { layerClasses } from '../../src/layers/layer-classes.js';
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
import { windowAxis } from '../../src/tensor/ops/window.js';
import { expectGradientsMatch, gradCheckLayer, randomTensor } from '../helpers/grad-check.js';

const build = <L extends Layer>(layer: L, shape: readonly number[], seed = 1): L => {
  layer.name = 'layer_1';
  layer.build([null, ...shape], { rng: new Rng(seed), dtype: 'float64' });
  return layer;
};

// bias drawn at random so a wrong bias gradient cannot hide behind zeros
const bias = randomNormal({ stddev: 0.5, seed: 3 });

describe("TensorFlow's output size and padding rule", () => {
  it.each([
    // n, k, s, d, padding, outputs, pad before (worked by hand from tf.nn.conv2d's documentation)
    [7, 3, 1, 1, 'valid', 5, 0],
    [7, 3, 2, 1, 'valid', 3, 0],
    [7, 3, 3, 2, 'valid', 1, 0],
    [7, 3, 1, 1, 'same', 7, 1],
    [7, 3, 2, 1, 'same', 4, 1],
    [8, 3, 2, 1, 'same', 4, 0], // pad total 1: the odd pad goes after
    [5, 2, 1, 1, 'same', 5, 0],
    [5, 3, 1, 2, 'same', 5, 2],
    [11, 5, 3, 1, 'same', 4, 1],
    [2, 3, 1, 1, 'valid', 0, 0],
  ] as const)('n %i, k %i, s %i, d %i, %s → %i outputs, %i padded before', (n, k, s, d, padding, out, pad) => {
    expect(windowAxis(n, k, s, d, padding)).toEqual([out, pad]);
  });
});

describe('Conv2D: backward matches central differences in float64', () => {
  const grid = [];
  for (const padding of ['valid', 'same'] as const)
    for (const strides of [1, 2, 3])
      for (const dilationRate of [1, 2])
        for (const [channels, filters] of [
          [1, 1],
          [3, 4],
        ])
          grid.push({ padding, strides, dilationRate, channels, filters });

  it.each(grid)(
    '$padding, strides $strides, dilation $dilationRate, $channels → $filters channels on 7×5 images',
    ({ padding, strides, dilationRate, channels, filters }) => {
      // odd and prime sizes: 7×5 images, a 3×2 window
      const layer = build(
        new Conv2D({ filters, kernelSize: [3, 2], strides, dilationRate, padding, biasInitializer: bias }),
        [7, 5, channels],
      );
      const x = randomTensor([2, 7, 5, channels], new Rng(11), -2, 2);
      expectGradientsMatch(gradCheckLayer(layer, x));
    },
  );

  it.each(['relu', 'sigmoid', 'tanh', 'swish', 'softmax'] as const)(
    'with a %s activation (fused or not), strides [2, 1], 5×3 window on 11×7',
    (activation) => {
      const layer = build(
        new Conv2D({
          filters: 3,
          kernelSize: [5, 3],
          strides: [2, 1],
          padding: 'same',
          activation,
          biasInitializer: bias,
        }),
        [11, 7, 2],
      );
      expectGradientsMatch(gradCheckLayer(layer, randomTensor([2, 11, 7, 2], new Rng(4), -2, 2)));
    },
  );

  it('without a bias', () => {
    const layer = build(new Conv2D({ filters: 2, kernelSize: 3, useBias: false }), [5, 5, 2]);
    expect(layer.params().map((p) => p.name)).toEqual(['layer_1/kernel']);
    expectGradientsMatch(gradCheckLayer(layer, randomTensor([3, 5, 5, 2], new Rng(5), -2, 2)));
  });

  it('for one batch size, then a smaller one (the last batch of an epoch), then the first again', () => {
    const layer = build(
      new Conv2D({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', biasInitializer: bias }),
      [5, 7, 3],
    );
    for (const [rows, seed] of [
      [4, 1],
      [1, 2],
      [4, 3],
    ])
      expectGradientsMatch(gradCheckLayer(layer, randomTensor([rows, 5, 7, 3], new Rng(seed), -2, 2), { seed }));
  });
});

describe('Conv1D: backward matches central differences in float64', () => {
  const grid = [];
  for (const padding of ['valid', 'same'] as const)
    for (const strides of [1, 2, 3])
      for (const dilationRate of [1, 2])
        for (const [channels, filters] of [
          [1, 1],
          [3, 2],
        ])
          grid.push({ padding, strides, dilationRate, channels, filters });

  it.each(grid)(
    '$padding, strides $strides, dilation $dilationRate, $channels → $filters channels on 13 steps',
    ({ padding, strides, dilationRate, channels, filters }) => {
      const layer = build(
        new Conv1D({
          filters,
          kernelSize: 3,
          strides,
          dilationRate,
          padding,
          activation: 'tanh',
          biasInitializer: bias,
        }),
        [13, channels],
      );
      expectGradientsMatch(gradCheckLayer(layer, randomTensor([2, 13, channels], new Rng(12), -2, 2)));
    },
  );

  it('equals Conv2D on [b, 1, t, c] with the same kernel, as [k, in, out] and [1, k, in, out]', () => {
    const c1 = build(
      new Conv1D({ filters: 3, kernelSize: 4, strides: 2, padding: 'same', biasInitializer: bias }),
      [9, 2],
    );
    const c2 = build(
      new Conv2D({ filters: 3, kernelSize: [1, 4], strides: [1, 2], padding: 'same', biasInitializer: bias }),
      [1, 9, 2],
    );
    expect(c1.params()[0].value.shape).toEqual([4, 2, 3]);
    expect(c2.params()[0].value.shape).toEqual([1, 4, 2, 3]);
    c2.params()[0].value.data.set(c1.params()[0].value.data);
    c2.params()[1].value.data.set(c1.params()[1].value.data);
    const x = randomTensor([3, 9, 2], new Rng(2));
    const y1 = c1.forward(x, 'infer');
    const y2 = c2.forward(st.ops.reshape(x, [3, 1, 9, 2]), 'infer');
    expect(y1.shape).toEqual([3, 5, 3]);
    expect(Array.from(y1.data)).toEqual(Array.from(y2.data));
  });
});

describe('pooling: backward matches central differences in float64', () => {
  const grid = [];
  for (const kind of ['max', 'average'] as const)
    for (const padding of ['valid', 'same'] as const)
      for (const strides of [1, 2, 3])
        for (const poolSize of [2, 3] as const)
          for (const channels of [1, 3]) grid.push({ kind, padding, strides, poolSize, channels });

  it.each(grid)(
    '$kind pooling 2-D, $padding, pool $poolSize, strides $strides, $channels channels on 7×5',
    ({ kind, padding, strides, poolSize, channels }) => {
      const config = { poolSize, strides, padding };
      const layer = build(kind === 'max' ? new MaxPooling2D(config) : new AveragePooling2D(config), [7, 5, channels]);
      expectGradientsMatch(gradCheckLayer(layer, randomTensor([2, 7, 5, channels], new Rng(13), -2, 2)));
    },
  );

  it.each(grid.filter((c) => c.poolSize === 3))(
    '$kind pooling 1-D, $padding, pool $poolSize, strides $strides, $channels channels on 11 steps',
    ({ kind, padding, strides, poolSize, channels }) => {
      const config = { poolSize, strides, padding };
      const layer = build(kind === 'max' ? new MaxPooling1D(config) : new AveragePooling1D(config), [11, channels]);
      expectGradientsMatch(gradCheckLayer(layer, randomTensor([2, 11, channels], new Rng(14), -2, 2)));
    },
  );

  it.each([
    ['GlobalAveragePooling2D', () => new GlobalAveragePooling2D(), [5, 3, 4]],
    ['GlobalMaxPooling2D', () => new GlobalMaxPooling2D(), [5, 3, 4]],
    ['GlobalAveragePooling1D', () => new GlobalAveragePooling1D(), [7, 3]],
    ['GlobalMaxPooling1D', () => new GlobalMaxPooling1D(), [7, 1]],
  ] as const)('%s', (_, make, shape) => {
    const layer = build(make(), shape);
    expect(layer.outputShape([null, ...shape])).toEqual([null, shape[shape.length - 1]]);
    expectGradientsMatch(gradCheckLayer(layer, randomTensor([3, ...shape], new Rng(15), -2, 2)));
  });

  it('max pooling picks the window maximum and average pooling leaves padding out of the mean', () => {
    // one 3×3 channel; pool 2, strides 2, 'same': windows [0..1]×[0..1], [0..1]×[2], [2]×[0..1], [2]×[2]
    const x = st.tensor(Float64Array.from([1, 5, 2, 4, 3, 9, 7, 8, 6]), [1, 3, 3, 1], 'float64');
    const max = build(new MaxPooling2D({ poolSize: 2, padding: 'same' }), [3, 3, 1]);
    expect(Array.from(max.forward(x, 'infer').data)).toEqual([5, 9, 8, 6]);
    const avg = build(new AveragePooling2D({ poolSize: 2, padding: 'same' }), [3, 3, 1]);
    expect(Array.from(avg.forward(x, 'infer').data)).toEqual([13 / 4, 11 / 2, 15 / 2, 6]);
    const gap = build(new GlobalAveragePooling2D(), [3, 3, 1]);
    expect(Array.from(gap.forward(x, 'infer').data)).toEqual([5]);
  });
});

describe('shapes, configs and errors', () => {
  it('outputShape follows the rule for each layer', () => {
    expect(new Conv2D({ filters: 8, kernelSize: 3 }).outputShape([null, 28, 28, 1])).toEqual([null, 26, 26, 8]);
    expect(new Conv2D({ filters: 8, kernelSize: 3, padding: 'same', strides: 2 }).outputShape([4, 7, 9, 3])).toEqual([
      4, 4, 5, 8,
    ]);
    expect(new Conv2D({ filters: 2, kernelSize: 3, dilationRate: 2 }).outputShape([null, 9, 9, 1])).toEqual([
      null,
      5,
      5,
      2,
    ]);
    expect(new Conv1D({ filters: 5, kernelSize: 4, strides: 3 }).outputShape([null, 20, 2])).toEqual([null, 6, 5]);
    expect(new MaxPooling2D().outputShape([null, 7, 7, 3])).toEqual([null, 3, 3, 3]);
    expect(new MaxPooling2D({ padding: 'same' }).outputShape([null, 7, 7, 3])).toEqual([null, 4, 4, 3]);
    expect(new AveragePooling1D({ poolSize: 3, strides: 1 }).outputShape([null, 10, 2])).toEqual([null, 8, 2]);
  });

  it('Keras param counts: the mnist_cnn example has 1,199,882', () => {
    const model = st.sequential({
      layers: [
        st.layers.conv2d({ filters: 32, kernelSize: [3, 3], activation: 'relu', inputShape: [28, 28, 1] }),
        st.layers.conv2d({ filters: 64, kernelSize: [3, 3], activation: 'relu' }),
        st.layers.maxPooling2d({ poolSize: [2, 2] }),
        st.layers.dropout({ rate: 0.25 }),
        st.layers.flatten(),
        st.layers.dense({ units: 128, activation: 'relu' }),
        st.layers.dropout({ rate: 0.5 }),
        st.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    const text = model.summary({ printFn: () => {} });
    expect(model.countParams()).toBe(1_199_882);
    expect(text).toContain('Total params: 1,199,882');
    expect(text).toMatch(/conv2d_1 \(Conv2D\)\s+\(None, 26, 26, 32\)\s+320\n/);
    expect(text).toMatch(/conv2d_2 \(Conv2D\)\s+\(None, 24, 24, 64\)\s+18,496\n/);
    expect(text).toMatch(/max_pooling2d_1\s+\(None, 12, 12, 64\)\s+0\n/);
    expect(text).toMatch(/flatten_1 \(Flatten\)\s+\(None, 9216\)\s+0\n/);
  });

  it('Conv1D param count: k·in·filters + filters', () => {
    const model = st.sequential({
      layers: [st.layers.conv1d({ filters: 16, kernelSize: 5, inputShape: [50, 3] }), st.layers.globalMaxPooling1d()],
    });
    expect(model.countParams()).toBe(5 * 3 * 16 + 16);
  });

  const cases: [keyof typeof layerClasses, () => Layer, number[]][] = [
    [
      'Conv2D',
      () =>
        new Conv2D({
          filters: 3,
          kernelSize: [3, 2],
          strides: [2, 1],
          dilationRate: 1,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: 'heNormal',
          kernelRegularizer: st.regularizers.l2(),
          inputShape: [6, 5, 2],
        }),
      [6, 5, 2],
    ],
    ['Conv1D', () => new Conv1D({ filters: 2, kernelSize: 3, dilationRate: 2, useBias: false }), [9, 2]],
    ['MaxPooling2D', () => new MaxPooling2D({ poolSize: [3, 2], strides: 1, padding: 'same' }), [6, 5, 2]],
    ['AveragePooling2D', () => new AveragePooling2D(), [6, 5, 2]],
    ['MaxPooling1D', () => new MaxPooling1D({ poolSize: 3 }), [9, 2]],
    ['AveragePooling1D', () => new AveragePooling1D({ strides: 1 }), [9, 2]],
    ['GlobalAveragePooling2D', () => new GlobalAveragePooling2D(), [6, 5, 2]],
    ['GlobalMaxPooling2D', () => new GlobalMaxPooling2D(), [6, 5, 2]],
    ['GlobalAveragePooling1D', () => new GlobalAveragePooling1D(), [9, 2]],
    ['GlobalMaxPooling1D', () => new GlobalMaxPooling1D(), [9, 2]],
  ];

  it.each(cases)('%s: its descriptor rebuilds it from config() and from its Keras JSON', (className, make, shape) => {
    const layer = build(make(), shape);
    const descriptor = layerClasses[className] as LayerClass;
    expect(layer.className).toBe(className);
    const config = JSON.parse(JSON.stringify(layer.config()));
    expect(config.className).toBe(className);
    const copy = descriptor.fromConfig(config);
    expect(copy.built).toBe(false);
    expect(copy.config()).toEqual(layer.config());
    const keras = JSON.parse(JSON.stringify(descriptor.toKeras(layer)));
    const again = descriptor.fromConfig({ ...descriptor.fromKeras(keras, 'test'), className, name: layer.name });
    const { inputShape: _dropped, ...expected } = layer.config() as Record<string, unknown>;
    expect(again.config()).toEqual(expected);
    // weight names in params() order, and the shapes loading checks files against
    const names = layer.params().map((p) => p.name.slice('layer_1/'.length));
    expect(descriptor.weightNames.filter((n) => names.includes(n))).toEqual(names);
    const shapes = descriptor.weightShapes!(layer, [null, ...shape]) as Record<string, number[]>;
    for (const p of layer.params()) expect(shapes[p.name.slice('layer_1/'.length)]).toEqual(p.value.shape);
  });

  it.each(cases)('%s: backward before a training forward is a StateError', (_, make, shape) => {
    const layer = build(make(), shape);
    const out = layer.outputShape([2, ...shape]) as number[];
    expect(() => layer.backward(randomTensor(out, new Rng(1)), true)).toThrow(StateError);
    layer.forward(randomTensor([2, ...shape], new Rng(2)), 'infer');
    expect(() => layer.backward(randomTensor(out, new Rng(1)), true)).toThrow(StateError);
  });

  it('refuses channelsFirst, bad sizes and padding, and misspelt options, each with the fix', () => {
    expect(() => st.layers.conv2d({ filters: 2, kernelSize: 3, dataFormat: 'channelsFirst' as never })).toThrow(
      /^conv2d\(\): expected dataFormat 'channelsLast' \(strata keeps channels last\), got "channelsFirst"\. Leave dataFormat out/,
    );
    expect(() => st.layers.maxPooling2d({ dataFormat: 'channelsFirst' as never })).toThrow(ConfigError);
    expect(() => st.layers.conv2d({ filters: 2, kernelSize: [3, 3, 3] })).toThrow(
      /^conv2d\(\): expected kernelSize as a positive integer or a list of two \(\[height, width\]\), got \[3,3,3\]\. For example kernelSize: 3 or \[3, 3\]\.$/,
    );
    expect(() => st.layers.conv1d({ filters: 2, kernelSize: [3, 3] })).toThrow(/list of one/);
    expect(() => st.layers.conv2d({ filters: 0, kernelSize: 3 })).toThrow(/filters to be a positive integer/);
    expect(() => st.layers.conv2d({ filters: 2, kernelSize: 3, strides: 0 })).toThrow(/strides as a positive integer/);
    expect(() => st.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'full' as never })).toThrow(
      /expected padding 'valid' or 'same', got "full"/,
    );
    expect(() => st.layers.conv2d({ filters: 2, kernelSize: 3, kernel_size: 3 } as never)).toThrow(
      /got 'kernel_size'\. Did you mean 'kernelSize'\?/,
    );
    expect(() => st.layers.maxPooling2d({ poolsize: 3 } as never)).toThrow(/Did you mean 'poolSize'\?/);
    expect(() => st.layers.globalAveragePooling2d({ poolSize: 3 } as never)).toThrow(ConfigError);
  });

  it('refuses inputs of the wrong rank or too small for the window, when the model is built', () => {
    const flat = st.sequential({ layers: [st.layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [10] })] });
    expect(() => flat.build()).toThrow(ShapeError);
    expect(() => flat.build()).toThrow(/expected an image input \[batch, height, width, channels\]/);
    const seq = st.sequential({ layers: [st.layers.conv1d({ filters: 2, kernelSize: 3, inputShape: [4, 4, 1] })] });
    expect(() => seq.build()).toThrow(/expected a sequence input \[batch, time, channels\]/);
    const small = st.sequential({ layers: [st.layers.conv2d({ filters: 2, kernelSize: 5, inputShape: [3, 8, 1] })] });
    expect(() => small.build()).toThrow(
      /conv2d_1 \(Conv2D\): expected an input at least as large as the window, got \[batch, 3, 8, 1\], which leaves no output positions\. Use padding: 'same'/,
    );
    const built = st.sequential({ layers: [st.layers.maxPooling2d({ inputShape: [4, 4, 2] })] });
    expect(() => built.predict(st.tensor(new Float32Array(2 * 4 * 5 * 2), [2, 4, 5, 2]))).toThrow(ShapeError);
  });

  it('refuses channels_first and grouped convolutions in Keras JSON with a FormatError', () => {
    const conv = layerClasses.Conv2D as LayerClass;
    expect(() => conv.fromKeras({ filters: 2, kernel_size: [3, 3], data_format: 'channels_first' }, 'layer 0')).toThrow(
      FormatError,
    );
    expect(() => conv.fromKeras({ filters: 2, kernel_size: [3, 3], groups: 2 }, 'layer 0')).toThrow(/groups: 1/);
    expect(() => (layerClasses.GlobalAveragePooling2D as LayerClass).fromKeras({ keepdims: true }, 'l')).toThrow(
      /keepdims: false/,
    );
  });
});

describe('in a model', () => {
  /** Two classes of 6×6 images: a bright vertical bar or a bright horizontal bar, with noise. */
  function bars(n: number, seed: number): { x: st.Tensor; y: Int32Array } {
    const rng = new Rng(seed);
    const x = new Float32Array(n * 36);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = i % 2;
      const at = Math.floor(rng.uniform(0, 6));
      for (let p = 0; p < 36; p++) {
        const [r, c] = [Math.floor(p / 6), p % 6];
        x[i * 36 + p] = ((y[i] === 0 ? c : r) === at ? 1 : 0) + 0.2 * rng.normal();
      }
    }
    return { x: st.tensor(x, [n, 6, 6, 1]), y };
  }

  it('a small CNN with batch norm and dropout after its convolutions learns bars (loss falls, accuracy ≥ 0.9)', async () => {
    st.setSeed(3);
    const model = st.sequential({
      layers: [
        st.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', inputShape: [6, 6, 1] }),
        st.layers.batchNormalization(),
        st.layers.activation({ activation: 'relu' }),
        st.layers.dropout({ rate: 0.1 }),
        st.layers.maxPooling2d({ poolSize: 2 }),
        st.layers.conv2d({ filters: 4, kernelSize: 2, activation: 'relu' }),
        st.layers.globalMaxPooling2d(),
        st.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({
      optimizer: st.optimizers.adam({ learningRate: 0.02 }),
      loss: 'sparseCategoricalCrossentropy',
      metrics: ['accuracy'],
    });
    const train = bars(128, 1);
    const history = await model.fit(train.x, train.y, { epochs: 15, batchSize: 16, verbose: 0 });
    const loss = history.history.loss;
    expect(loss[loss.length - 1]).toBeLessThan(0.5 * loss[0]);
    const test = bars(64, 2);
    const { accuracy } = model.evaluate(test.x, test.y) as { accuracy: number };
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it('float64 and float32 models give the same predictions (within float32 rounding)', () => {
    const make = (dtype: 'float32' | 'float64') => {
      st.setSeed(9);
      const model = st.sequential({
        dtype,
        layers: [
          st.layers.conv1d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh', inputShape: [12, 2] }),
          st.layers.averagePooling1d(),
          st.layers.conv1d({ filters: 2, kernelSize: 2, strides: 2 }),
          st.layers.globalAveragePooling1d(),
        ],
      });
      return model;
    };
    const x = randomTensor([4, 12, 2], new Rng(3));
    const y64 = make('float64').predict(x);
    const y32 = make('float32').predict(st.tensor(Float32Array.from(x.data), [4, 12, 2]));
    expect(y64.shape).toEqual([4, 2]);
    y64.data.forEach((v, i) => expect(Math.abs(v - y32.data[i])).toBeLessThan(1e-5));
  });

  it('st.gradientCheck passes on a float64 CNN', () => {
    st.setSeed(4);
    const model = st.sequential({
      dtype: 'float64',
      layers: [
        st.layers.conv2d({
          filters: 2,
          kernelSize: 3,
          strides: 2,
          padding: 'same',
          activation: 'tanh',
          inputShape: [5, 5, 2],
        }),
        st.layers.averagePooling2d({ poolSize: 2, padding: 'same' }),
        st.layers.flatten(),
        st.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
    const x = randomTensor([3, 5, 5, 2], new Rng(6));
    const report = st.gradientCheck(model, x, Int32Array.from([0, 1, 1]));
    expect(report.passed).toBe(true);
    expect(report.perParameter.map((p) => p.name)).toContain('conv2d_1/kernel');
  });
});
