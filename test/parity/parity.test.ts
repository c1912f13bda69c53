import { describe, expect, it } from 'vitest';
import { accuracyOf, expectFloat32Parity, loadParityFixtures, relative, trainFixture } from '../helpers/fixtures.js';

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
    expectFloat32Parity(f, model, losses);
  });
});
