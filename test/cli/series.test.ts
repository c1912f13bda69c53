import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as st from '../../src/index.js';
import { cli, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

// a noisy sine of period 50 (noise std 0.1), rebuilt from noisySine's windows: x[0] then every y
const WINDOW = 20;
const { x, y } = st.datasets.noisySine({ steps: 700, window: WINDOW, horizon: 1, seed: 3 });
const series = [...Array.from(x.data.subarray(0, WINDOW)), ...Array.from(y.data)];
const TRAIN_STEPS = 600;
const seriesCsv = (values: readonly number[], header = 'value') =>
  [header, ...values.map((v) => v.toFixed(6))].join('\n') + '\n';

const forecasts = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',')[1]));

describe('strata train --window on a CSV time series, and predict continuing it', () => {
  const data = tmp.file('sine.csv', seriesCsv(series.slice(0, TRAIN_STEPS)));
  const model = join(tmp.dir, 'forecaster');

  it('builds an LSTM forecaster, splits in time order, and reports it against the naive last-value forecast', async () => {
    const { code, out, err } = await cli(
      'train',
      ...['--data', data, '--target', 'value', '--window', String(WINDOW), '--layers', '32'],
      ...['--epochs', '20', '--out', model],
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(
      "Task: forecast 'value' 1 step ahead from the last 20 → LSTM + linear output + meanSquaredError",
    );
    // 580 windows: the last 116 validate; with horizon 1 no window between the two spans is dropped
    expect(out).toContain(
      'Windows: 464 for training, the last 116 (targets from step 485 on) for validation, split in time order',
    );
    expect(out).toMatch(/lstm_\d+ \(LSTM\) +\(None, 32\) +4,352/);
    const report = /validation span \(116 windows × 1 step\): MAE ([\d.]+), .*naive last value MAE ([\d.]+)/.exec(out);
    expect(report).not.toBeNull();
    expect(Number(report![1])).toBeLessThan(Number(report![2]));
  }, 120_000);

  it('saves a version 4 bundle whose scaler comes from the training span only', () => {
    const meta = JSON.parse(readFileSync(join(model, 'strata-cli.json'), 'utf8'));
    expect(meta).toMatchObject({
      version: 4,
      target: 'value',
      features: ['value'],
      series: { window: 20, horizon: 1 },
    });
    // the validation targets start at step 485 (index 484): statistics of steps before it, none after
    const span = series.slice(0, 484).map((v) => Number(v.toFixed(6)));
    const mean = span.reduce((a, b) => a + b, 0) / span.length;
    const std = Math.sqrt(span.reduce((a, v) => a + (v - mean) ** 2, 0) / span.length);
    expect(meta.scaler.mean[0]).toBeCloseTo(mean, 10);
    expect(meta.scaler.scale[0]).toBeCloseTo(std, 10);
    expect(meta.targetScaler).toEqual({ mean: meta.scaler.mean[0], scale: meta.scaler.scale[0] });
  });

  it('says what the forecaster takes in strata summary', async () => {
    const { out } = await cli('summary', '--model', model);
    expect(out).toContain("Series: forecasts the next 1 of 'value' from the last 20 rows");
  });

  it('beats the naive forecast one step ahead on the 100 steps it never saw', async () => {
    let model1 = 0;
    let naive = 0;
    const cuts = Array.from({ length: 20 }, (_, i) => TRAIN_STEPS + 5 * i);
    for (const t of cuts) {
      const file = tmp.file(`upto-${t}.csv`, seriesCsv(series.slice(0, t)));
      const { code, out } = await cli('predict', '--model', model, '--data', file);
      expect(code).toBe(0);
      const [forecast] = forecasts(out);
      model1 += Math.abs(forecast - series[t]);
      naive += Math.abs(series[t - 1] - series[t]);
    }
    expect(model1 / cuts.length).toBeLessThan(naive / cuts.length);
  }, 60_000);

  it('continues the series past one horizon by feeding its own forecasts back', async () => {
    const { code, out, err } = await cli('predict', '--model', model, '--data', data, '--steps', '30');
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('step,predicted_value');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const ahead = forecasts(out);
    const one = forecasts((await cli('predict', '--model', model, '--data', data)).out);
    expect(one).toEqual([ahead[0]]);
    // 30 steps (over half a period) ahead: closer to the noise-free sine than holding the last value is
    const truth = ahead.map((_, i) => Math.sin((2 * Math.PI * (TRAIN_STEPS + i)) / 50));
    const err30 = ahead.reduce((a, v, i) => a + Math.abs(v - truth[i]), 0) / 30;
    const hold = truth.reduce((a, v) => a + Math.abs(series[TRAIN_STEPS - 1] - v), 0) / 30;
    expect(err30).toBeLessThan(hold / 2);
  });

  it('writes the forecasts to --out', async () => {
    const file = join(tmp.dir, 'next.csv');
    const { code, out } = await cli('predict', '--model', model, '--data', data, '--steps', '3', '--out', file);
    expect(code).toBe(0);
    expect(out).toContain(`Wrote 3 forecasts of 'value' past the end of ${data} to ${file}`);
    expect(forecasts(readFileSync(file, 'utf8'))).toHaveLength(3);
  });

  it('refuses a forecaster where table rows are expected, and --steps for a model of table rows', async () => {
    const evaluated = await cli('evaluate', '--model', model, '--data', data);
    expect(evaluated.code).toBe(1);
    expect(evaluated.err).toContain('expected a model of table rows, not a forecaster, got a series model (window 20');
    const rowsModel = join(tmp.dir, 'rows-model');
    const table = tmp.file('table.csv', 'a,b\n' + Array.from({ length: 40 }, (_, i) => `${i},${2 * i}`).join('\n'));
    expect((await cli('train', '--data', table, '--target', 'b', '--epochs', '1', '--out', rowsModel)).code).toBe(0);
    const { code, err } = await cli('predict', '--model', rowsModel, '--data', table, '--steps', '5');
    expect(code).toBe(1);
    expect(err).toContain('error: --steps: expected a series model (trained with --window) to continue a series');
  });
});

describe('strata train --window with --horizon and extra features', () => {
  it('forecasts several steps at once from the series and an extra column; --steps stays within the horizon', async () => {
    const rows = series.slice(0, 300).map((v, t) => `${v.toFixed(5)},${Math.cos((2 * Math.PI * t) / 50).toFixed(5)}`);
    const data = tmp.file('two.csv', ['value,phase', ...rows].join('\n'));
    const model = join(tmp.dir, 'horizon-model');
    const trained = await cli(
      'train',
      ...['--data', data, '--target', 'value', '--features', 'phase', '--window', '10', '--horizon', '3'],
      ...['--layers', '16,8', '--epochs', '3', '--out', model],
    );
    expect(trained.err.replace(/^warning: the forecaster.*\n/m, '')).toBe('');
    expect(trained.code).toBe(0);
    expect(trained.out).toContain("Task: forecast 'value' 3 steps ahead from the last 10, with phase as inputs");
    expect(trained.out).toMatch(/validation span \(\d+ windows × 3 steps\)/);
    expect(trained.out).toMatch(/dense_\d+ \(Dense\) +\(None, 8\)/);
    const three = await cli('predict', '--model', model, '--data', data, '--steps', '3');
    expect(forecasts(three.out)).toHaveLength(3);
    const four = await cli('predict', '--model', model, '--data', data, '--steps', '4');
    expect(four.code).toBe(1);
    expect(four.err).toContain("expected at most the model's horizon, 3, for a model with extra input columns (phase)");
  }, 60_000);
});

describe('strata train --window: typed errors', () => {
  it('names a window longer than the series', async () => {
    const data = tmp.file('short.csv', seriesCsv(series.slice(0, 30)));
    const { code, err } = await cli('train', '--data', data, '--target', 'value', '--window', '30');
    expect(code).toBe(1);
    expect(err).toBe(
      `error: ${data}: expected a series of at least --window + --horizon = 31 steps, got 30 steps. Use a shorter --window or --horizon, or a longer series.\n`,
    );
  });

  it('names the file, row, line and column of a value that is not a number, or missing', async () => {
    const values = series.slice(0, 40).map((v) => v.toFixed(3));
    values[17] = 'n/a';
    const data = tmp.file('gap.csv', ['value', ...values].join('\n'));
    const { code, err } = await cli('train', '--data', data, '--target', 'value', '--window', '5');
    expect(code).toBe(1);
    expect(err).toContain(
      `error: ${data}: expected a number at every step of the series column 'value', got 'n/a' in row 18 (line 19), column 'value'.`,
    );
    const rows = series.slice(0, 40).map((v, i) => `${v.toFixed(3)},${i === 25 ? '' : i}`);
    const empty = tmp.file('empty-cell.csv', ['value,t', ...rows].join('\n'));
    const missing = await cli('train', '--data', empty, '--target', 'value', '--features', 't', '--window', '5');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("got an empty cell in row 26 (line 27), column 't'");
    expect(missing.err).toContain('or leave the column out of --features');
  });

  it('refuses a network without an LSTM, a classification loss, and --stream', async () => {
    const data = tmp.file('ok.csv', seriesCsv(series.slice(0, 60)));
    const base = ['train', '--data', data, '--target', 'value', '--window', '5'];
    const none = await cli(...base, '--layers', 'none');
    expect(none.err).toContain(
      "error: --layers: expected at least one size with --window (the first is the LSTM's units",
    );
    const loss = await cli(...base, '--loss', 'binaryCrossentropy');
    expect(loss.err).toContain('error: --loss: expected a regression loss for a forecaster');
    const stream = await cli(...base, '--stream');
    expect(stream.code).toBe(2);
    expect(stream.err).toContain('expected --window without --stream, got both');
    const alone = await cli('train', '--data', data, '--target', 'value', '--horizon', '3');
    expect(alone.code).toBe(2);
    expect(alone.err).toContain(
      'expected --window N with --horizon (the steps each forecast sees), got --horizon 3 alone',
    );
  });
});
