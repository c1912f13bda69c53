import { closeSync, fstatSync, readSync } from 'node:fs';
import Papa from 'papaparse';
import { DataError } from '../index.js';
import { openTextFile } from './read-text-file.js';

/** A CSV file as text cells: the header's column names and the data rows, each with its line in the file. */
export interface CsvTable {
  readonly path: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** The 1-based line where each row starts (quoted fields may span lines). */
  readonly lines: readonly number[];
  /** How many data rows of the file come before rows[0]: 0, unless the table is a piece of a file read in chunks. */
  readonly firstRow: number;
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

interface ParsedRows {
  readonly rows: string[][];
  readonly lines: number[];
  /** The line after the text's last. */
  readonly nextLine: number;
}

/** Rows of a piece of CSV text (trimmed cells, blank lines skipped), numbering lines from `line`. */
function parseRows(text: string, path: string, delimiter: string, line: number, newline?: string): ParsedRows {
  const rows: string[][] = [];
  const lines: number[] = [];
  let start = 0;
  let problem: string | undefined;
  Papa.parse<string[]>(text, {
    delimiter,
    ...(newline ? { newline: newline as '\n' } : {}),
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
  return { rows, lines, nextLine: line + countNewlines(text, start, text.length) };
}

function checkHeader(header: readonly string[], path: string): void {
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
        hint: 'Rename one of the two columns in the header row.',
      });
  });
}

function checkFieldCounts(table: CsvTable, headerLine: number): void {
  table.rows.forEach((row, i) => {
    if (row.length !== table.columns.length)
      throw new DataError({
        where: table.path,
        expected: `${table.columns.length} fields per row (as in the header on line ${headerLine})`,
        received: `${row.length} at line ${table.lines[i]}`,
        hint: 'Fix that line, or quote fields that contain the delimiter.',
      });
  });
}

const emptyFile = (path: string) =>
  new DataError({
    where: path,
    expected: 'a header row and data rows',
    received: 'an empty file',
    hint: 'The first line names the columns, e.g. x1,x2,label.',
  });
const headerOnly = (path: string) =>
  new DataError({
    where: path,
    expected: 'data rows after the header',
    received: 'only a header row',
    hint: 'Add the data rows below the header, one example per line.',
  });

/**
 * Parses CSV text (delimiter from the header line: comma, semicolon, tab or pipe) with a required header row; cells are trimmed
 * and blank lines skipped. Every data row must have as many fields as the header.
 */
export function parseCsv(text: string, path: string): CsvTable {
  const { rows, lines } = parseRows(text, path, headerDelimiter(text), 1);
  if (rows.length === 0) throw emptyFile(path);
  const [header, ...data] = rows;
  const [headerLine, ...dataLines] = lines;
  if (data.length === 0) throw headerOnly(path);
  checkHeader(header, path);
  const table = { path, columns: header, rows: data, lines: dataLines, firstRow: 0 };
  checkFieldCounts(table, headerLine);
  return table;
}

/** The bytes read at a time by readCsvChunks. */
export const CHUNK_BYTES = 1 << 18;

const NEWLINE = 10;
const QUOTE = 34;

/** The end (just after a newline) of the last complete record in `bytes`: a newline outside quotes; 0 if none. */
function lastRecordEnd(bytes: Uint8Array): number {
  let inQuotes = false;
  let end = 0;
  // '"' and '\n' are single bytes in UTF-8 and never part of another character, so bytes can be scanned as they are
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (b === NEWLINE && !inQuotes) end = i + 1;
  }
  return end;
}

/** How a chunked read went: the file's columns, its data rows, and its size. */
export interface CsvSummary {
  readonly columns: readonly string[];
  readonly rows: number;
  readonly bytes: number;
}

/** How to read a file in pieces. */
export interface PieceOptions {
  /** The bytes read at a time (default CHUNK_BYTES). */
  readonly chunkBytes?: number;
  /** Told the bytes read so far and the file's size after each read. */
  readonly onProgress?: (read: number, total: number) => void;
}

/**
 * A CSV file in pieces of about `chunkBytes` (cut between records), checked as parseCsv checks it: each piece's data
 * rows as a table whose `firstRow` counts the rows before it; the generator returns the summary. Memory stays bounded
 * by the piece, not the file; stopping early (return, or an error in the loop) closes the file.
 */
export function* csvPieces(path: string, options: PieceOptions = {}): Generator<CsvTable, CsvSummary, void> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const fd = openTextFile(path, 'CSV file');
  try {
    const total = fstatSync(fd).size;
    const decoder = new TextDecoder('utf-8');
    let pending = new Uint8Array(0);
    let read = 0;
    let line = 1;
    let columns: string[] | undefined;
    let headerLine = 1;
    let delimiter = ',';
    let newline: string | undefined;
    let rows = 0;
    let decoded = false;
    const block = new Uint8Array(chunkBytes);
    for (let done = false; !done;) {
      const n = readSync(fd, block, 0, chunkBytes, null);
      read += n;
      done = n === 0;
      const bytes = new Uint8Array(pending.length + n);
      bytes.set(pending);
      bytes.set(block.subarray(0, n), pending.length);
      const end = done ? bytes.length : lastRecordEnd(bytes);
      pending = bytes.slice(end);
      if (end === 0 && !done) continue;
      let text = decoder.decode(bytes.subarray(0, end), { stream: !done });
      if (!decoded) text = text.replace(/^\uFEFF/, '');
      decoded = true;
      if (columns === undefined) {
        delimiter = headerDelimiter(text);
        // every piece with the line break papaparse sees at the start of the file, as a single pass would
        newline = Papa.parse(text, { preview: 1, delimiter }).meta.linebreak;
      }
      const parsed = parseRows(text, path, delimiter, line, newline);
      line = parsed.nextLine;
      let data = parsed.rows;
      let lines = parsed.lines;
      if (columns === undefined && data.length > 0) {
        columns = data[0];
        headerLine = lines[0];
        checkHeader(columns, path);
        data = data.slice(1);
        lines = lines.slice(1);
      }
      if (columns !== undefined && data.length > 0) {
        const table = { path, columns, rows: data, lines, firstRow: rows };
        checkFieldCounts(table, headerLine);
        rows += data.length;
        yield table;
      }
      options.onProgress?.(read, total);
    }
    if (columns === undefined) throw emptyFile(path);
    if (rows === 0) throw headerOnly(path);
    return { columns, rows, bytes: read };
  } finally {
    closeSync(fd);
  }
}

/** Reads a CSV file in pieces (see csvPieces), handing each to `onChunk`. */
export function readCsvChunks(
  path: string,
  onChunk: (table: CsvTable) => void,
  options: PieceOptions = {},
): CsvSummary {
  const pieces = csvPieces(path, options);
  try {
    for (let next = pieces.next(); ; next = pieces.next()) {
      if (next.done) return next.value;
      onChunk(next.value);
    }
  } finally {
    pieces.return(undefined as never);
  }
}

/** Reads and parses a whole CSV file (in pieces, so only the rows are held, never the whole text). */
export function readCsv(path: string, onProgress?: (read: number, total: number) => void): CsvTable {
  const rows: string[][] = [];
  const lines: number[] = [];
  const { columns } = readCsvChunks(
    path,
    (table) => {
      for (let i = 0; i < table.rows.length; i++) {
        rows.push(table.rows[i] as string[]);
        lines.push(table.lines[i]);
      }
    },
    { onProgress },
  );
  return { path, columns, rows, lines, firstRow: 0 };
}
