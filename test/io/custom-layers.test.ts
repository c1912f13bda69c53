import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

/** A user-written layer y = x · scale (one learned scale per feature), saved through its config(). */
class Scale implements st.Layer {
  static readonly className = 'Scale';
  readonly className = 'Scale';
  name: string;
  readonly initial: number;
  #scale?: st.Param;
  #x?: st.Tensor;

  constructor(config: { initial?: number; name?: string } = {}) {
    this.initial = config.initial ?? 1;
    this.name = config.name ?? '';
  }

  /** As TF.js' registerClass wants: a new layer from config(). */
  static fromConfig(config: st.LayerConfig): Scale {
    return new Scale(config as { initial?: number; name?: string });
  }

  get built() {
    return this.#scale !== undefined;
  }
  build(shape: st.ShapeSpec, ctx: st.BuildContext) {
    const width = shape[1] as number;
    const data = ctx.dtype === 'float64' ? new Float64Array(width) : new Float32Array(width);
    this.#scale = {
      name: `${this.name}/scale`,
      value: st.tensor(data.fill(this.initial), [width], ctx.dtype),
      grad: st.tensor(data.slice().fill(0), [width], ctx.dtype),
      trainable: true,
    };
  }
  outputShape(shape: st.ShapeSpec) {
    return shape;
  }
  forward(x: st.Tensor, mode: st.Mode) {
    if (mode === 'train') this.#x = x.clone();
    const cols = x.shape[1];
    return st.tensor(
      x.data.map((v, i) => v * this.#scale!.value.data[i % cols]),
      x.shape,
      x.dtype,
    );
  }
  backward(dy: st.Tensor) {
    const x = this.#x!;
    const cols = x.shape[1];
    const grad = this.#scale!.grad.data.fill(0);
    dy.data.forEach((g, i) => (grad[i % cols] += g * x.data[i]));
    return st.tensor(
      dy.data.map((g, i) => g * this.#scale!.value.data[i % cols]),
      dy.shape,
      dy.dtype,
    );
  }
  params() {
    return this.#scale ? [this.#scale] : [];
  }
  config() {
    return { className: this.className, name: this.name, initial: this.initial };
  }
}

const tempDir = () => mkdtempSync(join(tmpdir(), 'strata-custom-'));
const message = (e: unknown) => (e as Error).message;

async function trained(): Promise<{ model: st.Sequential; x: number[][] }> {
  st.setSeed(21);
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: 4, activation: 'tanh', inputShape: [3] }),
      new Scale({ initial: 0.5 }),
      st.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  const rng = new st.Rng(22);
  const x = Array.from({ length: 24 }, () => [rng.normal(), rng.normal(), rng.normal()]);
  await model.fit(
    x,
    x.map((r) => (r[0] > 0 ? 1 : 0)),
    { epochs: 3, verbose: 0 },
  );
  return { model, x };
}

