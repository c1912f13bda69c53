import type { Command } from 'commander';
import Papa from 'papaparse';
import type { CliContext } from '../cli-context.js';
import { writeFileAtomic } from '../atomic-write.js';
import { say } from '../io.js';
import { loadBundle, requireMetadata } from '../model-bundle.js';
import { modelData, predictedIds } from '../model-data.js';
import { withData, withModel } from './model-options.js';

interface PredictOptions {
  model: string;
  data: string;
  out?: string;
  dropMissing?: boolean;
}

const round = (v: number) => Number(v.toPrecision(6));

/**
 * `strata predict`: the input rows with the prediction appended (`predicted_<target>`, and `p_<class>` per class for
 * classifiers), as CSV on stdout or in --out.
 */
export async function predict(options: PredictOptions, ctx: CliContext): Promise<void> {
  const { model, metadata } = await loadBundle(options.model);
  const meta = requireMetadata(options.model, metadata, 'predict');
  const data = modelData(meta, options.data, { withTarget: false, dropMissing: options.dropMissing });
  const output = model.predict(data.x);
  const units = output.shape[1];
  const classes = meta.classes;
  const extra = [`predicted_${meta.target}`, ...(classes ?? []).map((c) => `p_${c}`)];
  const rows = data.kept.map((r, i) => {
    const cells = [...data.table.rows[r]];
    if (classes === null) return [...cells, round(output.data[i])];
    const p = Array.from(output.data.subarray(i * units, (i + 1) * units));
    // one sigmoid unit is P(second class)
    const probabilities = units === 1 ? [1 - p[0], p[0]] : p;
    return [...cells, classes[predictedIds(p, units)[0]], ...probabilities.map(round)];
  });
  const csv = Papa.unparse({ fields: [...data.table.columns, ...extra], data: rows }, { newline: '\n' }) + '\n';
  const skipped = data.dropped > 0 ? ` (${data.dropped} rows with missing values skipped)` : '';
  if (options.out === undefined) {
    ctx.io.out(csv);
    if (skipped) ctx.io.err(`Skipped ${data.dropped} rows with missing values.\n`);
    return;
  }
  writeFileAtomic(options.out, csv);
  say(ctx.io, `Wrote ${rows.length} predictions to ${options.out}${skipped}.`);
}

/** Adds `strata predict` and its options to the program. */
export function registerPredict(program: Command, ctx: CliContext): void {
  const command = program
    .command('predict')
    .description("a saved model's predictions for the rows of a CSV file (the target column is not needed)");
  withData(withModel(command), 'CSV file with the feature columns the model was trained on')
    .option('--out <file>', 'write the predictions here instead of to stdout')
    .action((options: PredictOptions) => predict(options, ctx));
}
