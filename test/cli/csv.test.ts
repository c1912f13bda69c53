import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, readCsv, readCsvChunks, type CsvTable } from '../../src/cli/csv-table.js';
import { readProgress } from '../../src/cli/read-progress.js';
import { tableData } from '../../src/cli/table-data.js';
import { tempDir } from './cli-helpers.js';

const read = (text: string) => parseCsv(text, 'data.csv');
const features = (text: string, options: { dropMissing?: boolean; target?: string } = {}) =>
  tableData(read(text), { features: ['a', 'b'], target: options.target ?? 'label', dropMissing: options.dropMissing });

describe('CSV files', () => {
  it('reads a header and trimmed cells, skips blank lines and keeps each row’s line number', () => {
    const table = read('a, b ,label\r\n1,2,x\r\n\r\n"3",4, y\r\n');
    expect(table.columns).toEqual(['a', 'b', 'label']);
    expect(table.rows).toEqual([
      ['1', '2', 'x'],
      ['3', '4', 'y'],
    ]);
    expect(table.lines).toEqual([2, 4]);
  });

  it('takes the delimiter from the header: semicolons, tabs', () => {
    expect(read('a;b\n1;2\n').columns).toEqual(['a', 'b']);
    expect(read('a\tb\n1\t2\n').rows).toEqual([['1', '2']]);
  });

  it('numbers the lines of rows after a quoted field spanning lines', () => {
    const table = read('a,b,label\n1,2,"two\nlines"\n3,x,y\n');
    expect(table.lines).toEqual([2, 4]);
    expect(() => features('a,b,label\n1,2,"two\nlines"\n3,x,y\n')).toThrow("'x' in row 2 (line 4)");
  });

  it('pins the error messages', () => {
    expect(() => read('')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected a header row and data rows, got an empty file. The first line names the columns, e.g. x1,x2,label.]`,
    );
    expect(() => read('\n\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected a header row and data rows, got an empty file. The first line names the columns, e.g. x1,x2,label.]`,
    );
    expect(() => read('a,b,label\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected data rows after the header, got only a header row. Add the data rows below the header, one example per line.]`,
    );
    expect(() => read('a,b,label\n1,2,x\n3,4\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected 3 fields per row (as in the header on line 1), got 2 at line 3. Fix that line, or quote fields that contain the delimiter.]`,
    );
    expect(() => read('a,b,label\n1,2,x,9\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected 3 fields per row (as in the header on line 1), got 4 at line 2. Fix that line, or quote fields that contain the delimiter.]`,
    );
    expect(() => read('a,,label\n1,2,x\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected a name for every column in the header (line 1), got an empty name for column 2. CSV files need a header row naming each column.]`,
    );
    expect(() => read('a,a,label\n1,2,x\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected distinct column names in the header, got 'a' twice. Rename one of the two columns in the header row.]`,
    );
    expect(() => read('a,b,label\n1,2,"x\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected valid CSV, got an unterminated quoted field at line 2. Close the quoted field, or escape a quote inside it as "".]`,
    );
    expect(() => features('a,b,label\n1,2,x\n', { target: 'Label' })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected a target column 'Label', got the columns 'a', 'b', 'label'. Did you mean 'label'?]`,
    );
    expect(() => features('a,b,label\n1,2,x\n1,two,y\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected a number in feature column 'b', got 'two' in row 2 (line 3). Feature columns must hold numbers: encode categories as numbers, or leave the column out with --features.]`,
    );
    expect(() => features('a,b,label\n1,2,x\n1,,y\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected a value in every cell of the columns used, got an empty cell in row 2 (line 3), column 'b'. Fill it in, or pass --drop-missing to skip rows with missing values.]`,
    );
    expect(() => features('a,b,label\n1,2,NA\n')).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected a value in every cell of the columns used, got 'NA' in row 1 (line 2), column 'label'. Fill it in, or pass --drop-missing to skip rows with missing values.]`,
    );
    expect(() => features('a,b,label\n1,,x\n', { dropMissing: true })).toThrowErrorMatchingInlineSnapshot(
      `[DataError: data.csv: expected at least one row without missing values, got one row, with a missing value. Fill in the missing values, or leave out --drop-missing to see which rows have them.]`,
    );
    expect(() => readCsv('no/such/file.csv')).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: no/such/file.csv: expected a readable CSV file, got no such file. Check the path.]`,
    );
  });

  it('skips rows with missing values with dropMissing, and reads plain decimal numbers only', () => {
    const data = features('a,b,label\n1,2,x\n1,,y\n?,3,z\n1e3,-.5,w\n', { dropMissing: true });
    expect(data.x).toEqual([
      [1, 2],
      [1000, -0.5],
    ]);
    expect(data.targets).toEqual(['x', 'w']);
    expect(data.kept).toEqual([0, 3]);
    expect(data.dropped).toBe(2);
    expect(() => features('a,b,label\n0x1f,2,x\n')).toThrow("'0x1f'");
    expect(() => features('a,b,label\nInfinity,2,x\n')).toThrow("'Infinity'");
  });
});

describe('CSV files read in pieces', () => {
  const tmp = tempDir();
  const tricky =
    '\uFEFFname;size;note\r\n' +
    'café;1;"two\nlines; with a ; inside"\r\n' +
    '\r\n' +
    'naïve 😀;2;"a ""quoted"" word"\r\n' +
    'plain;3;x\r\n' +
    'last;4;"ends\n\nhere"';
  const path = tmp.file('tricky.csv', tricky);

  it('gives the rows, lines and row numbers of a single pass, whatever the piece size', () => {
    const whole = parseCsv(tricky.replace(/^\uFEFF/, ''), path);
    for (const chunkBytes of [1, 2, 3, 5, 8, 13, 64, 1 << 16]) {
      const pieces: CsvTable[] = [];
      const summary = readCsvChunks(path, (t) => pieces.push(t), { chunkBytes });
      expect(summary.columns).toEqual(['name', 'size', 'note']);
      expect(summary.rows).toBe(4);
      expect(pieces.flatMap((t) => t.rows)).toEqual(whole.rows);
      expect(pieces.flatMap((t) => t.lines)).toEqual(whole.lines);
      // each piece says where it starts among the file's rows
      let next = 0;
      for (const t of pieces) {
        expect(t.firstRow).toBe(next);
        next += t.rows.length;
      }
    }
    tmp.remove();
  });

  it('fails on the same problems with the same messages', () => {
    const dir = tempDir();
    const cases: [string, string][] = [
      ['', 'expected a header row and data rows, got an empty file'],
      ['a,b\n', 'expected data rows after the header, got only a header row'],
      ['a,b\n1,2\n3\n', 'expected 2 fields per row (as in the header on line 1), got 1 at line 3'],
      ['a,b\n1,2\n3,"4\n', 'expected valid CSV, got an unterminated quoted field at line 3'],
    ];
    for (const [text, message] of cases) {
      const file = join(dir.dir, 'case.csv');
      writeFileSync(file, text);
      expect(() => readCsvChunks(file, () => {}, { chunkBytes: 2 })).toThrow(`${file}: ${message}`);
      expect(() => parseCsv(text, file)).toThrow(`${file}: ${message}`);
    }
    expect(() => readCsv(dir.dir)).toThrow(
      `${dir.dir}: expected a readable CSV file, got a directory. Check the path.`,
    );
    dir.remove();
  });

  it('reports progress on big files: redrawn on a terminal, a line per quarter in a log', () => {
    let clock = 0;
    const now = () => clock;
    const log: string[] = [];
    const onLog = readProgress({ write: (t) => log.push(t), isTTY: false }, 'big.csv', { minBytes: 100, now });
    for (const read of [10, 20, 30, 60, 80, 100, 100]) {
      clock += 500;
      onLog(read * 1e6, 100e6);
    }
    expect(log).toEqual([
      'Reading big.csv: 10% (10 MB of 100 MB, 0.5s)\n',
      'Reading big.csv: 30% (30 MB of 100 MB, 1.5s)\n',
      'Reading big.csv: 60% (60 MB of 100 MB, 2.0s)\n',
      'Reading big.csv: 80% (80 MB of 100 MB, 2.5s)\n',
      'Read big.csv: 100 MB in 3.0s\n',
    ]);
    const screen: string[] = [];
    clock = 0;
    const onScreen = readProgress({ write: (t) => screen.push(t), isTTY: true }, 'big.csv', { minBytes: 100, now });
    for (const [t, read] of [
      [100, 10],
      [150, 20],
      [400, 50],
      [450, 100],
    ]) {
      clock = t;
      onScreen(read * 1e6, 100e6);
    }
    expect(screen).toEqual([
      '\rReading big.csv: 10% (10 MB of 100 MB, 0.1s)\x1b[K',
      '\rReading big.csv: 50% (50 MB of 100 MB, 0.4s)\x1b[K',
      '\rRead big.csv: 100 MB in 0.5s\x1b[K\n',
    ]);
    const quiet: string[] = [];
    readProgress({ write: (t) => quiet.push(t), isTTY: false }, 'small.csv')(1000, 1000);
    expect(quiet).toEqual([]);
  });
});
