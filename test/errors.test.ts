import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

function binaryModel(): st.Sequential {
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }),
      st.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

function classifier(loss: st.LossName): st.Sequential {
  const model = st.sequential({ layers: [st.layers.dense({ units: 3, activation: 'softmax', inputShape: [2] })] });
  model.compile({ optimizer: 'sgd', loss });
  return model;
}

const x4 = [
  [0, 1],
  [1, 0],
  [1, 1],
  [0, 0],
];

describe('every user-facing error says where, what was expected, what came, and a fix', () => {
  it('x and y with different numbers of rows', async () => {
    await expect(binaryModel().fit(x4, [1, 0, 1], { verbose: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: fit(): expected x and y with the same number of examples, got 4 in x and 3 in y. Each row of x needs exactly one row of y.]`,
    );
  });

  it('a feature width that does not match inputShape', async () => {
    await expect(binaryModel().fit([[1, 2, 3]], [1], { verbose: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: fit(): expected x of shape [batch, 2], got [1, 3]. The first layer, dense_1 (Dense), takes 2 features per example.]`,
    );
    expect(() => binaryModel().predict([[1, 2, 3]])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: predict(): expected x of shape [batch, 2], got [1, 3]. The first layer, dense_1 (Dense), takes 2 features per example.]`,
    );
  });

  it('a layer given the wrong input names itself and its expected shape', () => {
    const layer = st.layers.dense({ units: 2 });
    layer.name = 'dense_2';
    layer.build([null, 4], { rng: new st.Rng(1), dtype: 'float32' });
    expect(() => layer.forward(st.tensor([[1, 2, 3]]), 'infer')).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: dense_2 (Dense): expected input shape [batch, 4], got [1, 3].]`,
    );
  });

  it('NaN or Infinity in x or y, with row and column', async () => {
    await expect(
      binaryModel().fit(
        [
          [0, 1],
          [NaN, 2],
        ],
        [1, 0],
        { verbose: 0 },
      ),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: fit(): expected finite numbers in x, got NaN at row 1, column 0. Drop or impute missing values before training.]`,
    );
    await expect(binaryModel().fit(x4, [1, 0, Infinity, 1], { verbose: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: fit(): expected finite numbers in y, got Infinity at row 2, column 0. Drop or impute missing values before training.]`,
    );
  });

  it('labels outside [0, 1] for binaryCrossentropy', async () => {
    await expect(binaryModel().fit(x4, [1, 0, 2, 1], { verbose: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: fit(): expected labels in [0, 1] for binaryCrossentropy, got 2 at row 2, column 0. Use 0/1 labels, or a loss for other targets (meanSquaredError for values).]`,
    );
  });

  it('labels outside [0, classes) or not whole for sparseCategoricalCrossentropy', async () => {
    const model = classifier('sparseCategoricalCrossentropy');
    await expect(model.fit(x4, [0, 1, 3, 2], { verbose: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: fit(): expected integer class ids in [0, 3) for sparseCategoricalCrossentropy (the last layer has 3 units), got 3 at row 2. Give the last layer at least 4 units, or renumber the classes from 0.]`,
    );
    await expect(model.fit(x4, [0, 1, 1.5, 2], { verbose: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: fit(): expected integer class ids in [0, 3) for sparseCategoricalCrossentropy (the last layer has 3 units), got 1.5 at row 2. Class ids are whole numbers counted from 0.]`,
    );
  });

  it('one-hot rows that do not sum to 1, and class ids given to categoricalCrossentropy', async () => {
    const model = classifier('categoricalCrossentropy');
    const y = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ];
    await expect(model.fit(x4, y, { verbose: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[DataError: fit(): expected each row of y to sum to 1 for categoricalCrossentropy, got a sum of 2 at row 2. Each row must be one-hot (a single 1) or a probability distribution.]`,
    );
    await expect(model.fit(x4, [0, 1, 2, 1], { verbose: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: fit(): expected y of shape [4, 3] to match the model's 3 outputs, got y of shape [4, 1]. Integer class ids need loss 'sparseCategoricalCrossentropy', or one-hot encode them.]`,
    );
  });

  it('y that does not match the output width', async () => {
    await expect(
      binaryModel().fit(
        x4,
        x4.map((r) => [...r, 0]),
        { verbose: 0 },
      ),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: fit(): expected y of shape [4, 1] to match the model's 1 output, got y of shape [4, 3]. Make the last layer's units equal the number of target columns.]`,
    );
  });

  it('unknown names, with a did-you-mean', () => {
    expect(() =>
      st.layers.dense({ units: 2, activation: 'rellu' as st.ActivationName }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: dense(): expected a known activation, got 'rellu'. Did you mean 'relu'? Known: elu, gelu, leakyRelu, linear, relu, selu, sigmoid, softmax, softplus, swish, tanh.]`,
    );
    const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [1] })] });
    expect(() => model.compile({ loss: 'meanSquareError' as st.LossName })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: compile(): expected a known loss, got 'meanSquareError'. Did you mean 'meanSquaredError'? Known: binaryCrossentropy, categoricalCrossentropy, huber, mae, meanAbsoluteError, meanSquaredError, mse, sparseCategoricalCrossentropy.]`,
    );
    expect(() =>
      model.compile({ loss: 'meanSquaredError', optimizer: 'adamm' as st.OptimizerName }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: compile(): expected a known optimizer, got 'adamm'. Did you mean 'adam'? Known: adagrad, adam, adamw, momentum, rmsprop, sgd.]`,
    );
    expect(() =>
      model.compile({ loss: 'meanSquaredError', metrics: ['acuracy' as st.MetricName] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: compile(): expected a known metric, got 'acuracy'. Did you mean 'accuracy'? Known: acc, accuracy, binaryAccuracy, categoricalAccuracy, mae, meanAbsoluteError, meanSquaredError, mse, sparseCategoricalAccuracy.]`,
    );
    expect(() =>
      st.layers.dense({ units: 2, kernelInitializer: 'glorotUniformm' as st.InitializerName }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: dense(): expected a known initializer, got 'glorotUniformm'. Did you mean 'glorotUniform'? Known: constant, glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, lecunUniform, ones, orthogonal, randomNormal, randomUniform, zeros.]`,
    );
  });

  it('fit before compile', async () => {
    const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
    await expect(model.fit(x4, [1, 0, 1, 0])).rejects.toThrowErrorMatchingInlineSnapshot(
      `[StateError: fit(): expected a compiled model, got one that was never compiled. Call model.compile({ loss, optimizer }) first.]`,
    );
  });

  it('predict on a model that was never built', () => {
    const model = st.sequential({ layers: [st.layers.dense({ units: 1 })] });
    expect(() => model.predict(x4)).toThrowErrorMatchingInlineSnapshot(
      `[StateError: predict(): expected a built model, got one that was never built. Give the first layer an inputShape, or call fit() or build([features]) first.]`,
    );
    expect(() => model.summary()).toThrowErrorMatchingInlineSnapshot(
      `[StateError: summary(): expected a built model, got one that was never built. Give the first layer an inputShape, or call fit() or build([features]) first.]`,
    );
  });

  it('batch size below 1 or above the number of rows', async () => {
    await expect(
      binaryModel().fit(x4, [1, 0, 1, 0], { batchSize: 0, verbose: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: fit(): expected batchSize an integer in [1, 4] (4 training examples), got 0.]`,
    );
    await expect(
      binaryModel().fit(x4, [1, 0, 1, 0], { batchSize: 5, verbose: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: fit(): expected batchSize an integer in [1, 4] (4 training examples), got 5. Use batchSize: 4 for full-batch training.]`,
    );
    await expect(
      binaryModel().fit(x4, [1, 0, 1, 0], { batchSize: 4, validationSplit: 0.5, verbose: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: fit(): expected batchSize an integer in [1, 2] (2 training examples after the validation split), got 4. Use batchSize: 2 for full-batch training.]`,
    );
  });

  it('validationSplit outside (0, 1)', async () => {
    for (const validationSplit of [-0.1, 1, NaN])
      await expect(binaryModel().fit(x4, [1, 0, 1, 0], { validationSplit, verbose: 0 })).rejects.toThrow(
        st.ConfigError,
      );
    await expect(
      binaryModel().fit(x4, [1, 0, 1, 0], { validationSplit: 1.5, verbose: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: fit(): expected validationSplit in (0, 1), or 0 for none, got 1.5. validationSplit is a fraction: 0.2 holds out one example in five.]`,
    );
    await expect(
      binaryModel().fit(x4, [1, 0, 1, 0], { validationSplit: 0.8, verbose: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: fit(): expected a validationSplit that leaves at least one example on each side, got 0 training and 4 validation examples from 4. Use more data or a different validationSplit.]`,
    );
  });

  it('a learning rate ≤ 0 or NaN', () => {
    expect(() => st.optimizers.adam({ learningRate: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: adam(): expected learningRate > 0 and finite, got 0. Pass a number for learningRate > 0 and finite.]`,
    );
    expect(() => st.optimizers.sgd({ learningRate: NaN })).toThrow(st.ConfigError);
    const optimizer = st.optimizers.sgd();
    expect(() => (optimizer.learningRate = -1)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: sgd.learningRate: expected learningRate > 0 and finite, got -1. Pass a number for learningRate > 0 and finite.]`,
    );
    expect(optimizer.learningRate).toBe(0.01);
  });

  it('unknown fit options, with the Keras spelling mapped', async () => {
    await expect(
      binaryModel().fit(x4, [1, 0, 1, 0], { batch_size: 2 } as unknown as st.FitOptions),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: fit(): expected options among epochs, batchSize, validationSplit, validationData, shuffle, verbose, callbacks, sampleWeight, classWeight, initialEpoch, got 'batch_size'. Did you mean 'batchSize'?]`,
    );
  });

  it('setWeights with the wrong count or shape, changing nothing', () => {
    const model = binaryModel();
    const before = model.getWeights();
    expect(() => model.setWeights(before.slice(1))).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: setWeights(): expected 4 weights (dense_1/kernel [2, 4], dense_1/bias [4], dense_2/kernel [4, 1], dense_2/bias [1]), got 3. Pass them in the order getWeights() returns.]`,
    );
    const wrong = [...before.slice(0, 3), st.tensor([[1, 2]])];
    wrong[0] = st.tensor([
      [9, 9, 9, 9],
      [9, 9, 9, 9],
    ]);
    expect(() => model.setWeights(wrong)).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: setWeights(): expected dense_2/bias of shape [1], got [1, 2].]`,
    );
    expect(model.getWeights().map((t) => t.toArray())).toEqual(before.map((t) => t.toArray()));
  });

  it('bad layer settings and ragged data', () => {
    expect(() => st.layers.dense({ units: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: dense(): expected units to be a positive integer, got 0. Pass a whole number of at least 1, e.g. units: 8.]`,
    );
    expect(() => st.layers.dropout({ rate: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: dropout(): expected rate in [0, 1), got 1. rate is the fraction dropped: 0.2 drops one input in five.]`,
    );
    expect(() => st.tensor([[1, 2], [3]])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: tensor(): expected 2 entries at [1] (the shape of the first row), got 1. Ragged arrays are not tensors: make every row the same length.]`,
    );
    expect(() => st.tensor([1, 2, 3], [2, 2])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: tensor(): expected a shape of 3 elements for 3 values, got shape [2, 2] (4 elements). Pass a shape whose dimensions multiply to 3.]`,
    );
    expect(() => st.setSeed(1.5)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: setSeed(): expected an integer seed, got 1.5. Seeds are whole numbers: pass e.g. 2.]`,
    );
  });

  it('every error is typed data', () => {
    try {
      st.layers.dense({ units: -1 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(st.ConfigError);
      expect(e).toBeInstanceOf(st.StrataError);
      expect(e).toMatchObject({ code: 'invalid_config', name: 'ConfigError', where: 'dense()', received: '-1' });
    }
  });
});

describe('a loss that becomes NaN or Infinity stops training and keeps the last finite weights', () => {
  const MESSAGE =
    'fit(): epoch 1/50, batch 2/4: expected finite weights after the update, got -Infinity in dense_1/kernel. Training diverged; lower the learning rate, scale the inputs, or add clipNorm to the optimizer. The weights are those before this update.';
  async function diverge(optimizer: () => st.Optimizer): Promise<void> {
    st.setSeed(4);
    const model = st.sequential({
      layers: [st.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), st.layers.dense({ units: 1 })],
    });
    model.compile({ optimizer: optimizer(), loss: 'meanSquaredError' });
    const x = Array.from({ length: 64 }, (_, i) => [i, -i]);
    const y = x.map(([a]) => a * 100);
    let error: unknown;
    try {
      await model.fit(x, y, { epochs: 50, batchSize: 16, shuffle: false, verbose: 0 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(st.NumericError);
    expect((error as Error).message).toBe(MESSAGE);
    for (const w of model.getWeights()) expect(w.data.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(model.evaluate(x.slice(0, 1), y.slice(0, 1)).loss)).toBe(true);
  }

  it('names the epoch and batch', async () => {
    await diverge(() => st.optimizers.sgd({ learningRate: 1e6 }));
  });

  it('the same with the WebAssembly kernels (the check runs inside the one-call update)', async () => {
    const previous = st.useKernels(st.selectKernels({ prefer: 'wasm' }));
    try {
      await diverge(() => st.optimizers.sgd({ learningRate: 1e6 }));
    } finally {
      st.useKernels(st.selectKernels({ prefer: 'js' }));
      st.useKernels(previous);
    }
  });

  it('the same for an optimizer given as a plain object (no guardedStep: the loop keeps the backups)', async () => {
    await diverge(() => {
      const inner = st.optimizers.sgd({ learningRate: 1e6 });
      return {
        name: 'custom',
        learningRate: 1e6,
        iterations: 0,
        step: (params) => inner.step(params),
        config: () => ({}),
        slots: () => [],
        setIterations: () => undefined,
      };
    });
  });
});

describe('a forward pass that overflows', () => {
  it('stops with the epoch and batch before touching the weights', async () => {
    st.setSeed(4);
    const model = st.sequential({
      layers: [st.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), st.layers.dense({ units: 1 })],
    });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    model.setWeights(
      model.getWeights().map((w) =>
        st.tensor(
          w.data.map(() => 1),
          w.shape,
        ),
      ),
    );
    const before = model.getWeights().map((w) => w.toArray());
    const error = await model
      .fit(
        [
          [1, 1],
          [3e38, 3e38],
        ],
        [0, 0],
        { batchSize: 1, shuffle: false, verbose: 0 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(st.NumericError);
    expect(error).toMatchObject({ epoch: 0, batch: 1 });
    expect((error as Error).message).toMatchInlineSnapshot(
      `"fit(): epoch 1/1, batch 2/2: expected a finite loss, got Infinity. Training diverged; lower the learning rate, scale the inputs, or add clipNorm to the optimizer. The weights are those before this batch."`,
    );
    expect(model.getWeights().every((w) => w.data.every(Number.isFinite))).toBe(true);
    expect(model.getWeights().map((w) => w.toArray())).not.toEqual(before);
  });
});
