import { closeSync, openSync, readFileSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { streams, STREAM_MIN_BYTES } from '../../src/cli/commands/train-stream.js';
import { runCli } from '../../src/cli/run-cli.js';
import { resolveTrainSettings, type CsvTrainSettings } from '../../src/cli/train-settings.js';
import { cli, clustersCsv, memoryIo, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** y = 3a − 2b + 0.5c + 10 plus uniform noise in ±0.1 (std 0.058), from a seeded generator. */
function linearCsv(rows: number, seed: number): string {
  let s = seed;
  const r = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
  const lines = ['a,b,c,y'];
  for (let i = 0; i < rows; i++) {
    const [a, b, c] = [r() * 4 - 2, r() * 4 - 2, r() * 10];
    const y = 3 * a - 2 * b + 0.5 * c + 10 + (r() - 0.5) * 0.2;
    lines.push([a, b, c, y].map((v) => v.toFixed(4)).join(','));
  }
  return lines.join('\n') + '\n';
}

const column = (csv: string, name: string) => {
  const [header, ...rows] = csv.trim().split('\n');
  const j = header.split(',').indexOf(name);
  return rows.map((row) => Number(row.split(',')[j]));
};

describe('strata train --stream', () => {
  const data = tmp.file('linear.csv', linearCsv(2000, 7));
  const test = tmp.file('linear-test.csv', linearCsv(200, 99));
  const common = ['--target', 'y', '--layers', 'none', '--standardize', '--validation-split', '0'];
  const common2 = ['--epochs', '15', '--lr', '0.05', '--seed', '3'];

  it('trains a model that predicts as the in-memory path does (same seed, same settings)', async () => {
    const streamed = join(tmp.dir, 'streamed');
    const loaded = join(tmp.dir, 'loaded');
    const s = await cli('train', '--data', data, ...common, ...common2, '--stream', '--out', streamed);
    expect(s.err).toBe('');
    expect(s.code).toBe(0);
    expect(s.out).toContain(`Scanned ${data}: 2,000 rows (0.1 MB)`);
    const m = await cli('train', '--data', data, ...common, ...common2, '--out', loaded);
    expect(m.code).toBe(0);
    expect(m.out).not.toContain('Scanned');
    // the same task line, scaler and target scaler: both read them off all 2,000 rows
    const task = (out: string) => /^Task: .*$/m.exec(out)?.[0];
    expect(task(s.out)).toBe(task(m.out));
    const metaS = JSON.parse(readFileSync(join(streamed, 'strata-cli.json'), 'utf8'));
    const metaM = JSON.parse(readFileSync(join(loaded, 'strata-cli.json'), 'utf8'));
    metaS.scaler.mean.forEach((v: number, j: number) => expect(v).toBeCloseTo(metaM.scaler.mean[j], 10));
    metaS.scaler.scale.forEach((v: number, j: number) => expect(v).toBeCloseTo(metaM.scaler.scale[j], 10));
    expect(metaS.targetScaler.mean).toBeCloseTo(metaM.targetScaler.mean, 10);
    expect(metaS.targetScaler.scale).toBeCloseTo(metaM.targetScaler.scale, 10);
    // The two runs see the rows in different orders (a bounded shuffle window against a full shuffle), so their
    // weights differ by the optimizer's noise around the one least-squares optimum: measured 0.03 at most here.
    // 0.1 is 2% of the target's std (4.45) and under 2× the label noise's std; a wrong scaler, target scaling or
    // column order would be off by whole units.
    const pS = column((await cli('predict', '--model', streamed, '--data', test)).out, 'predicted_y');
    const pM = column((await cli('predict', '--model', loaded, '--data', test)).out, 'predicted_y');
    expect(pS).toHaveLength(200);
    const diff = Math.max(...pS.map((v, i) => Math.abs(v - pM[i])));
    expect(diff).toBeLessThan(0.1);
    const evaluated = await cli('evaluate', '--model', streamed, '--data', test);
    expect(evaluated.code).toBe(0);
    expect(Number(/R² ([\d.]+)/.exec(evaluated.out)?.[1])).toBeGreaterThan(0.999);
  }, 120_000);

  it('holds out the tail for validation, with early stopping, and prints a line per epoch by rows and bytes', async () => {
    const { code, out } = await cli(
      'train',
      ...['--data', data, '--target', 'y', '--layers', '8', '--standardize', '--epochs', '4'],
      ...['--early-stopping', '2', '--stream'],
    );
    expect(code).toBe(0);
    expect(out).toContain('Rows: 2000, the last 400 held out for validation');
    const epochs = out.match(
      /^Epoch \d\/4: 1,600 rows \([\d.]+ MB\) in [\d.]+s.* - loss: [\d.]+ - mae: [\d.]+ - val_loss: [\d.]+ - val_mae: [\d.]+$/gm,
    );
    expect(epochs?.length).toBeGreaterThanOrEqual(3);
    expect(out).toMatch(/Early stopping (did not end training|: no val_loss improvement)/);
    expect(out).toMatch(/Final: loss [\d.]+, mae [\d.]+, R² [\d.]+ on all 2000 rows; val_loss [\d.]+, val_mae [\d.]+/);
  }, 60_000);

  it("validates on exactly the file's last rows, also past the first 256 KB piece", async () => {
    const text = linearCsv(12_000, 5);
    const long = tmp.file('long-linear.csv', text);
    const lines = text.trim().split('\n');
    const tailFile = tmp.file('long-tail.csv', [lines[0], ...lines.slice(1 + 9_600)].join('\n'));
    const model = join(tmp.dir, 'long-model');
    const { code, out } = await cli(
      'train',
      ...['--data', long, '--target', 'y', '--layers', '4', '--standardize', '--epochs', '1', '--stream'],
      ...['--out', model],
    );
    expect(code).toBe(0);
    expect(out).toContain('Rows: 12000, the last 2400 held out for validation');
    const validated = Number(/; val_loss ([\d.]+)/.exec(out)?.[1]);
    const evaluated = await cli('evaluate', '--model', model, '--data', tailFile);
    expect(evaluated.out).toContain('(2400 rows)');
    // the same weights on the same 2,400 rows: the same loss to the 4 decimals printed (float32 sums aside)
    expect(Number(/loss ([\d.]+)/.exec(evaluated.out)?.[1])).toBeCloseTo(validated, 3);
  }, 60_000);

  it('redraws the progress by share of bytes and rows on a terminal', async () => {
    const io = memoryIo(true, 120);
    const code = await runCli(['train', '--data', data, ...common, '--epochs', '2', '--stream'], io);
    expect(code).toBe(0);
    // the erase-to-end-of-line code, written out so the patterns stay plain text
    const out = io.stdout().replaceAll('\x1b[K', '<EL>');
    expect(out).toMatch(/\rEpoch 1\/2 \d+% \([\d.]+ MB of [\d.]+ MB, [\d,]+ rows, [\d.]+s\) - loss: [\d.]+<EL>/);
    expect(out).toMatch(/\rEpoch 2\/2: 2,000 rows \([\d.]+ MB\) in [\d.]+s.*<EL>\n/);
  }, 60_000);

  it('detects classes as the in-memory path does, validates on --validation FILE, and saves a bundle predict reads', async () => {
    const train = tmp.file('clusters.csv', clustersCsv(60, 1));
    const valid = tmp.file('clusters-valid.csv', clustersCsv(10, 5));
    const model = join(tmp.dir, 'clusters');
    const { code, out } = await cli(
      'train',
      ...['--data', train, '--target', 'colour', '--validation', valid, '--layers', '16', '--standardize'],
      ...['--epochs', '30', '--lr', '0.02', '--batch-size', '16', '--out', model],
    );
    expect(code).toBe(0);
    expect(out).toContain(
      "Task: 3-class classification of 'colour' ('blue', 'green', 'red') → softmax output + sparseCategoricalCrossentropy",
    );
    expect(out).toContain(`Rows: 180; 30 rows of ${valid} for validation`);
    expect(Number(/val_accuracy ([\d.]+)%/.exec(out)?.[1])).toBeGreaterThan(90);
    const predicted = await cli('predict', '--model', model, '--data', valid);
    expect(predicted.code).toBe(0);
    const lines = predicted.out.trim().split('\n');
    expect(lines[0]).toBe('width,height,colour,predicted_colour,p_blue,p_green,p_red');
    const right = lines.slice(1).filter((l) => l.split(',')[2] === l.split(',')[3]).length;
    expect(right / 30).toBeGreaterThan(0.9);
  }, 60_000);
});

describe('strata train --stream: errors name the file, row, line and column', () => {
  it('a text cell in a feature column, found in the first pass before any training', async () => {
    const lines = linearCsv(300, 1).split('\n');
    lines[250] = lines[250].replace(/^[^,]+/, 'oops');
    const data = tmp.file('bad.csv', lines.join('\n'));
    const { code, out, err } = await cli('train', '--data', data, '--target', 'y', '--stream');
    expect(code).toBe(1);
    expect(err).toBe(
      `error: ${data}: expected a number in feature column 'a', got 'oops' in row 250 (line 251). Feature columns must hold numbers: encode categories as numbers, or leave the column out with --features.\n`,
    );
    expect(out).not.toContain('Epoch');
  });

  it("a bad cell past the first 256 KB piece of the file, counted from the file's first row", async () => {
    const lines = linearCsv(12_000, 4).split('\n');
    lines[11_000] = lines[11_000].replace(/,[^,]+,([^,]+)$/, ',1e,$1');
    const data = tmp.file('long.csv', lines.join('\n'));
    const { code, err } = await cli('train', '--data', data, '--target', 'y', '--stream');
    expect(code).toBe(1);
    expect(err).toContain(
      `error: ${data}: expected a number in feature column 'c', got '1e' in row 11000 (line 11001).`,
    );
  });

  it('a missing value, and a class of the validation file that the training file lacks', async () => {
    const lines = linearCsv(100, 2).split('\n');
    lines[40] = lines[40].replace(/,[^,]+$/, ',NA');
    const data = tmp.file('missing.csv', lines.join('\n'));
    const missing = await cli('train', '--data', data, '--target', 'y', '--stream');
    expect(missing.err).toContain("got 'NA' in row 40 (line 41), column 'y'");
    const dropped = await cli('train', '--data', data, '--target', 'y', '--stream', '--drop-missing', '--epochs', '1');
    expect(dropped.code).toBe(0);
    expect(dropped.out).toContain('Skipped 1 of 100 rows with missing values.');
    const train = tmp.file(
      'two-classes.csv',
      'x,label\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 2 ? 'a' : 'b'}`).join('\n'),
    );
    const valid = tmp.file('three-classes.csv', 'x,label\n1,a\n2,b\n3,c\n');
    const unknown = await cli('train', '--data', train, '--target', 'label', '--validation', valid, '--epochs', '1');
    expect(unknown.code).toBe(1);
    expect(unknown.out).not.toContain('Epoch');
    expect(unknown.err).toContain(
      `error: ${valid}: expected one of the classes the model knows ('a', 'b') in the target column, got 'c' in row 3 (line 4).`,
    );
  });
});

describe('when strata train streams', () => {
  const settings = (data: string, flags: Record<string, unknown> = {}) =>
    resolveTrainSettings({ data, target: 'y', ...flags }) as CsvTrainSettings;

  it(`streams files of ${STREAM_MIN_BYTES >> 20} MB or more, --stream and --validation; loads smaller ones`, () => {
    // sparse files: the size without the disk space
    const sized = (name: string, bytes: number) => {
      const path = tmp.file(name, '');
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, bytes);
      closeSync(fd);
      return path;
    };
    expect(streams(settings(sized('big.csv', STREAM_MIN_BYTES)))).toBe(true);
    const small = sized('small.csv', STREAM_MIN_BYTES - 1);
    expect(streams(settings(small))).toBe(false);
    expect(streams(settings(small, { stream: true }))).toBe(true);
    expect(streams(settings(small, { validation: 'v.csv' }))).toBe(true);
    expect(streams(settings(join(tmp.dir, 'absent.csv')))).toBe(false);
  });

  it('says so in --help', async () => {
    const { out } = await cli('train', '--help');
    expect(out).toContain('--stream');
    expect(out).toContain('automatic from 256 MB');
    expect(out).toContain('--validation <file>');
    expect(out).toContain('--window <steps>');
  });
});
