import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { tfjsCompatible } from '../../src/cli/tfjs-export.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('strata export --format tfjs writes what TensorFlow.js loads', () => {
  it('a float64 model goes out with float32 weights that TF.js loads and predicts the same with', async () => {
    st.setSeed(2);
    const model = st.sequential({
      dtype: 'float64',
      layers: [
        st.layers.dense({ units: 4, activation: 'tanh', inputShape: [3] }),
        st.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    const copy = await tfjsCompatible(model);
    expect(copy.dtype).toBe('float32');
    const artifacts = copy.toArtifacts();
    expect(new Set(artifacts.weightSpecs.map((s) => s.dtype))).toEqual(new Set(['float32']));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts as never));
    const x = [
      [0.5, -1, 2],
      [1, 0, -0.5],
    ];
    const theirs = (loaded.predict(tf.tensor2d(x)) as tf.Tensor).arraySync() as number[][];
    const ours = model.predict(x).toArray() as number[][];
    theirs.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - ours[i][j])).toBeLessThan(1e-6)));
  });

  it('a leakyRelu model is refused with the fix instead of writing a file TF.js cannot load', async () => {
    const model = st.sequential({ layers: [st.layers.dense({ units: 2, activation: 'leakyRelu', inputShape: [2] })] });
    await expect(tfjsCompatible(model)).rejects.toThrow(
      /expected activations TensorFlow\.js knows, got leakyRelu in dense_\d+\. Export it with --format onnx/,
    );
  });
});
