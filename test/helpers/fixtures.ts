import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as st from 'strata-nn';
import { expect } from 'vitest';

export interface ParityFixture {
  name: string;
  file: string;
  x: number[][];
  y: number[][];
  inputDim: number;
  layers: { units: number; activation: string }[];
  initialWeights: { kernel: number[][]; bias: number[] }[];
  loss: string;
  l2: number;
  optimizer: { name: string; learningRate: number; [key: string]: number | string | boolean };
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  expected: {
    lossPerEpoch: number[];
    finalLoss: number;
    finalAccuracy: number | null;
    finalPredictions: number[][];
    finalWeights: { kernel: number[][]; bias: number[] }[];
  };
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** The shared reference folder beside the checkout; fixtures there take precedence over the vendored copies. */
export const sharedParityDir = join(repoRoot, '..', 'shared', 'parity');
const vendoredDir = join(repoRoot, 'test', 'parity', 'fixtures');

export function loadParityFixtures(): ParityFixture[] {
  const byName = new Map<string, string>();
  for (const dir of [vendoredDir, sharedParityDir]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.json')) byName.set(basename(f, '.json'), join(dir, f));
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, file]) => ({ ...(JSON.parse(readFileSync(file, 'utf8')) as ParityFixture), name, file }));
}

export const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** Float32 rounding compounds along RMSprop and Adam runs, so those fixtures get the README's looser check. */
export const isAdaptive = (f: ParityFixture): boolean => f.optimizer.name === 'rmsprop' || f.optimizer.name === 'adam';

/** The fixture's network with its initial weights, compiled, and its training run's per-epoch losses. */
export async function trainFixture(
  f: ParityFixture,
  dtype: st.DType,
): Promise<{ model: st.Sequential; losses: number[] }> {
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
  const history = await model.fit(f.x, f.y, {
    epochs: f.epochs,
    batchSize: f.batchSize,
    shuffle: f.shuffle,
    verbose: 0,
  });
  return { model, losses: history.history.loss };
}

/** The share of the fixture's examples the model classifies right (threshold 0.5). */
export function accuracyOf(model: st.Sequential, f: ParityFixture): number {
  const p = model.predict(f.x).data;
  const hits = f.y.filter((row, i) => (p[i] > 0.5 ? 1 : 0) === row[0]).length;
  return hits / f.y.length;
}

/** The README's float32 tolerances against the NumPy (float64) loss curve and final accuracy. */
export function expectFloat32Parity(f: ParityFixture, model: st.Sequential, losses: number[]): void {
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
}
