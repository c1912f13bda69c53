import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundle } from '../../src/cli/model-bundle.js';
import { cli, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** y = 3000 + 800·a − 500·b (+ a little noise), `rows` rows: a target in the thousands. */
function regressionCsv(rows: number): string {
  let s = 7;
  const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const lines = ['a,b,y'];
  for (let i = 0; i < rows; i++) {
    const a = 4 * random() - 2;
    const b = 4 * random() - 2;
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${(3000 + 800 * a - 500 * b + 10 * (random() - 0.5)).toFixed(2)}`);
  }
  return lines.join('\n') + '\n';
}

describe('what train says about how training ended', () => {
  it('a diverging loss saves the last finite weights, says so, and exits 1 with the error’s line', async () => {
    const data = tmp.file('reg.csv', regressionCsv(64));
    const out = join(tmp.dir, 'diverged');
    const run = await cli(
      'train',
      '--data',
      data,
      '--target',
      'y',
      '--optimizer',
      'sgd',
      '--lr',
      '1e12',
      '--epochs',
      '50',
      '--out',
      out,
    );
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /Training diverged at epoch \d+\/50, batch \d+ \(.+\): kept the last finite weights \(those before that batch\)\./,
    );
    expect(run.out).toContain(`Saved to ${out}/`);
    expect(run.out).not.toContain('Next:');
    expect(run.err).toMatch(
      /^error: fit\(\): epoch \d+\/50, batch \d+\/\d+: expected (a finite loss|finite weights after the update), got .+\. Training diverged; .+\n$/,
    );
    const { model } = await loadBundle(out);
    for (const w of model.getWeights()) expect(w.data.every((v) => Number.isFinite(v))).toBe(true);
    const predicted = await cli('predict', '--model', out, '--data', data);
    expect(predicted.code).toBe(0);
  });

  it('with batch norm too, saves the last finite weights: the moving statistics are restored with the rest', async () => {
    const data = tmp.file('reg-bn.csv', regressionCsv(64));
    const out = join(tmp.dir, 'bn');
    const run = await cli(
      'train',
      '--data',
      data,
      '--target',
      'y',
      '--batch-norm',
      '--optimizer',
      'sgd',
      '--lr',
      '1e5',
      '--out',
      out,
    );
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /Training diverged at epoch \d+\/50, batch \d+ \(.+\): kept the last finite weights \(those before that batch\)\./,
    );
    expect(run.out).toContain(`Saved to ${out}/`);
    const { model } = await loadBundle(out);
    for (const w of model.getWeights()) expect(w.data.every((v) => Number.isFinite(v))).toBe(true);
    expect((await cli('predict', '--model', out, '--data', data)).code).toBe(0);
  });

  it('says when early stopping ended training and which epoch’s weights it kept', async () => {
    // labels that have nothing to do with the features: the validation loss soon stops improving
    let s = 3;
    const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    const rows = Array.from(
      { length: 100 },
      () => `${random().toFixed(3)},${random().toFixed(3)},${random() < 0.5 ? 'x' : 'y'}`,
    );
    const data = tmp.file('noise.csv', ['a,b,label', ...rows].join('\n') + '\n');
    const run = await cli(
      'train',
      '--data',
      data,
      '--target',
      'label',
      '--layers',
      '16',
      '--lr',
      '0.05',
      '--epochs',
      '300',
      '--early-stopping',
      '3',
      '--out',
      join(tmp.dir, 'early'),
    );
    expect(run.code).toBe(0);
    const line =
      /^Early stopping: no val_loss improvement for 3 epochs, so training stopped after epoch (\d+)\/300; kept the weights of epoch (\d+) \(val_loss (\d\.\d{4})\)\.$/m.exec(
        run.out,
      );
    expect(line).not.toBeNull();
    const [stopped, kept] = [Number(line![1]), Number(line![2])];
    expect(stopped - kept).toBe(3);
    const history = JSON.parse(readFileSync(join(tmp.dir, 'early', 'history.json'), 'utf8'));
    expect(history.bestEpoch).toBe(kept - 1);
    expect(history.history.val_loss[kept - 1].toFixed(4)).toBe(line![3]);
    expect(Math.min(...history.history.val_loss).toFixed(4)).toBe(line![3]);
  });

  it('prints long feature lists cut short, in train and summary', async () => {
    const names = Array.from({ length: 784 }, (_, i) => `px${i}`);
    const rows = Array.from({ length: 6 }, (_, r) => [...names.map((_, j) => ((r * j) % 7) / 7), r % 2].join(','));
    const data = tmp.file('wide.csv', [[...names, 'label'].join(','), ...rows].join('\n') + '\n');
    const out = join(tmp.dir, 'wide');
    const run = await cli('train', '--data', data, '--target', 'label', '--layers', '4', '--epochs', '1', '--out', out);
    expect(run.code).toBe(0);
    const expected = 'Features (784): px0, px1, px2, px3, px4, px5, px6, px7, …, px783 (775 more)';
    expect(run.out).toContain(`${expected}\n`);
    expect(Math.max(...run.out.split('\n').map((l) => l.length))).toBeLessThan(200);
    expect((await cli('summary', '--model', out)).out).toContain(`${expected}\n`);
  });
});
