import Papa from 'papaparse';
import { DataError } from '../index.js';
import { readTextFile } from './read-text-file.js';

/** A CSV file as text cells: the header's column names and the data rows, each with its line in the file. */
export interface CsvTable {
  readonly path: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The 1-based line where each row starts (quoted fields may span lines). */
  readonly lines: readonly number[];
}

const isBlank = (row: readonly string[]) => row.every((cell) => cell.trim() === '');

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter the header line uses most (papaparse's own guess gives up on two-column files). */
function headerDelimiter(text: string): string {
  const header = text.slice(0, text.indexOf('\n') >>> 0).replace(/"[^"]*"/g, '');
  const counts = DELIMITERS.map((d) => header.split(d).length - 1);
  const best = counts.indexOf(Math.max(...counts));
  return counts[best] > 0 ? DELIMITERS[best] : ',';
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Parses CSV text (delimiter from the header line: comma, semicolon, tab or pipe) with a required header row; cells are trimmed
 * and blank lines skipped. Every data row must have as many fields as the header.
 */
export function parseCsv(text: string, path: string): CsvTable {
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = 1;
  let start = 0;
  let problem: string | undefined;
  Papa.parse<string[]>(text, {
    delimiter: headerDelimiter(text),
    step: (result, parser) => {
      const end = result.meta.cursor;
      const error = result.errors[0];
      if (error && error.type === 'Quotes') {
        const what = error.code === 'MissingQuotes' ? 'an unterminated quoted field' : error.message.toLowerCase();
        problem = `${what} at line ${line}`;
        parser.abort();
        return;
      }
      const row = result.data.map((cell) => cell.trim());
      if (!isBlank(row)) {
        rows.push(row);
        lines.push(line);
      }
      line += countNewlines(text, start, end);
      start = end;
    },
  });
  if (problem)
    throw new DataError({
      where: path,
      expected: 'valid CSV',
      received: problem,
      hint: 'Close the quoted field, or escape a quote inside it as "".',
    });
  if (rows.length === 0)
    throw new DataError({
      where: path,
      expected: 'a header row and data rows',
      received: 'an empty file',
      hint: 'The first line names the columns, e.g. x1,x2,label.',
    });
  const [header, ...data] = rows;
  const [headerLine, ...dataLines] = lines;
  if (data.length === 0)
    throw new DataError({ where: path, expected: 'data rows after the header', received: 'only a header row' });
  header.forEach((name, j) => {
    if (name === '')
      throw new DataError({
        where: path,
        expected: 'a name for every column in the header (line 1)',
        received: `an empty name for column ${j + 1}`,
        hint: 'CSV files need a header row naming each column.',
      });
    if (header.indexOf(name) !== j)
      throw new DataError({
        where: path,
        expected: 'distinct column names in the header',
        received: `'${name}' twice`,
      });
  });
  data.forEach((row, i) => {
    if (row.length !== header.length)
      throw new DataError({
        where: path,
        expected: `${header.length} fields per row (as in the header on line ${headerLine})`,
        received: `${row.length} at line ${dataLines[i]}`,
        hint: 'Fix that line, or quote fields that contain the delimiter.',
      });
  });
  return { path, columns: header, rows: data, lines: dataLines };
}

/** Reads and parses a CSV file. */
export function readCsv(path: string): CsvTable {
  return parseCsv(readTextFile(path, 'CSV file'), path);
}
