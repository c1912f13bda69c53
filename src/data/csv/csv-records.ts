/** One CSV record: its cells and the 1-based line it starts on. */
export interface CsvRecord {
  readonly cells: string[];
  readonly line: number;
}

/**
 * A streaming RFC 4180 reader: text goes in chunk by chunk (split anywhere, even inside a quoted field), records
 * come out as they complete. Quoted fields may hold the delimiter, newlines and doubled quotes; CRLF and LF both end
 * a record; blank lines are skipped. Lines without a quote take a fast path (split on the delimiter).
 */
export class CsvRecords {
  #carry = '';
  // a quoted field spans lines: the record so far, and how many quotes it holds (odd while a field is open)
  #open = '';
  #quotes = 0;
  #openLine = 0;
  #line = 1;

  constructor(readonly delimiter = ',') {}

  /** Reads `text` and returns the records it completed. */
  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const all = this.#carry + text;
    let pos = 0;
    for (let nl = all.indexOf('\n'); nl >= 0; nl = all.indexOf('\n', pos)) {
      this.#physicalLine(all.slice(pos, nl), out);
      pos = nl + 1;
    }
    this.#carry = all.slice(pos);
    return out;
  }

  /** The last record, if the text did not end with a newline. */
  finish(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.#carry !== '') this.#physicalLine(this.#carry, out);
    this.#carry = '';
    if (this.#open !== '') {
      // an unclosed quote: read what there is
      out.push({ cells: parseQuoted(this.#open, this.delimiter), line: this.#openLine });
      this.#open = '';
    }
    return out;
  }

  /** True while a quoted field is open (at the end of input: an unclosed quote). */
  get inQuotes(): boolean {
    return this.#open !== '' || this.#carry.split('"').length % 2 === 0;
  }

  #physicalLine(raw: string, out: CsvRecord[]): void {
    const line = this.#line++;
    if (this.#open !== '') {
      this.#open += '\n' + raw;
      this.#quotes += countQuotes(raw);
      if (this.#quotes % 2 === 0) {
        out.push({ cells: parseQuoted(stripCR(this.#open), this.delimiter), line: this.#openLine });
        this.#open = '';
      }
      return;
    }
    const text = stripCR(raw);
    if (text.trim() === '') return;
    if (text.indexOf('"') < 0) {
      out.push({ cells: text.split(this.delimiter), line });
      return;
    }
    const quotes = countQuotes(text);
    if (quotes % 2 === 0) out.push({ cells: parseQuoted(text, this.delimiter), line });
    else {
      this.#open = text;
      this.#quotes = quotes;
      this.#openLine = line;
    }
  }
}

const stripCR = (s: string) => (s.endsWith('\r') ? s.slice(0, -1) : s);

function countQuotes(s: string): number {
  let n = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) n++;
  return n;
}

/** One whole record that holds quotes (possibly newlines inside them): its cells. */
function parseQuoted(text: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}
