import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

describe('data.timeseriesWindows', () => {
  it('cuts a 1-D series into [examples, window, 1] and the next horizon values', () => {
    const { x, y } = st.data.timeseriesWindows([0, 1, 2, 3, 4, 5, 6], { window: 3, horizon: 2 });
    expect(x.toArray()).toEqual([
      [[0], [1], [2]],
      [[1], [2], [3]],
      [[2], [3], [4]],
    ]);
    expect(y.toArray()).toEqual([
      [3, 4],
      [4, 5],
      [5, 6],
    ]);
  });

  it('keeps every feature of a [steps, features] series in x and predicts the target column, with a stride', () => {
    const series = Array.from({ length: 9 }, (_, t) => [t, 10 * t]);
    const { x, y } = st.data.timeseriesWindows(series, { window: 2, stride: 3, target: 1 });
    expect(x.shape).toEqual([3, 2, 2]);
    expect((x.toArray() as number[][][])[1]).toEqual([
      [3, 30],
      [4, 40],
    ]);
    expect(y.toArray()).toEqual([[20], [50], [80]]);
  });

  it("keeps a Tensor's dtype and reads typed arrays", () => {
    const { x } = st.data.timeseriesWindows(st.tensor([1, 2, 3, 4], undefined, 'float64'), { window: 2 });
    expect(x.dtype).toBe('float64');
    expect(st.data.timeseriesWindows(Float32Array.of(1, 2, 3), { window: 2 }).y.toArray()).toEqual([[3]]);
  });

  it('refuses what cannot be windowed, saying how to fix it', () => {
    expect(() => st.data.timeseriesWindows([1, 2, 3], { window: 3 })).toThrow(
      /expected a series of at least window \+ horizon = 4 steps, got 3 steps\. Use a shorter window/,
    );
    expect(() => st.data.timeseriesWindows([1, NaN, 3, 4], { window: 2 })).toThrow(/got NaN at step 1\. Fill or drop/);
    expect(() => st.data.timeseriesWindows([1, 2, 3, 4], { window: 2, horizn: 1 } as never)).toThrow(
      /Did you mean 'horizon'/,
    );
    expect(() => st.data.timeseriesWindows([[1, 2]], { window: 1, target: 2 })).toThrow(
      /expected target as a column index in \[0, 1\], got 2/,
    );
    expect(() => st.data.timeseriesWindows([1, 2, 3], undefined as never)).toThrow(st.ConfigError);
  });
});

describe('data.charVocabulary', () => {
  it('sorts the distinct characters and maps text to ids and back', () => {
    const vocab = st.data.charVocabulary('to be, or not to be');
    expect(vocab.chars.join('')).toBe(' ,benort');
    expect(vocab.size).toBe(8);
    const ids = vocab.encode('not to be');
    expect(ids).toBeInstanceOf(Int32Array);
    expect(Array.from(ids)).toEqual([4, 5, 7, 0, 7, 5, 0, 2, 3]);
    expect(vocab.decode(ids)).toBe('not to be');
  });

  it('treats a character outside the basic plane as one character', () => {
    const vocab = st.data.charVocabulary('a😀b');
    expect(vocab.size).toBe(3);
    expect(vocab.encode('😀').length).toBe(1);
    expect(vocab.decode(vocab.encode('b😀a'))).toBe('b😀a');
  });

  it('names a character or id it does not know', () => {
    const vocab = st.data.charVocabulary('abc');
    expect(() => vocab.encode('abd')).toThrow(/expected characters of the vocabulary, got "d" at position 2/);
    expect(() => vocab.decode([0, 3])).toThrow(/expected ids in \[0, 2\], got 3 at position 1/);
    expect(() => vocab.decode(5 as never)).toThrow(st.ConfigError);
    expect(() => st.data.charVocabulary('')).toThrow(/expected a non-empty string/);
  });
});
