import { InvalidArgumentError, type Command } from 'commander';
import { data as preprocessing, DataError, setSeed } from '../../index.js';
import { buildNetwork } from '../build-network.js';
import { EXIT_INTERRUPTED, type CliContext } from '../cli-context.js';
import { readCsv } from '../csv-table.js';
import { quoteList } from '../did-you-mean.js';
import { fitWithProgress } from '../fit-with-progress.js';
import { sayStopped } from '../graceful-stop.js';
import { say } from '../io.js';
import { applyScaler, savedHistory, saveBundle, type CliMetadata, type ScalerStats } from '../model-bundle.js';
import { columnIndex, tableData } from '../table-data.js';
import { detectTask, encodeTargets, LOSSES, type Task } from '../task.js';
import { DEFAULTS, flagParser, resolveTrainSettings, type SettingKey, type TrainSettings } from '../train-settings.js';

function describeTask(task: Task, target: string): string {
  const what =
    task.classes === null
      ? `regression on '${target}'`
      : `${task.kind === 'binary' ? 'binary' : `${task.classes.length}-class`} classification of '${target}' (${quoteList(task.classes.slice(0, 8))}${task.classes.length > 8 ? ', …' : ''})`;
  return `Task: ${what} → ${task.outputActivation} output + ${task.loss}`;
}

const formatMetric = (key: string, value: number) =>
  key.endsWith('accuracy') ? `${key} ${(100 * value).toFixed(1)}%` : `${key} ${value.toFixed(4)}`;

/** `strata train`: a network for a CSV's target column, saved with what predict needs (columns, classes, scaling). */
export async function train(settings: TrainSettings, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const table = readCsv(settings.data);
  columnIndex(table, settings.target, 'target', 'Pass --target with one of them.');
  const features = settings.features ?? table.columns.filter((c) => c !== settings.target);
  if (features.includes(settings.target) || features.length === 0)
    throw new DataError({
      where: table.path,
      expected: 'feature columns other than the target',
      received: features.length === 0 ? 'only the target column' : `the target '${settings.target}' among --features`,
      hint: 'Leave the target out of --features.',
    });
  const data = tableData(table, { features, target: settings.target, dropMissing: settings.dropMissing });
  if (data.dropped > 0) say(io, `Skipped ${data.dropped} of ${table.rows.length} rows with missing values.`);
  const rowOf = (i: number) => `row ${data.kept[i] + 1} (line ${table.lines[data.kept[i]]})`;
  const task = detectTask(data.targets!, settings.loss, table.path, settings.target, rowOf);
  const y = encodeTargets(data.targets!, task, table.path, rowOf);
  let scaler: ScalerStats | null = null;
  if (settings.standardize) {
    const fitted = preprocessing.standardScaler().fit(data.x);
    scaler = { mean: fitted.mean!, scale: fitted.scale! };
  }
  const x = applyScaler(data.x, scaler);

  say(io, describeTask(task, settings.target));
  say(io, `Features (${features.length}): ${features.join(', ')}${scaler ? ' (standardized)' : ''}`);
  say(
    io,
    `Rows: ${x.length}${settings.validationSplit > 0 ? `, ${Math.round(100 * settings.validationSplit)}% held out for validation` : ''}`,
  );
  setSeed(settings.seed);
  const model = buildNetwork(features.length, task, settings);
  model.summary({ printFn: (line) => say(io, line) });
  const run = await fitWithProgress(model, x, y, settings, io);
  if (run.stopped) sayStopped(io, run.stopped, settings.epochs);

  const final = model.evaluate(x, y);
  // the validation values of the epoch whose weights the model kept
  const { bestEpoch, epoch } = run.history;
  const at = bestEpoch === null ? epoch.length - 1 : epoch.indexOf(bestEpoch);
  const validation = Object.entries(run.history.history)
    .filter(([key]) => key.startsWith('val_'))
    .map(([key, values]) => formatMetric(key, values[at]));
  const metrics = Object.entries(final).map(([key, value]) => formatMetric(key, value));
  say(
    io,
    `\nFinal: ${metrics.join(', ')} on all ${x.length} rows${validation.length ? `; ${validation.join(', ')}` : ''}`,
  );
  if (settings.out === undefined) {
    say(io, 'Not saved: pass --out DIR to keep the model.');
  } else {
    const metadata: CliMetadata = {
      format: 'strata-cli',
      version: 1,
      target: settings.target,
      features,
      task: task.kind,
      loss: task.loss,
      metrics: task.metrics,
      classes: task.classes,
      scaler,
    };
    await saveBundle(settings.out, model, metadata, savedHistory(run.history));
    say(io, `Saved to ${settings.out}/ (model.json + weights, strata-cli.json, history.json).`);
    say(io, `Next: strata predict --model ${settings.out} --data new.csv`);
  }
  if (run.stopped) ctx.exitCode = EXIT_INTERRUPTED;
}

const FLAGS: [SettingKey, string, string][] = [
  ['data', '--data <file>', 'CSV file with a header row'],
  ['target', '--target <column>', 'the column to predict'],
  ['features', '--features <names>', 'feature columns, comma-separated (default: all but the target)'],
  ['dropMissing', '--drop-missing', 'skip rows with missing values instead of failing'],
  ['layers', '--layers <sizes>', `hidden layer sizes, e.g. 64,32, or none (default: ${DEFAULTS.layers.join(',')})`],
  ['activation', '--activation <name>', `hidden activation (default: ${DEFAULTS.activation})`],
  ['dropout', '--dropout <rate>', 'dropout after each hidden layer, in [0, 1) (default: 0)'],
  ['batchNorm', '--batch-norm', 'batch normalization after each hidden layer'],
  ['loss', '--loss <name>', `auto (from the target column) or ${LOSSES.join(', ')} (default: auto)`],
  [
    'optimizer',
    '--optimizer <name>',
    `sgd, momentum, rmsprop, adam, adamw or adagrad (default: ${DEFAULTS.optimizer})`,
  ],
  ['lr', '--lr <rate>', `learning rate (default: ${DEFAULTS.lr})`],
  ['epochs', '--epochs <n>', `passes over the data (default: ${DEFAULTS.epochs})`],
  ['batchSize', '--batch-size <n>', `examples per step (default: ${DEFAULTS.batchSize})`],
  [
    'validationSplit',
    '--validation-split <share>',
    `share held out for validation (default: ${DEFAULTS.validationSplit})`,
  ],
  [
    'earlyStopping',
    '--early-stopping <patience>',
    'stop after this many epochs without improvement; keep the best weights',
  ],
  ['standardize', '--standardize', 'scale features to mean 0, std 1 (saved with the model)'],
  ['seed', '--seed <n>', `seed for weights, shuffling and the split (default: ${DEFAULTS.seed})`],
  ['out', '--out <dir>', 'directory to save the model in'],
];

/** Adds `strata train` and its options to the program. */
export function registerTrain(program: Command, ctx: CliContext): void {
  const command = program
    .command('train')
    .description('train a network on a CSV file (task detected from the target column) and save it');
  for (const [key, flags, description] of FLAGS)
    if (flags.includes('<')) command.option(flags, description, flagParser(key, InvalidArgumentError));
    else command.option(flags, description);
  command
    .option('--config <file>', 'JSON file with the same settings (flags win; paths relative to the file)')
    .action((options: Partial<Record<SettingKey, unknown>> & { config?: string }) => {
      const { config, ...flags } = options;
      return train(resolveTrainSettings(flags, config), ctx);
    });
}