describe('user-written layers: save, then loadModel(path, { customLayers })', () => {
  it('a Scale layer round-trips on disk with its config and learned weights', async () => {
    const { model, x } = await trained();
    const dir = tempDir();
    await model.save(dir);
    const loaded = await st.loadModel(dir, { customLayers: [Scale] });
    expect(loaded.layers[1]).toBeInstanceOf(Scale);
    expect((loaded.layers[1] as Scale).initial).toBe(0.5);
    expect(loaded.getWeights()[2].toArray()).toEqual(model.getWeights()[2].toArray());
    // training moved the scales away from 0.5, so this compares learned weights
    expect(loaded.getWeights()[2].toArray()).not.toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(loaded.predict(x).toArray()).toEqual(model.predict(x).toArray());
  });

  it('a descriptor object works as well, and its own toKeras / fromKeras are used', async () => {
    const { model, x } = await trained();
    const scaleClass: st.CustomLayerClass<Scale> = {
      className: 'Scale',
      fromConfig: (config) => new Scale(config as { initial?: number; name?: string }),
      toKeras: (layer) => ({ initial_scale: layer.initial }),
      fromKeras: (config) => ({ initial: config.initial_scale }),
    };
    const artifacts = model.toArtifacts({ customLayers: [scaleClass] });
    const json = (artifacts.modelTopology as { config: { layers: { config: Record<string, unknown> }[] } }).config;
    expect(json.layers[1].config).toMatchObject({ initial_scale: 0.5, name: 'scale_1' });
    const loaded = await st.loadModel(artifacts, { customLayers: [scaleClass] });
    expect((loaded.layers[1] as Scale).initial).toBe(0.5);
    expect(loaded.predict(x).toArray()).toEqual(model.predict(x).toArray());
  });

  it('loading without customLayers names the class and says how to pass it', async () => {
    const { model } = await trained();
    const dir = tempDir();
    await model.save(dir);
    const e = await st.loadModel(dir).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(st.FormatError);
    expect(message(e)).toMatchInlineSnapshot(
      `"loadModel(): layer 1: expected a layer class strata knows (Dense, Activation, LeakyReLU, Dropout, SpatialDropout2D, BatchNormalization, Flatten, Reshape, Conv2D, Conv1D, MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling2D, GlobalAveragePooling1D, GlobalMaxPooling1D, SimpleRNN, LSTM, GRU, Embedding, Bidirectional) or one given in customLayers, got 'Scale'. If it is a layer of your own, pass its class: loadModel(path, { customLayers: [Scale] })."`,
    );
  });

  it('saving a layer without a usable config() is a ConfigError that says what to add, never a TypeError', () => {
    const noConfig = Object.assign(new Scale(), { config: undefined }) as unknown as st.Layer;
    const notJson = Object.assign(new Scale(), { config: () => ({ className: 'Scale', name: 'x', f: () => 1 }) });
    const otherName = Object.assign(new Scale(), { config: () => ({ className: 'Scaler', name: 'x' }) });
    const errors = [noConfig, notJson, otherName].map((layer) => {
      const model = st.sequential({ layers: [st.layers.dense({ units: 2, inputShape: [2] }), layer] });
      try {
        model.toArtifacts();
      } catch (e) {
        expect(e).toBeInstanceOf(st.ConfigError);
        return message(e);
      }
      return 'saved';
    });
    expect(errors).toMatchInlineSnapshot(`
      [
        "toArtifacts(): expected layers strata can save: built in, or with a config() that returns plain JSON naming their className, got scale_1 (Scale) with no config(). Give it a config() returning { className: 'Scale', name, ...settings }, and pass its class to loadModel(path, { customLayers }).",
        "toArtifacts(): expected layers strata can save: built in, or with a config() that returns plain JSON naming their className, got scale_1 (Scale) whose config() is not plain JSON. Give it a config() returning { className: 'Scale', name, ...settings }, and pass its class to loadModel(path, { customLayers }).",
        "toArtifacts(): expected layers strata can save: built in, or with a config() that returns plain JSON naming their className, got scale_1 (Scale) whose config() names className "Scaler". Give it a config() returning { className: 'Scale', name, ...settings }, and pass its class to loadModel(path, { customLayers }).",
      ]
    `);
  });

  it('model.save says save() and leaves the directory untouched', async () => {
    const layer = Object.assign(new Scale(), { config: undefined }) as unknown as st.Layer;
    const model = st.sequential({ layers: [st.layers.dense({ units: 2, inputShape: [2] }), layer] });
    const dir = join(tempDir(), 'never');
    const e = await model.save(dir).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(st.ConfigError);
    expect(message(e)).toMatch(/^save\(\): expected layers strata can save/);
    expect(existsSync(dir)).toBe(false);
  });

  it('ONNX export of a custom layer needs its onnx() in customLayers', async () => {
    const { model } = await trained();
    expect(() => st.exportOnnx(model)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: exportOnnx(): expected layers ONNX export supports (Dense, Activation, LeakyReLU, Dropout, SpatialDropout2D, BatchNormalization, Flatten, Reshape, Conv2D, Conv1D, MaxPooling2D, AveragePooling2D, MaxPooling1D, AveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling2D, GlobalAveragePooling1D, GlobalMaxPooling1D, SimpleRNN, LSTM, GRU, Embedding, Bidirectional), or a custom layer class with onnx() in customLayers, got scale_1 (Scale). Give the custom layer class an onnx() and pass it in { customLayers }, or save in the TF.js format.]`,
    );
    const onnx: st.CustomLayerClass<Scale>['onnx'] = (layer, x, graph, weights) =>
      graph.node('Mul', [x, graph.constant(`${layer.name}/scale`, weights.scale!.shape, weights.scale!.data)]);
    const bytes = st.exportOnnx(model, { customLayers: [{ className: 'Scale', fromConfig: Scale.fromConfig, onnx }] });
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(bytes);
    const probe = [
      [0.5, -1, 2],
      [1, 1, -0.25],
    ];
    const { output } = await session.run({ input: new ort.Tensor('float32', Float32Array.from(probe.flat()), [2, 3]) });
    const expected = (model.predict(probe).toArray() as number[][]).flat();
    Array.from(output.data as Float32Array).forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-5));
  });

  it('customLayers that are not an array of layer classes get a ConfigError', async () => {
    const artifacts = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] }).toArtifacts();
    const tries = [{ Scale }, [{ className: 'Scale' }], [null], [class Nameless {}]];
    const messages = await Promise.all(
      tries.map((customLayers) =>
        st.loadModel(artifacts, { customLayers: customLayers as never }).then(
          () => 'loaded',
          (e: unknown) => (e instanceof st.ConfigError ? e.received : String(e)),
        ),
      ),
    );
    expect(messages).toEqual(['an object with keys Scale', '{"className":"Scale"}', 'null', 'class Nameless']);
    const options = { customLayers: { Scale } as never };
    expect(() =>
      st
        .sequential({ layers: [new Scale()] })
        .build([2])
        .toArtifacts(options),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: toArtifacts(): expected customLayers as an array of layer classes, each with a className and fromConfig(config), got an object with keys Scale. For example { customLayers: [Scale] }, where Scale has static className = 'Scale' and static fromConfig(config).]`,
    );
  });
});
