import { DataError, type LossName } from '../index.js';
import { quoteList } from './did-you-mean.js';
import { parseNumber } from './table-data.js';
import { TargetTally } from './target-tally.js';

/** What kind of target a model predicts. */
export type TaskKind = 'binary' | 'multiclass' | 'regression';

/** What the target column asks of the network: output layer, loss, metrics and the class names by id. */
export interface Task {
  readonly kind: TaskKind;
  readonly loss: LossName;
  readonly outputActivation: 'sigmoid' | 'softmax' | 'linear';
  readonly outputUnits: number;
  /** Class names in id order (classifiers); null for regression. */
  readonly classes: string[] | null;
  readonly metrics: ('accuracy' | 'mae')[];
}

/** The losses `--loss` accepts besides auto. */
export const LOSSES: readonly LossName[] = [
  'binaryCrossentropy',
  'sparseCategoricalCrossentropy',
  'categoricalCrossentropy',
  'meanSquaredError',
  'meanAbsoluteError',
  'huber',
];
const REGRESSION: readonly LossName[] = ['meanSquaredError', 'meanAbsoluteError', 'huber'];

/** A numeric target with at most this many whole-number values (and each seen twice on average) is a class id. */
export const MAX_INTEGER_CLASSES = 20;

function classifier(loss: LossName, classes: string[]): Task {
  const binary = loss === 'binaryCrossentropy';
  return {
    kind: binary ? 'binary' : 'multiclass',
    loss,
    outputActivation: binary ? 'sigmoid' : 'softmax',
    outputUnits: binary ? 1 : classes.length,
    classes,
    metrics: ['accuracy'],
  };
}

/**
 * Reads the task off the target column: two numeric values → sigmoid + binaryCrossentropy; text labels, or up to
 * MAX_INTEGER_CLASSES whole numbers → softmax + sparseCategoricalCrossentropy; other numbers → linear + MSE.
 * An explicit loss picks the task instead.
 */
export function detectTask(
  targets: readonly string[],
  loss: LossName | 'auto',
  where: string,
  column: string,
  rowOf = (i: number) => `row ${i + 1}`,
): Task {
  const tally = new TargetTally();
  targets.forEach((t, i) => tally.add(t, () => rowOf(i)));
  return taskOf(tally, loss, where, column);
}

/** detectTask from a target column's tally (all a streamed file keeps of it). */
export function taskOf(tally: TargetTally, loss: LossName | 'auto', where: string, column: string): Task {
  const numeric = tally.firstText === undefined;
  const classes = tally.classes();
  if (REGRESSION.includes(loss as LossName)) {
    if (!numeric)
      throw new DataError({
        where,
        expected: `numbers in target column '${column}' for ${loss}`,
        received: `'${tally.firstText!.cell}' in ${tally.firstText!.row}`,
        hint: 'Use --loss auto for class labels.',
      });
    return {
      kind: 'regression',
      loss: loss as LossName,
      outputActivation: 'linear',
      outputUnits: 1,
      classes: null,
      metrics: ['mae'],
    };
  }
  if (classes.length < 2 && loss !== 'auto')
    throw new DataError({
      where,
      expected: `at least two classes in target column '${column}'`,
      received: `only '${classes[0]}'`,
      hint: 'A classifier needs examples of at least two classes; check --target.',
    });
  if (loss === 'binaryCrossentropy' && classes.length !== 2)
    throw new DataError({
      where,
      expected: `two classes in target column '${column}' for binaryCrossentropy`,
      received: `${classes.length}: ${quoteList(classes.slice(0, 6))}${classes.length > 6 ? ', …' : ''}`,
      hint: 'Use --loss sparseCategoricalCrossentropy (or auto) for more classes.',
    });
  if (loss !== 'auto') return classifier(loss, tally.checkedClasses(where, column));
  if (classes.length < 2)
    throw new DataError({
      where,
      expected: `at least two different values in target column '${column}'`,
      received: `only '${classes[0]}'`,
      hint: 'A model cannot learn from a constant target.',
    });
  if (!numeric) return classifier('sparseCategoricalCrossentropy', tally.checkedClasses(where, column));
  if (classes.length === 2) return classifier('binaryCrossentropy', classes);
  if (tally.wholeNumbers && classes.length <= MAX_INTEGER_CLASSES && classes.length <= tally.count / 2)
    return classifier('sparseCategoricalCrossentropy', classes);
  return {
    kind: 'regression',
    loss: 'meanSquaredError',
    outputActivation: 'linear',
    outputUnits: 1,
    classes: null,
    metrics: ['mae'],
  };
}

/**
 * Targets as the loss wants them: class ids, one-hot rows for categoricalCrossentropy, or numbers.
 * `rowOf(i)` names the i-th target's row for errors.
 */
export function encodeTargets(
  targets: readonly string[],
  task: Pick<Task, 'loss' | 'classes'>,
  where: string,
  rowOf: (i: number) => string,
): number[] | number[][] {
  const { classes } = task;
  if (classes === null)
    return targets.map((t, i) => {
      const value = parseNumber(t);
      if (value === undefined)
        throw new DataError({
          where,
          expected: 'a number in the target column',
          received: `'${t}' in ${rowOf(i)}`,
          hint: 'Fix or drop that row, or pass --loss for a classification target.',
        });
      return value;
    });
  // numeric class names compare by value, so '1.0' is class '1'
  const key = (t: string) => {
    const v = parseNumber(t);
    return v === undefined ? t : String(v);
  };
  const ids = new Map(classes.map((c, i) => [key(c), i] as const));
  const encoded = targets.map((t, i) => {
    const id = ids.get(key(t));
    if (id === undefined)
      throw new DataError({
        where,
        expected: `one of the classes the model knows (${quoteList(classes)}) in the target column`,
        received: `'${t}' in ${rowOf(i)}`,
        hint: 'Drop rows of classes the model was not trained on, or train again with them.',
      });
    return id;
  });
  if (task.loss !== 'categoricalCrossentropy') return encoded;
  return encoded.map((id) => classes.map((_, c) => (c === id ? 1 : 0)));
}
