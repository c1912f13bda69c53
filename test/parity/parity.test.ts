import { describe, expect, it } from 'vitest';
import type * as st from 'strata';
import { isAdaptive, loadParityFixtures, relative, trainFixture, type ParityFixture } from '../helpers/fixtures.js';

function accuracyOf(model: st.Sequential, f: ParityFixture): number {
  const p = model.predict(f.x).data;
  const hits = f.y.filter((row, i) => (p[i] > 0.5 ? 1 : 0) === row[0]).length;
  return hits / f.y.length;
}

describe.each(loadParityFixtures())('parity with the NumPy reference: $name', (f) => {
  it('has fixtures to compare', () => {
    expect(f.expected.lossPerEpoch).toHaveLength(f.epochs);
  });

  it('float64 follows the loss curve within 1e-6 at every epoch', async () => {
    const { model, losses } = await trainFixture(f, 'float64');
    expect(losses).toHaveLength(f.epochs);
    const worst = losses.reduce((w, l, e) => Math.max(w, relative(l, f.expected.lossPerEpoch[e])), 0);
    expect(worst).toBeLessThan(1e-6);
    expect(relative(model.evaluate(f.x, f.y).loss, f.expected.finalLoss)).toBeLessThan(1e-6);
    const predictions = model.predict(f.x).toArray() as number[][];
    predictions.forEach((row, i) => expect(row[0]).toBeCloseTo(f.expected.finalPredictions[i][0], 6));
    const weights = model.getWeights();
    f.expected.finalWeights.forEach((w, i) => {
      const kernel = weights[2 * i].data;
      w.kernel.flat().forEach((v, j) => expect(kernel[j]).toBeCloseTo(v, 6));
    });
    if (f.expected.finalAccuracy !== null) expect(accuracyOf(model, f)).toBe(f.expected.finalAccuracy);
  });

  it('float32 stays within the README tolerances', async () => {
    const { model, losses } = await trainFixture(f, 'float32');
    const expected = f.expected.lossPerEpoch;
    if (isAdaptive(f)) {
      // float32 rounding compounds along RMSprop/Adam runs: the first 100 epochs closely, the end loosely
      for (let e = 0; e < Math.min(100, f.epochs); e++) expect(relative(losses[e], expected[e])).toBeLessThan(0.02);
      expect(relative(losses[f.epochs - 1], expected[f.epochs - 1])).toBeLessThan(0.2);
    } else {
      for (let e = 0; e < f.epochs; e += 100) expect(relative(losses[e], expected[e])).toBeLessThan(0.02);
    }
    if (f.expected.finalAccuracy !== null)
      expect(Math.abs(accuracyOf(model, f) - f.expected.finalAccuracy) * f.y.length).toBeLessThanOrEqual(1);
  });
});
