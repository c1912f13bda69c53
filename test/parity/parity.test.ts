import { describe, expect, it } from 'vitest';
import * as st from 'strata';
import { loadParityFixtures, type ParityFixture } from '../helpers/fixtures.js';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

function buildModel(f: ParityFixture, dtype: st.DType): st.Sequential {
  const model = st.sequential({
    dtype,
    layers: f.layers.map((l, i) =>
      st.layers.dense({
        units: l.units,
        activation: l.activation as st.ActivationName,
        ...(i === 0 ? { inputShape: [f.inputDim] } : {}),
        ...(f.l2 > 0 ? { kernelRegularizer: st.regularizers.l2({ l2: f.l2 }) } : {}),
      }),
    ),
  });
  model.setWeights(f.initialWeights.flatMap((w) => [w.kernel, w.bias]));
  const { name, ...settings } = f.optimizer;
  const factory = st.optimizers[name as st.OptimizerName] as (o: object) => st.Optimizer;
  model.compile({ optimizer: factory(settings), loss: f.loss as st.LossName, metrics: ['accuracy'] });
  return model;
}

async function train(f: ParityFixture, dtype: st.DType) {
  const model = buildModel(f, dtype);
  const history = await model.fit(f.x, f.y, {
    epochs: f.epochs,
    batchSize: f.batchSize,
    shuffle: f.shuffle,
    verbose: 0,
  });
  return { model, losses: history.history.loss };
}

function accuracyOf(model: st.Sequential, f: ParityFixture): number {
  const p = model.predict(f.x).data;
  const hits = f.y.filter((row, i) => (p[i] > 0.5 ? 1 : 0) === row[0]).length;
  return hits / f.y.length;
}

const adaptive = (f: ParityFixture) => f.optimizer.name === 'rmsprop' || f.optimizer.name === 'adam';

describe.each(loadParityFixtures())('parity with the NumPy reference: $name', (f) => {
  it('has fixtures to compare', () => {
    expect(f.expected.lossPerEpoch).toHaveLength(f.epochs);
  });

  it('float64 follows the loss curve within 1e-6 at every epoch', async () => {
    const { model, losses } = await train(f, 'float64');
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
    const { model, losses } = await train(f, 'float32');
    const expected = f.expected.lossPerEpoch;
    if (adaptive(f)) {
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
