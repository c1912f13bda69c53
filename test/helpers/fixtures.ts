import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
