// models with rank-3 and rank-4 inputs through the saved formats: TF.js both ways, ONNX Runtime, files on disk
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

ort.env.wasm.numThreads = 1;
const dir = mkdtempSync(join(tmpdir(), 'strata-n-d-'));

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function batch(seed: number, shape: number[]): st.Tensor {
  const rng = new st.Rng(seed);
  return st.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() * 2 + 0.5),
    shape,
  );
}

function expectClose(ours: ArrayLike<number>, theirs: ArrayLike<number>, tolerance = 1e-5): void {
  expect(ours.length).toBe(theirs.length);
  let worst = 0;
  for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]));
  expect(worst).toBeLessThan(tolerance);
}

/** An image model, trained a little so batch norm's moving statistics are not their initial values. */
async function imageModel(): Promise<st.Sequential> {
  st.setSeed(12);
  const model = st.sequential({
    layers: [
      st.layers.batchNormalization({ momentum: 0.5, inputShape: [4, 4, 2] }),
      st.layers.dense({ units: 3, activation: 'relu' }),
      st.layers.flatten(),
      st.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const x = batch(1, [24, 4, 4, 2]);
  await model.fit(
    x,
    Int32Array.from({ length: 24 }, (_, i) => i % 2),
    { epochs: 3, batchSize: 8, verbose: 0 },
  );
  return model;
}

describe('rank-4 and rank-3 models in the saved formats', () => {
  it('strata → TF.js: a [b, 4, 4, 2] model loads and predicts within 1e-5', async () => {
    const model = await imageModel();
    const artifacts = model.toArtifacts();
    const topology = artifacts.modelTopology as { config: { layers: { config: { batch_input_shape?: unknown } }[] } };
    expect(topology.config.layers[0].config.batch_input_shape).toEqual([null, 4, 4, 2]);
    const theirs = await tfl.loadLayersModel(tf.io.fromMemory(artifacts as never));
    const probe = batch(2, [5, 4, 4, 2]);
    const expected = (theirs.predict(tf.tensor(Array.from(probe.data), [5, 4, 4, 2])) as tf.Tensor).dataSync();
    expectClose(model.predict(probe).data, expected);
  });

  it('TF.js → strata: a [b, 5, 3] sequence model loads and predicts within 1e-5', async () => {
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 4, activation: 'tanh', inputShape: [5, 3] }),
        tfl.layers.batchNormalization({ momentum: 0.9 }),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    const bn = theirs.layers[1];
    bn.setWeights(bn.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, 'float32', i + 3)));
    let saved: tf.io.ModelArtifacts | undefined;
    await theirs.save(
      tf.io.withSaveHandler(
        async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
      ),
    );
    const loaded = await st.loadModel(saved as unknown as st.ModelArtifacts);
    expect(loaded.inputShape).toEqual([null, 5, 3]);
    const probe = batch(3, [6, 5, 3]);
    const ours = loaded.predict(probe);
    expect(ours.shape).toEqual([6, 5, 2]);
    expectClose(ours.data, (theirs.predict(tf.tensor(Array.from(probe.data), [6, 5, 3])) as tf.Tensor).dataSync());
  });

  it('ONNX Runtime runs the rank-4 model (MatMul over the last axis, batch norm as scale and shift)', async () => {
    const model = await imageModel();
    const session = await ort.InferenceSession.create(st.exportOnnx(model));
    const probe = batch(4, [3, 4, 4, 2]);
    const { output } = await session.run({
      input: new ort.Tensor('float32', Float32Array.from(probe.data), [3, 4, 4, 2]),
    });
    expect(output.dims).toEqual([3, 2]);
    expectClose(model.predict(probe).data, output.data as Float32Array);
  });

  it('a rank-4 model saved to a folder loads with its shapes and predictions', async () => {
    const model = await imageModel();
    await model.save(join(dir, 'image-model'));
    const loaded = await st.loadModel(join(dir, 'image-model'));
    expect(loaded.inputShape).toEqual([null, 4, 4, 2]);
    const probe = batch(5, [4, 4, 4, 2]);
    expect(Array.from(loaded.predict(probe).data)).toEqual(Array.from(model.predict(probe).data));
  });
});
