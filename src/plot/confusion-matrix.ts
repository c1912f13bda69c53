import { ConfigError, DataError, ShapeError } from '../core/errors.js';
import { Tensor } from '../tensor/tensor.js';
import { vegaLiteSpec, type JsonValue, type VegaLiteSpec } from './vega-lite-spec.js';

/** Counts per (true class, predicted class): `matrix[t][p]`, with the class labels in id order. */
export interface ConfusionMatrix {
  readonly matrix: number[][];
  readonly labels: string[];
}

export interface ConfusionMatrixPlotOptions {
  readonly title?: string;
}

/** Class ids as plain numbers from an array, a typed array, a column ([[0], [1]]) or a tensor of one id per example. */
export type ClassIds = ArrayLike<number> | readonly (readonly [number])[] | Tensor;

function idsOf(where: string, name: string, values: ClassIds): ArrayLike<number> {
  const column = (rows: number, cols: number): void => {
    if (cols !== 1)
      throw new ShapeError({
        where,
        expected: `${name} with one class id per example`,
        received: `rows of ${cols} values`,
        hint: `Convert the ${rows} rows of probabilities to class ids first (st.data.argMax per row, or p > 0.5 for one output).`,
      });
  };
  if (values instanceof Tensor) {
    if (values.rank > 2) column(values.shape[0], values.size / values.shape[0]);
    if (values.rank === 2) column(values.shape[0], values.shape[1]);
    return values.data;
  }
  if (typeof values !== 'object' || values === null || typeof values.length !== 'number')
    throw new ConfigError({
      where,
      expected: `${name} as an array, a typed array or a tensor of class ids`,
      received: values === null ? 'null' : typeof values,
      hint: 'Pass one integer class id per example, e.g. [0, 2, 1].',
    });
  const list = values as ArrayLike<unknown>;
  if (list.length > 0 && Array.isArray(list[0])) {
    const rows = list as readonly (readonly number[])[];
    rows.forEach((row) => column(rows.length, Array.isArray(row) ? row.length : 1));
    return rows.map((row) => (Array.isArray(row) ? row[0] : (row as unknown as number)));
  }
  return values as ArrayLike<number>;
}

function classIds(where: string, name: string, values: ArrayLike<number>, classes: number | undefined): void {
  for (let i = 0; i < values.length; i++) {
    const id = values[i];
    if (!Number.isInteger(id) || id < 0 || (classes !== undefined && id >= classes))
      throw new DataError({
        where,
        expected: `class ids ${classes === undefined ? '0, 1, 2, …' : `0 to ${classes - 1}`} in ${name}`,
        received: `${typeof id === 'number' ? id : JSON.stringify(id)} at index ${i}`,
        hint:
          classes === undefined
            ? 'Convert probabilities to class ids first (arg-max per row, or p > 0.5 for one output).'
            : `Pass the full list of classes, or leave classes out to count them from the labels.`,
      });
  }
}

/**
 * Counts how often each true class (rows) was predicted as each class (columns).
 * `classes` is the number of classes or their names in id order; default: the largest id + 1.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const { matrix, labels } = st.confusionMatrix([0, 0, 1, 1, 2], [0, 1, 1, 1, 2], ['cat', 'dog', 'bird']);
 * console.log(labels, matrix); // ['cat', 'dog', 'bird'] [[1, 1, 0], [0, 2, 0], [0, 0, 1]]
 * ```
 */
export function confusionMatrix(
  trueIds: ClassIds,
  predictedIds: ClassIds,
  classes?: number | readonly string[],
  where = 'confusionMatrix()',
): ConfusionMatrix {
  const yTrue = idsOf(where, 'yTrue', trueIds);
  const yPred = idsOf(where, 'yPred', predictedIds);
  if (yTrue.length !== yPred.length)
    throw new ShapeError({
      where,
      expected: 'yTrue and yPred of the same length',
      received: `${yTrue.length} and ${yPred.length}`,
      hint: 'Pass one predicted class id per true label.',
    });
  if (
    classes !== undefined &&
    (typeof classes === 'number' ? !Number.isInteger(classes) || classes < 1 : classes.length === 0)
  )
    throw new ConfigError({
      where,
      expected: 'classes as a positive integer or a non-empty list of names',
      received: JSON.stringify(classes),
      hint: "For example classes: 3 or classes: ['cat', 'dog', 'bird'].",
    });
  const given = classes === undefined ? undefined : typeof classes === 'number' ? classes : classes.length;
  classIds(where, 'yTrue', yTrue, given);
  classIds(where, 'yPred', yPred, given);
  let k = given ?? 1;
  for (let i = 0; i < yTrue.length; i++) k = Math.max(k, yTrue[i] + 1, yPred[i] + 1);
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) matrix[yTrue[i]][yPred[i]]++;
  const labels = Array.isArray(classes) ? [...classes] : Array.from({ length: k }, (_, c) => String(c));
  return { matrix, labels };
}

/**
 * The confusion matrix as a heatmap: rows are the true class, columns the predicted one, each cell shows its count.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const spec = st.plots.confusionMatrix([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 0], ['setosa', 'versicolor', 'virginica']);
 * console.log(spec.title); // { text: 'Confusion matrix', subtitle: 'Accuracy 66.7% on 6 examples', anchor: 'start' }
 * ```
 */
export function confusionMatrixPlot(
  yTrue: ClassIds,
  yPred: ClassIds,
  classes?: number | readonly string[],
  options: ConfusionMatrixPlotOptions = {},
): VegaLiteSpec {
  const { matrix, labels } = confusionMatrix(yTrue, yPred, classes, 'confusionMatrixPlot()');
  const values: JsonValue[] = [];
  let correct = 0;
  let max = 0;
  matrix.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    correct += row[t];
    row.forEach((n, p) => {
      max = Math.max(max, n);
      values.push({ actual: labels[t], predicted: labels[p], count: n, share: total ? n / total : 0 });
    });
  });
  const cell = Math.max(48, Math.min(90, Math.floor(480 / labels.length)));
  const x = {
    field: 'predicted',
    type: 'ordinal',
    title: 'Predicted class',
    sort: labels,
    axis: { orient: 'top', labelAngle: 0 },
  };
  const y = { field: 'actual', type: 'ordinal', title: 'True class', sort: labels };
  const n = matrix.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  const accuracy = n ? `Accuracy ${((100 * correct) / n).toFixed(1)}% on ${n} examples` : 'No examples';
  return vegaLiteSpec(
    options.title ?? 'Confusion matrix',
    {
      data: { values },
      width: cell * labels.length,
      height: cell * labels.length,
      encoding: { x, y },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
          encoding: {
            color: {
              field: 'count',
              type: 'quantitative',
              title: 'Count',
              scale: { scheme: 'blues', domain: [0, Math.max(max, 1)] },
            },
            tooltip: [
              { field: 'actual', title: 'True' },
              { field: 'predicted', title: 'Predicted' },
              { field: 'count', title: 'Count' },
              { field: 'share', title: 'Share of row', format: '.1%' },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 13 },
          encoding: {
            text: { field: 'count', type: 'quantitative' },
            // white on the darker half of the blues scale keeps the counts readable
            color: { condition: { test: `datum.count > ${max / 2}`, value: 'white' }, value: '#111' },
          },
        },
      ],
    },
    accuracy,
  );
}
