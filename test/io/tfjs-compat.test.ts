// what model.save() writes is what TF.js reads: float32 weights, leakyRelu as TF.js' LeakyReLU layer
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x = [
  [0.5, -1, 2],
  [1, 0, -0.5],
  [-2, 1.5, 0.25],
];

function expectClose(a: number[][], b: number[][], tolerance: number) {
  expect(a.length).toBe(b.length);
  a.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - b[i][j])).toBeLessThan(tolerance)));
}

const inTfjs = async (artifacts: st.ModelArtifacts) => {
  const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts as never));
  return {
    classes: loaded.layers.map((l) => l.getClassName()),
    predict: (rows: number[][]) => (loaded.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync() as number[][],
  };
};

describe('float64 models', () => {
  const float64Model = () => {
    st.setSeed(2);
    return st.sequential({
      dtype: 'float64',
      layers: [
        st.layers.dense({ units: 4, activation: 'tanh', inputShape: [3] }),
        st.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
  };

  it('are written with float32 weights by default, which TF.js loads and predicts the same with', async () => {
    const model = float64Model();
    const artifacts = model.toArtifacts();
    expect(new Set(artifacts.weightSpecs.map((s) => s.dtype))).toEqual(new Set(['float32']));
    expect(artifacts.weightData.byteLength).toBe(model.countParams() * 4);
    const tfjs = await inTfjs(artifacts);
    expectClose(tfjs.predict(x), model.predict(x).toArray() as number[][], 1e-6);
  });

  it('load in strata as float64 again, with the weights rounded to float32', async () => {
    const model = float64Model();
    const copy = await st.loadModel(model.toArtifacts());
    expect(copy.dtype).toBe('float64');
    copy.getWeights().forEach((w, i) => {
      const original = model.getWeights()[i].data;
      expect(Array.from(w.data)).toEqual(Array.from(original, Math.fround));
    });
  });

  it("keep exact float64 weights with { weightDtype: 'float64' }", async () => {
    const model = float64Model();
    const artifacts = model.toArtifacts({ weightDtype: 'float64' });
    expect(new Set(artifacts.weightSpecs.map((s) => s.dtype))).toEqual(new Set(['float64']));
    const copy = await st.loadModel(artifacts);
    expect(copy.getWeights().map((w) => Array.from(w.data))).toEqual(model.getWeights().map((w) => Array.from(w.data)));
  });

  it('refuse an unknown weightDtype with the fix', () => {
    expect(() => float64Model().toArtifacts({ weightDtype: 'float16' as never })).toThrow(
      /toArtifacts\(\): expected weightDtype 'float32' or 'float64', got "float16"\. Leave it out/,
    );
  });
});

describe('leakyRelu', () => {
  const leakyModel = () => {
    st.setSeed(5);
    return st.sequential({
      layers: [
        st.layers.dense({ units: 5, activation: 'leakyRelu', inputShape: [3] }),
        st.layers.dense({ units: 4 }),
        st.layers.activation({ activation: 'leakyRelu' }),
        st.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
  };

  it("is written as TF.js' LeakyReLU layer after a linear one; TF.js loads it and predicts the same", async () => {
    const model = leakyModel();
    const tfjs = await inTfjs(model.toArtifacts());
    expect(tfjs.classes).toEqual(['Dense', 'LeakyReLU', 'Dense', 'Activation', 'LeakyReLU', 'Dense']);
    expectClose(tfjs.predict(x), model.predict(x).toArray() as number[][], 1e-6);
  });

  it('comes back to strata as the layers it was, with the same predictions', async () => {
    const model = leakyModel();
    const copy = await st.loadModel(model.toArtifacts());
    expect(copy.layers.map((l) => `${l.className}:${l.name}`)).toEqual(
      model.layers.map((l) => `${l.className}:${l.name}`),
    );
    expect(copy.predict(x).toArray()).toEqual(model.predict(x).toArray());
  });

  it('a TF.js model with LeakyReLU layers of its own slope loads in strata as st.layers.leakyReLU', async () => {
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 4, inputShape: [3] }),
        tfl.layers.leakyReLU({ alpha: 0.15 }),
        tfl.layers.dense({ units: 2 }),
        tfl.layers.leakyReLU(),
      ],
    });
    let saved: tf.io.ModelArtifacts | undefined;
    await theirs.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: {} as never })));
    const ours = await st.loadModel(saved as st.ModelArtifacts);
    const leaky = ours.layers.filter((l): l is st.LeakyReLU => l instanceof st.LeakyReLU);
    expect(leaky.map((l) => l.alpha)).toEqual([0.15, 0.3]);
    const expected = (theirs.predict(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][];
    expectClose(ours.predict(x).toArray() as number[][], expected, 1e-6);
  });
});
