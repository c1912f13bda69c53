import { describe, expect, it } from 'vitest';
import { ShapeError } from '../../src/core/errors.js';
import { layers } from '../../src/layers/index.js';
import { layerOutputs, sequential } from '../../src/model/index.js';
import { tensor } from '../../src/tensor/tensor.js';

describe('layerOutputs', () => {
  const model = () => {
    const m = sequential({
      layers: [
        layers.flatten({ inputShape: [2, 2, 1] }),
        layers.dense({ units: 3, activation: 'relu' }),
        layers.dropout({ rate: 0.5 }),
        layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    return m.build();
  };

  it("gives every layer's inference output, the last equal to predict()", () => {
    const m = model();
    const x = tensor([1, 2, 3, 4, -1, 0, 2, 1], [2, 2, 2, 1]);
    const outputs = layerOutputs(m, x);
    expect(outputs.map((o) => [o.className, o.output.shape])).toEqual([
      ['Flatten', [2, 4]],
      ['Dense', [2, 3]],
      ['Dropout', [2, 3]],
      ['Dense', [2, 2]],
    ]);
    expect(Array.from(outputs[0].output.data)).toEqual(Array.from(x.data));
    // dropout is off in inference, and the hidden layer is relu(x·W + b) of the weights the model holds
    expect(Array.from(outputs[2].output.data)).toEqual(Array.from(outputs[1].output.data));
    const [w, b] = m.getWeights();
    const hidden = [0, 1].flatMap((r) =>
      [0, 1, 2].map((j) =>
        Math.max(0, b.data[j] + [0, 1, 2, 3].reduce((s, k) => s + x.data[r * 4 + k] * w.data[k * 3 + j], 0)),
      ),
    );
    outputs[1].output.data.forEach((v, i) => expect(v).toBeCloseTo(hidden[i], 5));
    expect(Array.from(outputs[3].output.data)).toEqual(Array.from(m.predict(x).data));
  });

  it('returns copies: a later call leaves earlier outputs alone', () => {
    const m = model();
    const first = layerOutputs(m, tensor([1, 2, 3, 4], [1, 2, 2, 1]));
    const before = Array.from(first[1].output.data);
    layerOutputs(m, tensor([9, 9, 9, 9], [1, 2, 2, 1]));
    expect(Array.from(first[1].output.data)).toEqual(before);
  });

  it('checks the input shape against the model', () => {
    expect(() => layerOutputs(model(), tensor([1, 2, 3], [1, 3]))).toThrow(ShapeError);
  });
});
