import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { CHUNK_BYTES } from '../../src/cli/csv-table.js';
import { cli, clustersCsv, memoryIo, spawnCli, tempDir } from './cli-helpers.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

/** `rows` rows of the clusters' two features (the model's columns), and an extra text column. */
function manyRows(rows: number): string {
  const lines = ['width,height,note'];
  for (let i = 0; i < rows; i++)
    lines.push(`${((i * 7919) % 4000) / 1000 - 0.5},${((i * 104729) % 4500) / 1000 - 0.5},n${i}`);
  return lines.join('\n') + '\n';
}

describe('strata predict streams: read, predict and write a piece at a time', () => {
  const model = join(tmp.dir, 'model');
  beforeAll(async () => {
    const data = tmp.file('train.csv', clustersCsv(20));
    const trained = await cli(
      'train',
      '--data',
      data,
      '--target',
      'colour',
      '--layers',
      '8',
      '--epochs',
      '3',
      '--out',
      model,
    );
    expect(trained.code).toBe(0);
  });

  it('writes stdout as it goes, in pieces, with the same rows a single pass would give', async () => {
    const rows = 40_000;
    const text = manyRows(rows);
    expect(text.length).toBeGreaterThan(3 * CHUNK_BYTES);
    const file = tmp.file('many.csv', text);
    const io = memoryIo();
    const writes: number[] = [];
    const out = io.out;
    io.out = (t) => {
      writes.push(t.length);
      out(t);
    };
    expect(await runCli(['predict', '--model', model, '--data', file], io)).toBe(0);
    const lines = io.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(rows + 1);
    expect(lines[0]).toBe('width,height,note,predicted_colour,p_blue,p_green,p_red');
    expect(lines.at(-1)).toMatch(new RegExp(`^[-\\d.]+,[-\\d.]+,n${rows - 1},(red|green|blue),`));
    // the whole CSV is several times the piece read at once; no single write holds more than about one piece's rows
    expect(writes.length).toBeGreaterThan(3);
    const total = writes.reduce((a, b) => a + b, 0);
    expect(Math.max(...writes)).toBeLessThan(total / 2);
    // the same predictions, row for row, as for a file small enough to be one piece
    const head = tmp.file('head.csv', text.split('\n').slice(0, 6).join('\n') + '\n');
    const small = await cli('predict', '--model', model, '--data', head);
    expect(small.out.trimEnd().split('\n')).toEqual(lines.slice(0, 6));
  });

  it('waits for stdout to take each piece before reading the next (a pipe to a slow reader)', async () => {
    const file = tmp.file('paced.csv', manyRows(40_000));
    const io = memoryIo();
    const events: string[] = [];
    let pending = 0;
    const out = io.out;
    io.out = (t) => {
      // nothing is written while stdout still holds the previous piece
      expect(pending).toBe(0);
      events.push('write');
      out(t);
    };
    io.drain = () => {
      events.push('drain');
      pending++;
      return new Promise((resolve) =>
        setTimeout(() => {
          pending--;
          resolve();
        }, 5),
      );
    };
    expect(await runCli(['predict', '--model', model, '--data', file], io)).toBe(0);
    expect(events.filter((e) => e === 'drain').length).toBeGreaterThan(2);
    // the header and the first piece's rows, then a wait after each piece
    expect(events.slice(0, 3)).toEqual(['write', 'write', 'drain']);
    expect(io.stdout().trimEnd().split('\n')).toHaveLength(40_001);
  });

  it('predicts a file in a heap far smaller than the file needs when held whole', async () => {
    // 100 000 rows: the version that held the file, its rows and its output at once died at 64 MB of heap
    const file = tmp.file('big.csv', manyRows(100_000));
    const out = join(tmp.dir, 'big-predictions.csv');
    const run = await spawnCli(['predict', '--model', model, '--data', file, '--out', out], undefined, [
      '--max-old-space-size=40',
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toBe(`Wrote 100000 predictions to ${out}.\n`);
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(100_001);
  });

  it('names a bad row by its number in the whole file, and leaves no partial --out file', async () => {
    const rows = manyRows(30_000).split('\n');
    rows[25_001] = '1,oops,x';
    const file = tmp.file('bad.csv', rows.join('\n'));
    const out = join(tmp.dir, 'bad-predictions.csv');
    const run = await cli('predict', '--model', model, '--data', file, '--out', out);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      `error: ${file}: expected a number in feature column 'height', got 'oops' in row 25001 (line 25002). Feature columns must hold numbers: encode categories as numbers, or leave the column out with --features.\n`,
    );
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('bad-predictions'))).toEqual([]);
  });

  it('counts rows skipped for missing values over the whole file', async () => {
    const rows = manyRows(30_000).split('\n');
    rows[3] = '1,,x';
    rows[29_000] = 'NA,1,y';
    const file = tmp.file('gaps.csv', rows.join('\n'));
    const run = await cli('predict', '--model', model, '--data', file, '--drop-missing');
    expect(run.code).toBe(0);
    expect(run.err).toBe('Skipped 2 rows with missing values.\n');
    expect(run.out.trimEnd().split('\n')).toHaveLength(30_000 - 2 + 1);
    const none = tmp.file('none.csv', 'width,height\n1,\n,2\n');
    expect((await cli('predict', '--model', model, '--data', none, '--drop-missing')).err).toBe(
      `error: ${none}: expected at least one row without missing values, got 2 rows, each with a missing value. Fill in the missing values, or leave out --drop-missing to see which rows have them.\n`,
    );
  });
});
