// An uploaded CSV → a PointSet: numeric feature columns and a label column (the last, or one named label, class,
// target or y). Problems are reported as the CLI reports them: `<file>: expected <what>, got <actual>. <fix>`.
import * as st from 'strata-nn';
import { domainOf, type PointSet } from './point-set.js';
import { testFlags } from './datasets.js';

const LABEL_NAMES = ['label', 'class', 'target', 'y'];
const MAX_CLASSES = 10;

function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

export function parseCsv(text: string, file: string, testPercent: number, seed: number): PointSet {
  const fail = (expected: string, received: string, hint: string): never => {
    throw new st.DataError({ where: file, expected, received, hint });
  };
  const lines = text
    .split(/\r?\n/)
    .map((line, i) => ({ line, at: i + 1 }))
    .filter((l) => l.line.trim() !== '');
  if (lines.length < 2)
    fail(
      'a header line and at least one data row',
      `${lines.length} non-blank line(s)`,
      'Add a header such as x1,x2,label.',
    );
  const header = lines[0].line;
  const delimiter = [',', ';', '\t'].reduce((a, b) => (header.split(b).length > header.split(a).length ? b : a));
  const names = splitLine(header, delimiter);
  if (names.length < 2)
    fail('at least two columns (features and a label)', `${names.length} column`, 'Separate columns with commas.');
  const named = names.findIndex((n) => LABEL_NAMES.includes(n.toLowerCase()));
  const labelAt = named >= 0 ? named : names.length - 1;
  const featureAt = names.map((_, j) => j).filter((j) => j !== labelAt);
  const rows = lines.slice(1).map(({ line, at }) => {
    const cells = splitLine(line, delimiter);
    if (cells.length !== names.length)
      fail(`${names.length} cells on each row (as the header has)`, `${cells.length} on line ${at}`, 'Fix that row.');
    return { cells, at };
  });
  const x = new Float32Array(rows.length * featureAt.length);
  rows.forEach(({ cells, at }, r) =>
    featureAt.forEach((j, k) => {
      const v = Number(cells[j]);
      if (cells[j] === '' || !Number.isFinite(v))
        fail(
          `a number in column '${names[j]}'`,
          `'${cells[j]}' on line ${at}`,
          'Feature columns must be numeric; put the label in the last column or name it label.',
        );
      x[r * featureAt.length + k] = v;
    }),
  );
  const labels = rows.map(({ cells }) => cells[labelAt]);
  const numeric = labels.every((v) => v !== '' && Number.isFinite(Number(v)));
  const distinct = [...new Set(labels)];
  const isClassification =
    !numeric || (labels.every((v) => Number.isInteger(Number(v))) && distinct.length <= MAX_CLASSES);
  if (isClassification && distinct.length < 2)
    fail(`at least two classes in column '${names[labelAt]}'`, `only '${distinct[0]}'`, 'Add rows of another class.');
  if (isClassification && distinct.length > MAX_CLASSES)
    fail(
      `at most ${MAX_CLASSES} classes in column '${names[labelAt]}'`,
      `${distinct.length} distinct values`,
      'Use numbers for a regression target, or fewer classes.',
    );
  const classNames = isClassification
    ? distinct.sort((a, b) => (numeric ? Number(a) - Number(b) : a.localeCompare(b)))
    : [names[labelAt]];
  const y = Float32Array.from(labels, (v) => (isClassification ? classNames.indexOf(v) : Number(v)));
  standardize(x, featureAt.length);
  return {
    x,
    y,
    isTest: testFlags(rows.length, testPercent, seed),
    cols: featureAt.length,
    classes: isClassification ? classNames.length : 1,
    columnNames: featureAt.map((j) => names[j]),
    classNames,
    domain: featureAt.length === 2 ? domainOf(x, 2) : [-1, 1, -1, 1],
    source: 'csv',
    origin: Int32Array.from({ length: rows.length }, (_, i) => i),
  };
}

/** Scales every column to mean 0 and standard deviation 1 in place, so any table trains with the default rate. */
function standardize(x: Float32Array, cols: number): void {
  const rows = x.length / cols;
  for (let j = 0; j < cols; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += x[r * cols + j] / rows;
    let variance = 0;
    for (let r = 0; r < rows; r++) variance += (x[r * cols + j] - mean) ** 2 / rows;
    const sd = Math.sqrt(variance) || 1;
    for (let r = 0; r < rows; r++) x[r * cols + j] = (x[r * cols + j] - mean) / sd;
  }
}
