import { describe, expect, it } from 'vitest';
import { confusionMatrix, confusionMatrixPlot } from '../../src/plot/confusion-matrix.js';
import { expectRenderable, layersOf, obj, rows } from './spec-helpers.js';

const yTrue = [0, 0, 0, 1, 1, 2, 2, 2, 2];
const yPred = [0, 1, 0, 1, 1, 2, 0, 2, 2];

describe('confusionMatrix', () => {
  it('counts true classes in rows and predicted classes in columns', () => {
    expect(confusionMatrix(yTrue, yPred)).toEqual({
      matrix: [
        [2, 1, 0],
        [0, 2, 0],
        [1, 0, 3],
      ],
      labels: ['0', '1', '2'],
    });
  });

  it('takes the number of classes or their names, and typed arrays', () => {
    expect(confusionMatrix([0, 1], [1, 1], 4).matrix).toEqual([
      [0, 1, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    const named = confusionMatrix(Float32Array.from([1, 0]), Int32Array.from([1, 1]), ['cat', 'dog']);
    expect(named).toEqual({
      matrix: [
        [0, 1],
        [0, 1],
      ],
      labels: ['cat', 'dog'],
    });
  });

  it('says what is wrong with bad labels', () => {
    expect(() => confusionMatrix([0, 1], [0])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: confusionMatrix(): expected yTrue and yPred of the same length, got 2 and 1. Pass one predicted class id per true label.]`,
    );
    expect(() => confusionMatrix([0, 1.5], [0, 1])).toThrowErrorMatchingInlineSnapshot(
      `[DataError: confusionMatrix(): expected class ids 0, 1, 2, … in yTrue, got 1.5 at index 1. Convert probabilities to class ids first (arg-max per row, or p > 0.5 for one output).]`,
    );
    expect(() => confusionMatrix([0, 1], [0, 2], ['a', 'b'])).toThrowErrorMatchingInlineSnapshot(
      `[DataError: confusionMatrix(): expected class ids 0 to 1 in yPred, got 2 at index 1. Pass the full list of classes, or leave classes out to count them from the labels.]`,
    );
    expect(() => confusionMatrix([0], [0], 0)).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: confusionMatrix(): expected classes as a positive integer or a non-empty list of names, got 0. For example classes: 3 or classes: ['cat', 'dog', 'bird'].]`,
    );
  });
});

describe('confusionMatrixPlot', () => {
  it('has one cell per (true, predicted) pair with its count as text', () => {
    const spec = confusionMatrixPlot(yTrue, yPred, ['a', 'b', 'c']);
    expectRenderable(spec);
    const cells = rows<{ actual: string; predicted: string; count: number }>(spec);
    expect(cells).toHaveLength(9);
    expect(cells.find((c) => c.actual === 'c' && c.predicted === 'a')?.count).toBe(1);
    expect(cells.find((c) => c.actual === 'c' && c.predicted === 'c')?.count).toBe(3);
    expect(cells.reduce((s, c) => s + c.count, 0)).toBe(9);
    const [text] = layersOf(spec, 'text');
    expect(obj(obj(text.encoding).text).field).toBe('count');
    expect(layersOf(spec, 'rect')).toHaveLength(1);
  });

  it('puts true classes on y and predicted on x, in class order', () => {
    const spec = confusionMatrixPlot(yTrue, yPred, ['zebra', 'ant', 'moth']);
    const encoding = obj(spec.encoding);
    expect(obj(encoding.x)).toMatchObject({
      field: 'predicted',
      title: 'Predicted class',
      sort: ['zebra', 'ant', 'moth'],
    });
    expect(obj(encoding.y)).toMatchObject({ field: 'actual', title: 'True class', sort: ['zebra', 'ant', 'moth'] });
    expect(obj(spec.title).subtitle).toBe('Accuracy 77.8% on 9 examples');
  });

  it('says where the error came from', () => {
    expect(() => confusionMatrixPlot([0], [0, 1])).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: confusionMatrixPlot(): expected yTrue and yPred of the same length, got 1 and 2. Pass one predicted class id per true label.]`,
    );
  });
});
