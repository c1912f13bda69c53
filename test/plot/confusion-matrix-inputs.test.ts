// issue 15 items 6 and 12: confusionMatrix takes tensors and columns of ids, and names what it got
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

describe('confusionMatrix inputs', () => {
  const expected = [
    [1, 1],
    [0, 2],
  ];

  it('counts tensors of ids instead of returning [[0]]', () => {
    expect(st.confusionMatrix(st.tensor([0, 0, 1, 1]), st.tensor([0, 1, 1, 1])).matrix).toEqual(expected);
    expect(st.confusionMatrix(st.tensor([[0], [0], [1], [1]]), st.tensor([0, 1, 1, 1])).matrix).toEqual(expected);
  });

  it('counts a column of ids and integer typed arrays', () => {
    expect(st.confusionMatrix([[0], [0], [1], [1]], Int32Array.from([0, 1, 1, 1])).matrix).toEqual(expected);
  });

  it('refuses rows of probabilities with the fix', () => {
    expect(() =>
      st.confusionMatrix(
        [0, 1],
        st.tensor([
          [0.9, 0.1],
          [0.2, 0.8],
        ]),
      ),
    ).toThrow(/expected yPred with one class id per example, got rows of 2 values\. Convert the 2 rows/);
  });

  it('names a non-integer id as it was given', () => {
    expect(() => st.confusionMatrix([0, 1.5], [0, 1])).toThrow(/got 1\.5 at index 1/);
  });
});

describe("Keras' short loss names", () => {
  it("compile() takes 'mse' and 'mae' as the same losses", () => {
    const model = st.sequential({ layers: [st.layers.dense({ units: 1, inputShape: [2] })] });
    expect(model.compile({ loss: 'mse', optimizer: 'sgd' }).loss.name).toBe('meanSquaredError');
    expect(model.compile({ loss: 'mae', optimizer: 'sgd' }).loss.name).toBe('meanAbsoluteError');
  });
});
