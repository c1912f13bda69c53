import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv } from '../../src/cli/csv-table.js';
import { tableData } from '../../src/cli/table-data.js';

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
      `[DataError: data.csv: expected data rows after the header, got only a header row.]`,
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
      `[DataError: data.csv: expected distinct column names in the header, got 'a' twice.]`,
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
      `[DataError: data.csv: expected at least one row without missing values, got one row, with a missing value.]`,
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
