// issue 15 item 5: after divergence with batch norm, every weight, moving statistics included, is the last finite one
import { describe, expect, it } from 'vitest';
import * as st from 'strata-nn';

function bnModel() {
  st.setSeed(6);
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: 4, inputShape: [2] }),
      st.layers.batchNormalization({ momentum: 0.5 }),
      st.layers.dense({ units: 1 }),
    ],
  });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  model.build();
  return model;
}

describe('divergence with batch normalization', () => {
  it('a batch whose forward overflows leaves the moving statistics as they were', async () => {
    const model = bnModel();
    const x = [
      [1, 2],
      [2, 1],
      [3e38, -3e38],
      [-3e38, 3e38],
    ];
    const y = [0, 1, 0, 1];
    // one clean epoch-batch first, so the statistics differ from their initial values
    await model.fit(x.slice(0, 2), y.slice(0, 2), { epochs: 1, batchSize: 2, verbose: 0 });
    const before = model.getWeights().map((w) => Array.from(w.data));
    const error = await model.fit(x, y, { batchSize: 2, shuffle: false, verbose: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(st.NumericError);
    expect(error).toMatchObject({ batch: 1 });
    const after = model.getWeights().map((w) => Array.from(w.data));
    // the first batch of this fit was clean, so trainable weights and statistics moved once, then nothing more
    for (const w of after) expect(w.every(Number.isFinite)).toBe(true);
    expect(after).not.toEqual(before);
    const loaded = await st.loadModel(model.toArtifacts());
    expect(loaded.predict([[1, 2]]).data.every(Number.isFinite)).toBe(true);
  });

  it('restores the statistics when the update, not the loss, diverges', async () => {
    const model = bnModel();
    model.compile({ optimizer: st.optimizers.sgd({ learningRate: 1e36 }), loss: 'meanSquaredError' });
    let last = model.getWeights().map((w) => Array.from(w.data));
    const x = Array.from({ length: 8 }, (_, i) => [i, 2 * i]);
    const keep = { onBatchEnd: () => void (last = model.getWeights().map((w) => Array.from(w.data))) };
    const error = await model
      .fit(
        x,
        x.map(([a]) => a * 1e6),
        { batchSize: 4, epochs: 3, shuffle: false, verbose: 0, callbacks: [keep] },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(st.NumericError);
    expect((error as Error).message).toMatch(/expected finite weights after the update/);
    // every weight, the moving statistics (entries 4 and 5) included, is as it was after the last good batch
    expect(model.getWeights().map((w) => Array.from(w.data))).toEqual(last);
  });
});
