import type { Command } from 'commander';
import { confusionMatrix } from '../../index.js';
import type { CliContext } from '../cli-context.js';
import { say, type Io } from '../io.js';
import { loadBundle, requireMetadata, unscaleTarget } from '../model-bundle.js';
import { modelData, predictedIds, targetIds } from '../model-data.js';
import { regressionScores } from '../regression-report.js';
import { withData, withModel } from './model-options.js';

interface EvaluateOptions {
  model: string;
  data: string;
  dropMissing?: boolean;
}

/** A text table of counts: rows are the true classes, columns the predicted ones. */
function printConfusion(io: Io, matrix: number[][], labels: string[]): void {
  const width = Math.max(6, ...labels.map((l) => l.length), ...matrix.flat().map((n) => String(n).length));
  const cell = (s: string) => s.padStart(width);
  say(io, '\nConfusion matrix (rows: true class, columns: predicted class):');
  say(io, [' '.repeat(width), ...labels.map(cell)].join('  '));
  matrix.forEach((row, t) => say(io, [labels[t].padEnd(width), ...row.map((n) => cell(String(n)))].join('  ')));
}

/** `strata evaluate`: loss and metrics on a labelled CSV, and a confusion matrix for classifiers. */
export async function evaluate(options: EvaluateOptions, ctx: CliContext): Promise<void> {
  const { model, metadata } = await loadBundle(options.model);
  const meta = requireMetadata(options.model, metadata, 'evaluate');
  const data = modelData(meta, options.data, { withTarget: true, dropMissing: options.dropMissing });
  let parts: string[];
  if (meta.classes === null) {
    // in the target's units: the model's outputs un-scaled, scored against the file's values
    const outputs = model.predict(data.x);
    const predicted = unscaleTarget(outputs.data, meta.targetScaler);
    outputs.dispose();
    const scores = regressionScores(predicted, data.values!, meta.loss);
    parts = [`loss ${scores.loss.toFixed(4)}`, `mae ${scores.mae.toFixed(4)}`, `R² ${scores.r2.toFixed(3)}`];
  } else
    parts = Object.entries(model.evaluate(data.x, data.y!)).map(([k, v]) =>
      k === 'accuracy' ? `accuracy ${(100 * v).toFixed(1)}%` : `${k} ${v.toFixed(4)}`,
    );
  const skipped = data.dropped > 0 ? `, ${data.dropped} skipped for missing values` : '';
  say(ctx.io, `Evaluated on ${options.data} (${data.x.length} rows${skipped}): ${parts.join(', ')}`);
  if (meta.classes === null) return;
  const p = model.predict(data.x);
  const predicted = predictedIds(p.data, p.shape[1]);
  const { matrix, labels } = confusionMatrix(targetIds(data.y!), predicted, meta.classes);
  printConfusion(ctx.io, matrix, labels);
}

/** Adds `strata evaluate` and its options to the program. */
export function registerEvaluate(program: Command, ctx: CliContext): void {
  const command = program.command('evaluate').description('loss and metrics of a saved model on a labelled CSV file');
  withData(withModel(command), 'CSV file with the feature columns and the target column').action(
    (options: EvaluateOptions) => evaluate(options, ctx),
  );
}
