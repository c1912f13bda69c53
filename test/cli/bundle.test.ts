import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { tempDir } from './cli-helpers.js';
import { loadBundle, METADATA_VERSION, readHistory, saveBundle, type CliMetadata } from '../../src/cli/model-bundle.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const meta = (classes: string[], mean: number): CliMetadata => ({
  format: 'strata-cli',
  version: METADATA_VERSION,
  target: 'colour',
  features: ['width', 'height'],
  task: 'multiclass',
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
  classes,
  scaler: { mean: [mean, mean], scale: [1, 1] },
  targetScaler: null,
});
const model = () => st.sequential({ layers: [st.layers.dense({ units: 3, activation: 'softmax', inputShape: [2] })] });
const history = (n: number) => ({ epoch: [0, 1], history: { loss: [n, n / 2] }, bestEpoch: null, stoppedEpoch: null });

describe('the CLI bundle is one atomic version', () => {
  it('metadata and history travel inside model.json, so stale side files from a killed save are not used', async () => {
    const dir = join(tmp.dir, 'run');
    await saveBundle(dir, model(), meta(['a', 'b', 'c'], 1), history(1));
    const oldMeta = readFileSync(join(dir, 'strata-cli.json'), 'utf8');
    const oldHistory = readFileSync(join(dir, 'history.json'), 'utf8');
    await saveBundle(dir, model(), meta(['blue', 'green', 'red'], 5), history(9));
    // what a kill right after model.json's rename leaves: the new model beside the previous run's side files
    writeFileSync(join(dir, 'strata-cli.json'), oldMeta);
    writeFileSync(join(dir, 'history.json'), oldHistory);
    const { metadata } = await loadBundle(dir);
    expect(metadata?.classes).toEqual(['blue', 'green', 'red']);
    expect(metadata?.scaler?.mean).toEqual([5, 5]);
    expect(readHistory(dir).history.loss).toEqual([9, 4.5]);
  });

  it('a model saved without metadata does not pick up a strata-cli.json left in its folder', async () => {
    const dir = join(tmp.dir, 'export');
    await saveBundle(dir, model(), meta(['a', 'b', 'c'], 1));
    await saveBundle(dir, model());
    expect((await loadBundle(dir)).metadata).toBeUndefined();
  });

  it('models saved before (metadata only in strata-cli.json) still load with it', async () => {
    const dir = join(tmp.dir, 'old');
    await model().save(dir);
    writeFileSync(join(dir, 'strata-cli.json'), JSON.stringify(meta(['x', 'y', 'z'], 0)));
    expect((await loadBundle(dir)).metadata?.classes).toEqual(['x', 'y', 'z']);
  });
});
