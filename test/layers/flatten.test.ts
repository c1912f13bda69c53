import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { Flatten } from '../../src/layers/flatten.js';
import { Tensor } from '../../src/tensor/tensor.js';

function built(shape: (number | null)[]): Flatten {
  const layer = new Flatten();
  layer.name = 'flatten_1';
  layer.build(shape);
  return layer;
}

describe('Flatten', () => {
  it('keeps the values in row-major order, sharing the input storage, and backward restores the shape', () => {
    const layer = built([null, 2, 3, 2]);
    const data = Float64Array.from({ length: 2 * 12 }, (_, i) => i + 0.5);
    const x = new Tensor(data, [2, 2, 3, 2], 'float64');
    const y = layer.forward(x, 'train');
    expect(y.shape).toEqual([2, 12]);
    expect(y.toArray()).toEqual([Array.from(data.subarray(0, 12)), Array.from(data.subarray(12))]);
    expect(y.data).toBe(x.data);
    const dy = new Tensor(
      Float64Array.from({ length: 24 }, (_, i) => -i),
      [2, 12],
      'float64',
    );
    const dx = layer.backward(dy, true)!;
    expect(dx.shape).toEqual([2, 2, 3, 2]);
    expect(Array.from(dx.data)).toEqual(Array.from(dy.data));
    expect(layer.backward(dy, false)).toBeNull();
  });

  it('reuses its views from batch to batch (nothing allocated per step)', () => {
    const layer = built([null, 4, 2]);
    const x = new Tensor(new Float64Array(3 * 8), [3, 4, 2], 'float64');
    expect(layer.forward(x, 'train')).toBe(layer.forward(x, 'train'));
    const smaller = new Tensor(new Float64Array(8), [1, 4, 2], 'float64');
    expect(layer.forward(smaller, 'train').shape).toEqual([1, 8]);
  });

  it('names itself in shape errors', () => {
    expect(() => built([null, 3, null])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: flatten_1 (Flatten): expected an input shape whose dimensions after the batch are all known, got [batch, 3, ?]. Give the first layer an inputShape.]`,
    );
    const layer = built([null, 2, 3]);
    expect(() =>
      layer.forward(new Tensor(new Float64Array(6), [1, 3, 2], 'float64'), 'infer'),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: flatten_1 (Flatten): expected input shape [batch, 2, 3], got [1, 3, 2].]`,
    );
  });

  it('is st.layers.flatten, with Keras shape and summary', () => {
    const model = st.sequential({
      layers: [st.layers.reshape({ targetShape: [3, 2], inputShape: [6] }), st.layers.flatten()],
    });
    model.build();
    expect(model.layers[1]).toBeInstanceOf(st.Flatten);
    expect(model.layers[1].name).toBe('flatten_1');
    expect(model.summary({ printFn: () => {} })).toContain('flatten_1 (Flatten)');
    expect(model.predict([[1, 2, 3, 4, 5, 6]]).toArray()).toEqual([[1, 2, 3, 4, 5, 6]]);
  });
});
