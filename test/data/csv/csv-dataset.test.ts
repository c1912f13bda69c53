import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as st from 'strata-nn';
import { CsvRecords } from '../../../src/data/csv/csv-records.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const collect = async (ds: AsyncIterable<{ x: st.Tensor; y: st.Tensor }>) => {
  const out: { x: number[][]; y: number[][] }[] = [];
  for await (const b of ds) out.push({ x: b.x.toArray() as number[][], y: b.y.toArray() as number[][] });
  return out;
};

describe('CsvRecords: a streaming RFC 4180 reader', () => {
  const text = 'a,b,c\r\n1,"x, y",3\n\n"say ""hi""","two\nlines",6\n7,8,9';
  const whole = () => {
    const r = new CsvRecords();
    return [...r.push(text), ...r.finish()];
  };

  it('reads quoted delimiters, doubled quotes, newlines in quotes, CRLF, and skips blank lines', () => {
    expect(whole()).toEqual([
      { cells: ['a', 'b', 'c'], line: 1 },
      { cells: ['1', 'x, y', '3'], line: 2 },
      { cells: ['say "hi"', 'two\nlines', '6'], line: 4 },
      { cells: ['7', '8', '9'], line: 6 },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    for (let size = 1; size <= 7; size++) {
      const r = new CsvRecords();
      const records = [];
      for (let i = 0; i < text.length; i += size) records.push(...r.push(text.slice(i, i + size)));
      records.push(...r.finish());
      expect(records).toEqual(whole());
    }
  });
});

describe('data.csvDataset', () => {
  const rows = Array.from({ length: 10 }, (_, i) => [i, i * 2, i % 3, i % 2]);
  const csv = 'a,b,c,label\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
  const path = file('table.csv', csv);

  it('streams [features, target] batches from a file path, the last one short', async () => {
    const batches = await collect(st.data.csvDataset(path, { batchSize: 4 }));
    expect(batches.map((b) => b.x.length)).toEqual([4, 4, 2]);
    expect(batches[0].x[1]).toEqual([1, 2, 1]);
    expect(batches.flatMap((b) => b.y.map((r) => r[0]))).toEqual(rows.map((r) => r[3]));
  });

  it('takes the target and features by name or index', async () => {
    const [first] = await collect(st.data.csvDataset(path, { target: 'b', features: ['c', 'a'], batchSize: 3 }));
    expect(first.x).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(first.y).toEqual([[0], [2], [4]]);
    const [byIndex] = await collect(st.data.csvDataset(path, { target: 0, batchSize: 2 }));
    expect(byIndex.x[1]).toEqual([2, 1, 1]);
  });

  it('shuffles within its buffer: every row once per pass, seeded, a new order each pass', async () => {
    const ds = st.data.csvDataset(path, { batchSize: 3, shuffleBuffer: 4, seed: 5, target: 'a' });
    const pass = async () => (await collect(ds)).flatMap((b) => b.y.map((r) => r[0]));
    const first = await pass();
    const second = await pass();
    expect([...first].sort((p, q) => p - q)).toEqual(rows.map((r) => r[0]));
    expect(first).not.toEqual(rows.map((r) => r[0]));
    expect(second).not.toEqual(first);
    const again = st.data.csvDataset(path, { batchSize: 3, shuffleBuffer: 4, seed: 5, target: 'a' });
    expect((await collect(again)).flatMap((b) => b.y.map((r) => r[0]))).toEqual(first);
  });

  it('standardizes with statistics from a first pass, equal to StandardScaler on all rows', async () => {
    const ds = st.data.csvDataset(path, { standardize: true, batchSize: 10, dtype: 'float64' });
    const scaler = await ds.scaler();
    const reference = new st.StandardScaler().fit(rows.map((r) => r.slice(0, 3)));
    expect(scaler.features).toEqual(['a', 'b', 'c']);
    scaler.mean.forEach((m, j) => expect(m).toBeCloseTo(reference.mean![j], 12));
    scaler.scale.forEach((s, j) => expect(s).toBeCloseTo(reference.scale![j], 12));
    const [batch] = await collect(ds);
    const expected = reference
      .transform(
        st.tensor(
          rows.map((r) => r.slice(0, 3)),
          undefined,
          'float64',
        ),
      )
      .toArray() as number[][];
    batch.x.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 10)));
  });

  it('trains through fitDataset exactly as fit on the same rows in file order', async () => {
    const make = () => {
      st.setSeed(4);
      const m = st.sequential({ layers: [st.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [3] })] });
      m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
      return m;
    };
    const a = make();
    await a.fit(
      rows.map((r) => r.slice(0, 3)),
      rows.map((r) => r[3]),
      { epochs: 3, batchSize: 4, shuffle: false, verbose: 0 },
    );
    const b = make();
    await b.fitDataset(st.data.csvDataset(path, { batchSize: 4 }), { epochs: 3, verbose: 0 });
    expect(b.getWeights().map((w) => w.toArray())).toEqual(a.getWeights().map((w) => w.toArray()));
  });

  it('reads a Blob, and a function returning a stream, opened again each pass', async () => {
    const fromBlob = await collect(st.data.csvDataset(new Blob([csv]), { batchSize: 5 }));
    let opened = 0;
    const ds = st.data.csvDataset(
      () => {
        opened++;
        return new Blob([csv]).stream();
      },
      { batchSize: 5 },
    );
    expect(await collect(ds)).toEqual(fromBlob);
    expect(await collect(ds)).toEqual(fromBlob);
    expect(opened).toBe(2);
  });

  it('names the file, line and column of a bad cell, and says how to fix it', async () => {
    const bad = file('bad.csv', 'a,b\n1,2\n3,oops\n');
    await expect(collect(st.data.csvDataset(bad))).rejects.toThrow(
      /csvDataset\(\): .*bad\.csv, line 3, column 'b': expected a finite number, got "oops"\. Fill or drop/,
    );
    const short = file('short.csv', 'a,b,c\n1,2,3\n4,5\n');
    await expect(collect(st.data.csvDataset(short))).rejects.toThrow(
      /short\.csv, line 3: expected 3 cells, as the header has, got 2/,
    );
    const quote = file('quote.csv', 'a,b\n1,"2\n');
    await expect(collect(st.data.csvDataset(quote))).rejects.toThrow(/a quote still open at the end of the file/);
    const empty = file('empty.csv', 'a,b\n');
    await expect(collect(st.data.csvDataset(empty))).rejects.toThrow(
      /expected a header line and at least one row of data/,
    );
  });

  it('refuses unknown columns, files and options with the fix', async () => {
    await expect(collect(st.data.csvDataset(path, { target: 'lable' }))).rejects.toThrow(
      /expected target among the columns a, b, c, label, got "lable"\. Did you mean 'label'\?/,
    );
    await expect(collect(st.data.csvDataset(path, { features: ['a', 'label'], target: 'label' }))).rejects.toThrow(
      /expected features that leave out the target/,
    );
    await expect(collect(st.data.csvDataset(join(dir, 'missing.csv')))).rejects.toThrow(
      /expected a readable CSV file, got .*missing\.csv \(no such file\)/,
    );
    mkdirSync(join(dir, 'folder.csv'));
    await expect(collect(st.data.csvDataset(join(dir, 'folder.csv')))).rejects.toThrow(/not a regular file/);
    expect(() => st.data.csvDataset(path, { batchsize: 4 } as never)).toThrow(/Did you mean 'batchSize'/);
    expect(() => st.data.csvDataset(42 as never)).toThrow(st.ConfigError);
    expect(() => st.data.csvDataset(path, { delimiter: '"' })).toThrow(/delimiter as one character/);
  });
});
