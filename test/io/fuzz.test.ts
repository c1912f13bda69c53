import { describe, expect, it } from 'vitest';
import * as st from 'strata';
import { modelFromJson } from '../../src/model/load-model.js';

/** The text of a saved model.json and its weights, from an in-memory save. */
function sample(): { text: string; weights: Uint8Array } {
  st.setSeed(1);
  const model = st.sequential({
    layers: [
      st.layers.dense({ units: 4, activation: 'tanh', inputShape: [3] }),
      st.layers.batchNormalization(),
      st.layers.dropout({ rate: 0.1 }),
      st.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const { weightSpecs, weightData, ...rest } = model.toArtifacts({ includeOptimizer: true });
  const text = JSON.stringify({ ...rest, weightsManifest: [{ paths: ['w.bin'], weights: weightSpecs }] });
  return { text, weights: new Uint8Array(weightData) };
}

const JSON_PIECES = [
  'null',
  '-1',
  '1e309',
  '"x"',
  '[]',
  '{}',
  '"Dense"',
  '0',
  'true',
  '"float64"',
  '"../w.bin"',
  '[null,3]',
  'NaN',
];

describe('the loader under mutated and truncated files', () => {
  it('only ever returns a model or throws a typed strata error (4,000 cases)', () => {
    const { text, weights } = sample();
    const rng = new st.Rng(2026);
    const outcomes = { loaded: 0, rejected: 0 };
    for (let i = 0; i < 4000; i++) {
      let json = text;
      let bytes = weights;
      const kind = i % 5;
      if (kind === 0) json = json.slice(0, rng.int(json.length));
      else if (kind === 1) {
        const at = rng.int(json.length);
        json = json.slice(0, at) + String.fromCharCode(32 + rng.int(95)) + json.slice(at + 1);
      } else if (kind === 2) {
        // swap one JSON value for another kind of value
        const values = [...json.matchAll(/(?<=[:[,])(?:-?\d[\d.e+-]*|"[^"]*"|true|false|null)/g)];
        const m = values[rng.int(values.length)];
        json = json.slice(0, m.index) + JSON_PIECES[rng.int(JSON_PIECES.length)] + json.slice(m.index! + m[0].length);
      } else if (kind === 3) bytes = weights.slice(0, rng.int(weights.length + 1));
      else {
        bytes = weights.slice();
        for (let k = 0; k < 4; k++) bytes[rng.int(bytes.length)] = rng.int(256);
      }
      try {
        const model = modelFromJson(json, (p) => (p === 'w.bin' ? bytes : undefined), 'loadModel()');
        expect(model).toBeInstanceOf(st.Sequential);
        outcomes.loaded++;
      } catch (e) {
        if (!(e instanceof st.StrataError))
          throw new Error(`case ${i} (kind ${kind}) threw ${String(e)}\n${json.slice(0, 300)}`, { cause: e });
        outcomes.rejected++;
      }
    }
    // both outcomes occur, so the cases are neither all fatal nor all harmless
    expect(outcomes.loaded).toBeGreaterThan(100);
    expect(outcomes.rejected).toBeGreaterThan(1000);
  });
});
