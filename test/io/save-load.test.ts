import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

interface SavedJson {
  weightsManifest: { paths: string[]; weights: { shape: number[]; dtype: string }[] }[];
  modelTopology: { config: { layers: { class_name: string }[] } };
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'strata-io-'));

function classifier(dtype: st.DType = 'float32'): st.Sequential {
  return st.sequential({
    dtype,
    layers: [
      st.layers.dense({
        units: 6,
        activation: 'relu',
        inputShape: [3],
        kernelRegularizer: st.regularizers.l2({ l2: 1e-3 }),
      }),
      st.layers.batchNormalization(),
      st.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

function data(seed: number) {
  const rng = new st.Rng(seed);
  const x = Array.from({ length: 40 }, () => [rng.normal(), rng.normal(), rng.normal()]);
  return { x, y: x.map((r) => (r[0] * r[1] > 0 ? 1 : 0)) };
}

describe('model.save / st.loadModel', () => {
  it.each(['float32', 'float64'] as const)(
    'round-trips a %s model on disk with identical predictions',
    async (dtype) => {
      st.setSeed(1);
      const model = classifier(dtype);
      model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
      const { x, y } = data(2);
      await model.fit(x, y, { epochs: 3, verbose: 0 });
      const dir = tempDir();
      // float64 weights stay exact only when asked for (the default writes float32, what TF.js reads)
      await model.save(dir, { weightDtype: dtype });
      const loaded = await st.loadModel(dir);
      expect(loaded.dtype).toBe(dtype);
      expect(loaded.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
      expect(loaded.predict(x).toArray()).toEqual(model.predict(x).toArray());
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      expect(json.format).toBe('layers-model');
      expect(json.modelTopology.config.layers[0].config.batch_input_shape).toEqual([null, 3]);
      expect(() => loaded.optimizer).toThrow(st.StateError);
    },
  );

  it('with includeOptimizer and Dropout, the resumed run equals the straight one (the masks continue too)', async () => {
    const { x, y } = data(3);
    const build = () => {
      st.setSeed(6);
      const m = st.sequential({
        dtype: 'float64',
        layers: [
          st.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }),
          st.layers.dropout({ rate: 0.3 }),
          st.layers.dense({ units: 3, activation: 'softmax' }),
        ],
      });
      m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
      return m;
    };
    const train = (m: st.Sequential, initialEpoch: number, epochs: number) =>
      m.fit(x, y, { initialEpoch, epochs, batchSize: 8, verbose: 0 });
    const straight = build();
    const full = await train(straight, 0, 6);
    const first = build();
    await train(first, 0, 3);
    const dir = tempDir();
    await first.save(dir, { includeOptimizer: true, weightDtype: 'float64' });
    const resumed = await st.loadModel(dir);
    const rest = await train(resumed, 3, 6);
    expect(rest.history.loss.at(-1)).toBeCloseTo(full.history.loss.at(-1)!, 12);
  });

  it('with includeOptimizer, 10 epochs + save + load + 10 epochs equals 20 straight (float64, shuffled)', async () => {
    const { x, y } = data(3);
    const train = async (model: st.Sequential, epochs: number) =>
      model.fit(x, y, { epochs, batchSize: 8, shuffle: true, verbose: 0 });
    const build = () => {
      st.setSeed(5);
      const m = classifier('float64');
      m.compile({
        optimizer: st.optimizers.adam({ learningRate: 0.01 }),
        loss: 'sparseCategoricalCrossentropy',
        metrics: ['accuracy'],
      });
      return m;
    };
    const straight = build();
    await train(straight, 20);
    const first = build();
    await train(first, 10);
    const dir = tempDir();
    await first.save(dir, { includeOptimizer: true, weightDtype: 'float64' });
    const resumed = await st.loadModel(dir);
    expect(resumed.optimizer.iterations).toBe(50);
    await train(resumed, 10);
    const a = straight.getWeights();
    resumed
      .getWeights()
      .forEach((w, i) => w.data.forEach((v, j) => expect(Math.abs(v - a[i].data[j])).toBeLessThan(1e-12)));
  });

  it('keeps one weights file and writes model.json last', async () => {
    const model = classifier();
    const dir = tempDir();
    await model.save(dir);
    await model.save(dir);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toBe('model.json');
    expect(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).weightsManifest[0].paths).toEqual([files[1]]);
  });

  it('round-trips in memory with toArtifacts, e.g. in the browser', async () => {
    const model = classifier();
    const copy = await st.loadModel(model.toArtifacts());
    expect(copy.predict([[1, 2, 3]]).toArray()).toEqual(model.predict([[1, 2, 3]]).toArray());
  });
});

describe('Reshape and Flatten on disk', () => {
  it('a Reshape [6] → [2, 3] → Flatten → Dense model round-trips with identical predictions', async () => {
    st.setSeed(4);
    const model = st.sequential({
      layers: [
        st.layers.reshape({ targetShape: [2, 3], inputShape: [6] }),
        st.layers.flatten(),
        st.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const dir = tempDir();
    await model.save(dir);
    const loaded = await st.loadModel(dir);
    expect(loaded.layers.map((l) => l.config())).toEqual(model.layers.map((l) => l.config()));
    const rng = new st.Rng(5);
    const x = Array.from({ length: 8 }, () => Array.from({ length: 6 }, () => rng.normal()));
    expect(loaded.predict(x).toArray()).toEqual(model.predict(x).toArray());
  });
});

describe('bad or hostile files get a clear FormatError', () => {
  async function saved(): Promise<{ dir: string; json: SavedJson; weights: Buffer }> {
    const dir = tempDir();
    await classifier().save(dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    return { dir, json, weights: readFileSync(join(dir, json.weightsManifest[0].paths[0])) };
  }
  async function loadEdited(edit: (json: SavedJson, dir: string, weights: Buffer) => void): Promise<unknown> {
    const { dir, json, weights } = await saved();
    edit(json, dir, weights);
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    return st.loadModel(dir).catch((e: unknown) => e);
  }
  const message = (e: unknown) => {
    expect(e).toBeInstanceOf(st.FormatError);
    return (e as Error).message
      .replace(/weights-\w+\.bin/g, 'weights-<id>.bin')
      .replace(/\/tmp\/strata-io-\w+/g, '<dir>');
  };

  it('a missing model.json or weights file', async () => {
    expect(message(await st.loadModel(tempDir()).catch((e) => e))).toMatchInlineSnapshot(
      `"loadModel(): expected model.json in <dir>, got no such file. Save a model there with model.save(dir)."`,
    );
    expect(message(await loadEdited((j) => (j.weightsManifest[0].paths = ['gone.bin'])))).toMatchInlineSnapshot(
      `"loadModel(): expected the weights file gone.bin, got no such file. Copy model.json together with its weights file."`,
    );
  });

  it('invalid JSON, with the position', async () => {
    const { dir } = await saved();
    writeFileSync(join(dir, 'model.json'), '{"format": "layers-model", }');
    expect(message(await st.loadModel(dir).catch((e) => e))).toMatchInlineSnapshot(
      `"loadModel(): expected valid JSON in model.json, got Expected double-quoted property name in JSON at position 27. The file is damaged or not a model: save the model again."`,
    );
  });

  it('an unknown layer class, named, with the known list and how to pass a custom one', async () => {
    const e = await loadEdited((j) => (j.modelTopology.config.layers[1].class_name = 'Conv3D'));
    expect(message(e)).toMatchInlineSnapshot(
      `"loadModel(): layer 1: expected a layer class strata knows (Dense, Activation, LeakyReLU, Dropout, SpatialDropout2D, BatchNormalization, Flatten, Reshape, Conv2D, Conv1D, MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling2D, GlobalAveragePooling1D, GlobalMaxPooling1D, SimpleRNN, LSTM, GRU, Embedding, Bidirectional) or one given in customLayers, got 'Conv3D'. If it is a layer of your own, pass its class: loadModel(path, { customLayers: [Conv3D] })."`,
    );
  });

  it('a weights file shorter or longer than the manifest says', async () => {
    const short = await loadEdited((j, dir, w) =>
      writeFileSync(join(dir, j.weightsManifest[0].paths[0]), w.subarray(0, w.length - 4)),
    );
    expect(message(short)).toMatchInlineSnapshot(
      `"loadModel(): expected 248 bytes of weights (as the manifest lists), got 244 bytes. The weights file is truncated or belongs to another model."`,
    );
    const long = await loadEdited((j, dir, w) =>
      writeFileSync(join(dir, j.weightsManifest[0].paths[0]), Buffer.concat([w, Buffer.alloc(8)])),
    );
    expect(message(long)).toMatchInlineSnapshot(
      `"loadModel(): expected 248 bytes of weights (as the manifest lists), got 256 bytes. The weights file is truncated or belongs to another model."`,
    );
  });

  it('a manifest shape that disagrees with the topology, and unsupported dtypes', async () => {
    expect(message(await loadEdited((j) => (j.weightsManifest[0].weights[0].shape = [6, 3])))).toMatchInlineSnapshot(
      `"loadModel(): expected dense_1/kernel of shape [3, 6] (from the topology), got [6, 3]."`,
    );
    expect(message(await loadEdited((j) => (j.weightsManifest[0].weights[1].dtype = 'int32')))).toMatchInlineSnapshot(
      `"loadModel(): expected weight dtype float32 or float64, got 'int32' for dense_1/bias. The manifest is damaged or from an unsupported converter: save the model again."`,
    );
  });

  it('NaN or Infinity in the weights', async () => {
    const e = await loadEdited((j, dir, w) => {
      const copy = Buffer.from(w);
      copy.writeFloatLE(NaN, 8);
      writeFileSync(join(dir, j.weightsManifest[0].paths[0]), copy);
    });
    expect(message(e)).toMatchInlineSnapshot(
      `"loadModel(): expected finite weights, got NaN in dense_1/kernel at index 2."`,
    );
  });

  it.each([['../outside.bin'], ['/etc/passwd'], ['https://example.com/w.bin'], ['C:\\\\w.bin'], ['a/../../b.bin']])(
    'never reads outside the directory: %s',
    async (path) => {
      const e = await loadEdited((j) => (j.weightsManifest[0].paths = [path]));
      expect(message(e)).toMatch(/^loadModel\(\): expected weight paths inside the model's directory, got /);
    },
  );
});
