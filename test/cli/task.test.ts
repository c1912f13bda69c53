import { describe, expect, it } from 'vitest';
import { detectTask, encodeTargets } from '../../src/cli/task.js';

const detect = (targets: string[], loss: Parameters<typeof detectTask>[1] = 'auto') =>
  detectTask(targets, loss, 'data.csv', 'y');
const summary = (targets: string[], loss: Parameters<typeof detectTask>[1] = 'auto') => {
  const t = detect(targets, loss);
  return [t.kind, t.outputActivation, t.outputUnits, t.loss, t.classes?.join('|') ?? null];
};
const repeat = (values: string[], times: number) => Array.from({ length: times }, () => values).flat();

describe('task detection from the target column', () => {
  it('two numeric values: sigmoid + binaryCrossentropy, classes in numeric order', () => {
    expect(summary(['1', '0', '1', '0'])).toEqual(['binary', 'sigmoid', 1, 'binaryCrossentropy', '0|1']);
    expect(summary(['10', '2', '2.0', '10'])).toEqual(['binary', 'sigmoid', 1, 'binaryCrossentropy', '2|10']);
  });

  it('text labels: softmax + sparseCategoricalCrossentropy with the names, even for two', () => {
    expect(summary(['cat', 'dog', 'bird', 'dog'])).toEqual([
      'multiclass',
      'softmax',
      3,
      'sparseCategoricalCrossentropy',
      'bird|cat|dog',
    ]);
    expect(summary(['yes', 'no', 'yes'])).toEqual([
      'multiclass',
      'softmax',
      2,
      'sparseCategoricalCrossentropy',
      'no|yes',
    ]);
  });

  it('a few whole numbers are classes; many values, or fractions, are a regression', () => {
    expect(summary(repeat(['1', '2', '3'], 4))).toEqual([
      'multiclass',
      'softmax',
      3,
      'sparseCategoricalCrossentropy',
      '1|2|3',
    ]);
    const many = Array.from({ length: 60 }, (_, i) => String(i % 30));
    expect(summary(many)[0]).toBe('regression');
    expect(summary(['1.5', '2.25', '3', '4'])).toEqual(['regression', 'linear', 1, 'meanSquaredError', null]);
    // each class must be seen twice on average: 4 distinct whole numbers in 5 rows read as a quantity
    expect(summary(['1', '2', '3', '4', '1'])[0]).toBe('regression');
  });

  it('an explicit loss picks the task', () => {
    expect(summary(['a', 'b', 'a'], 'binaryCrossentropy')).toEqual([
      'binary',
      'sigmoid',
      1,
      'binaryCrossentropy',
      'a|b',
    ]);
    expect(summary(['0', '1'], 'sparseCategoricalCrossentropy')[2]).toBe(2);
    expect(summary(['0', '1', '2'], 'meanAbsoluteError')).toEqual([
      'regression',
      'linear',
      1,
      'meanAbsoluteError',
      null,
    ]);
  });

  it('pins the error messages', () => {
    expect(() => detect(['a', 'a'])).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected at least two different values in target column 'y', got only 'a'. A model cannot learn from a constant target.]`,
    );
    expect(() => detect(['a', 'b', 'c'], 'binaryCrossentropy')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected two classes in target column 'y' for binaryCrossentropy, got 3: 'a', 'b', 'c'. Use --loss sparseCategoricalCrossentropy (or auto) for more classes.]`,
    );
    expect(() => detect(['1', 'x'], 'meanSquaredError')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected numbers in target column 'y' for meanSquaredError, got 'x' in row 2. Use --loss auto for class labels.]`,
    );
    expect(() =>
      encodeTargets(
        ['a', 'z'],
        { loss: 'sparseCategoricalCrossentropy', classes: ['a', 'b'] },
        'test.csv',
        (i) => `row ${i + 1}`,
      ),
    ).toThrowErrorMatchingInlineSnapshot(
      `[DataError: test.csv: expected one of the classes the model knows ('a', 'b') in the target column, got 'z' in row 2. Drop rows of classes the model was not trained on, or train again with them.]`,
    );
  });

  it('encodes ids, one-hot rows and numbers', () => {
    const rowOf = (i: number) => `row ${i}`;
    expect(
      encodeTargets(['dog', 'cat'], { loss: 'sparseCategoricalCrossentropy', classes: ['cat', 'dog'] }, 'f', rowOf),
    ).toEqual([1, 0]);
    expect(encodeTargets(['2.0', '10'], { loss: 'binaryCrossentropy', classes: ['2', '10'] }, 'f', rowOf)).toEqual([
      0, 1,
    ]);
    expect(encodeTargets(['b'], { loss: 'categoricalCrossentropy', classes: ['a', 'b', 'c'] }, 'f', rowOf)).toEqual([
      [0, 1, 0],
    ]);
    expect(encodeTargets(['1.5', '-2'], { loss: 'meanSquaredError', classes: null }, 'f', rowOf)).toEqual([1.5, -2]);
  });
});
