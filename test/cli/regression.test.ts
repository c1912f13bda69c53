import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** y = 3000 + 800·a − 500·b + a little noise: a target in the thousands, as prices and counts are. */
function regressionCsv(rows: number, seed: number): string {
  let s = seed;
  const random = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const lines = ['a,b,y'];
  for (let i = 0; i < rows; i++) {
    const a = 4 * random() - 2;
    const b = 4 * random() - 2;
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${(3000 + 800 * a - 500 * b + 10 * (random() - 0.5)).toFixed(2)}`);
  }
  return lines.join('\n') + '\n';
}

const column = (csv: string, name: string) => {
  const [header, ...rows] = csv.trim().split('\n');
  const j = header.split(',').indexOf(name);
  return rows.map((r) => Number(r.split(',')[j]));
};

describe('regression targets are standardized by default, and predictions come back in their units', () => {
  const data = tmp.file('train.csv', regressionCsv(300, 11));
  const test = tmp.file('test.csv', regressionCsv(100, 23));
  const model = join(tmp.dir, 'model');
  const settings = ['--layers', '16', '--epochs', '60', '--lr', '0.01', '--batch-size', '16'];

  it('trains on the standardized target, saves its mean and std, and scores in the target’s units', async () => {
    const run = await cli('train', '--data', data, '--target', 'y', ...settings, '--out', model);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(
      /^Task: regression on 'y' → linear output \+ meanSquaredError \(target standardized: mean 3\d{3}\.?\d*, std \d+\.?\d*; predictions are in its units\)$/m,
    );
    const meta = JSON.parse(readFileSync(join(model, 'strata-cli.json'), 'utf8'));
    expect(meta.version).toBe(2);
    const y = column(readFileSync(data, 'utf8'), 'y');
    const mean = y.reduce((a, b) => a + b, 0) / y.length;
    const std = Math.sqrt(y.reduce((a, v) => a + (v - mean) ** 2, 0) / y.length);
    expect(meta.targetScaler.mean).toBeCloseTo(mean, 6);
    expect(meta.targetScaler.scale).toBeCloseTo(std, 6);
    const r2 = Number(/R² (-?\d\.\d{3}) on all 300 rows/.exec(run.out)?.[1]);
    expect(r2).toBeGreaterThan(0.95);
  });

  it('predict and evaluate un-scale: predictions near the truth, evaluate’s loss the MSE of predict’s output', async () => {
    const predicted = await cli('predict', '--model', model, '--data', test);
    expect(predicted.code).toBe(0);
    const p = column(predicted.out, 'predicted_y');
    const y = column(readFileSync(test, 'utf8'), 'y');
    const mse = p.reduce((a, v, i) => a + (v - y[i]) ** 2, 0) / y.length;
    const mae = p.reduce((a, v, i) => a + Math.abs(v - y[i]), 0) / y.length;
    // the target's spread is about 1100: an error of a few percent of it means the scale came back
    expect(Math.sqrt(mse)).toBeLessThan(200);
    const evaluated = await cli('evaluate', '--model', model, '--data', test);
    const [, loss, evalMae] = /loss (\d+\.\d{4}), mae (\d+\.\d{4}), R² /.exec(evaluated.out)!.map(Number);
    // predict rounds to six significant digits
    expect(Math.abs(loss - mse) / mse).toBeLessThan(1e-3);
    expect(Math.abs(evalMae - mae) / mae).toBeLessThan(1e-3);
    expect((await cli('summary', '--model', model)).out).toMatch(/^Target scaling: standardized \(mean 3\d+/m);
  });

  it('--no-standardize-target trains on the raw target, and the setting comes from a config file too', async () => {
    const raw = join(tmp.dir, 'raw');
    const run = await cli(
      'train',
      '--data',
      data,
      '--target',
      'y',
      ...settings,
      '--no-standardize-target',
      '--out',
      raw,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(raw, 'strata-cli.json'), 'utf8')).targetScaler).toBeNull();
    const config = tmp.file(
      'c.json',
      JSON.stringify({ data: 'train.csv', target: 'y', epochs: 1, standardizeTarget: false }),
    );
    expect((await cli('train', '--config', config)).out).not.toContain('target standardized');
    expect((await cli('train', '--config', config, '--standardize-target')).out).toContain('target standardized');
  });

  it('warns when the model ends no better than predicting the mean', async () => {
    const run = await cli('train', '--data', data, '--target', 'y', '--layers', '4', '--epochs', '1', '--lr', '1e-6');
    expect(run.code).toBe(0);
    expect(run.err).toMatch(
      /^warning: the model predicts 'y' no better than its mean does \(meanSquaredError [\d.e+]+ vs [\d.e+]+ for always predicting 3\d{3}, R² -?\d+\.\d{3}\)\. Train longer \(--epochs\), try another --lr, or --standardize the features\.\n$/,
    );
  });

  it('reads models saved before target scaling (metadata version 1) as they were', async () => {
    const old = join(tmp.dir, 'old');
    expect(
      (await cli('train', '--data', data, '--target', 'y', ...settings, '--no-standardize-target', '--out', old)).code,
    ).toBe(0);
    const path = join(old, 'strata-cli.json');
    const { targetScaler: _, ...meta } = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...meta, version: 1 }));
    const before = await cli('predict', '--model', old, '--data', test);
    expect(before.code).toBe(0);
    expect(column(before.out, 'predicted_y')).toHaveLength(100);
  });
});
