import { InvalidArgumentError, type Command } from 'commander';
import { data as preprocessing, DataError, setSeed } from '../../index.js';
import { buildNetwork, checkNetworkSize } from '../build-network.js';
import type { CliContext } from '../cli-context.js';
import { readCsv } from '../csv-table.js';
import { shortList } from '../did-you-mean.js';
import { fitWithProgress, sayDiverged, sayEarlyStopping } from '../fit-with-progress.js';
import { sayStopped } from '../graceful-stop.js';
import { progressSink, say } from '../io.js';
import { applyScaler, METADATA_VERSION, unscaleTarget, type CliMetadata, type ScalerStats } from '../model-bundle.js';
import { readProgress } from '../read-progress.js';
import { fitTargetScaler, regressionScores, worseThanMean } from '../regression-report.js';
import { StopSignals } from '../stop-signals.js';
import { checkWritable } from '../write-errors.js';
import { columnIndex, tableData } from '../table-data.js';
import { detectTask, encodeTargets, LOSSES } from '../task.js';
import {
  DEFAULTS,
  flagParser,
  resolveTrainSettings,
  type CsvTrainSettings,
  type SettingKey,
} from '../train-settings.js';
import { describeTask, formatMetric, validationParts } from '../training-report.js';
import { trainImages } from './train-images.js';
import { trainSeries } from './train-series.js';
import { streams, STREAM_MIN_BYTES, trainStream } from './train-stream.js';
import { saveTrained } from '../save-trained.js';

/** `strata train`: a network for a CSV's target column, saved with what predict needs (columns, classes, scaling). */
export async function train(settings: CsvTrainSettings, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  // a bad --out fails now, not after the training it would have thrown away
  if (settings.out !== undefined) checkWritable(settings.out, 'folder', 'the model');
  const table = readCsv(settings.data, readProgress(progressSink(io), settings.data));
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
  checkNetworkSize(features.length, task, settings);
  const encoded = encodeTargets(data.targets!, task, table.path, rowOf);
  // a target in the thousands would need thousands of small steps from a network whose outputs start near 0
  const targetScaler =
    task.classes === null && settings.standardizeTarget ? fitTargetScaler(encoded as number[]) : null;
  const y = targetScaler ? (encoded as number[]).map((v) => (v - targetScaler.mean) / targetScaler.scale) : encoded;
  let scaler: ScalerStats | null = null;
  if (settings.standardize) {
    const fitted = preprocessing.standardScaler().fit(data.x);
    scaler = { mean: fitted.mean!, scale: fitted.scale! };
  }
  const x = applyScaler(data.x, scaler);

  say(io, describeTask(task, settings.target, targetScaler));
  say(io, `Features (${features.length}): ${shortList(features)}${scaler ? ' (standardized)' : ''}`);
  say(
    io,
    `Rows: ${x.length}${settings.validationSplit > 0 ? `, ${Math.round(100 * settings.validationSplit)}% held out for validation` : ''}`,
  );
  setSeed(settings.seed);
  const model = buildNetwork(features.length, task, settings);
  model.summary({ printFn: (line) => say(io, line) });
  const signals = new StopSignals(io);
  try {
    const run = await fitWithProgress(model, x, y, settings, io, signals);
    // from here a signal lets the evaluation and the save finish
    signals.finishing();
    if (run.stopped) sayStopped(io, run.stopped, settings.epochs);
    if (run.diverged) sayDiverged(io, run, settings.epochs);
    sayEarlyStopping(io, run, settings);

    const validation = validationParts(run, task, targetScaler);
    let metrics: string[];
    let warning: string | undefined;
    if (task.classes === null) {
      const outputs = model.predict(x);
      const predicted = unscaleTarget(outputs.data, targetScaler);
      outputs.dispose();
      const scores = regressionScores(predicted, encoded as number[], task.loss);
      metrics = [formatMetric('loss', scores.loss), formatMetric('mae', scores.mae), `R² ${scores.r2.toFixed(3)}`];
      if (!run.diverged) warning = worseThanMean(scores, settings.target, task.loss);
    } else metrics = Object.entries(model.evaluate(x, y)).map(([key, value]) => formatMetric(key, value));
    say(
      io,
      `\nFinal: ${metrics.join(', ')} on all ${x.length} rows${validation.length ? `; ${validation.join(', ')}` : ''}`,
    );
    if (warning) io.err(`${warning}\n`);
    const metadata: CliMetadata = {
      format: 'strata-cli',
      version: METADATA_VERSION,
      target: settings.target,
      features,
      task: task.kind,
      loss: task.loss,
      metrics: task.metrics,
      classes: task.classes,
      scaler,
      targetScaler,
    };
    await saveTrained(io, settings.out, model, run, metadata, (out) => `strata predict --model ${out} --data new.csv`);
    // a diverged run is a failure (exit 1, the error's own line) even though its last finite weights were kept
    if (run.diverged) throw run.diverged.error;
    await signals.settle();
    if (signals.exitCode !== undefined) ctx.exitCode = signals.exitCode;
  } finally {
    signals.dispose();
  }
}

const FLAGS: [SettingKey, string, string][] = [
  ['data', '--data <file>', 'CSV file with a header row'],
  ['target', '--target <column>', 'the column to predict'],
  ['images', '--images <dir>', 'instead of --data: a folder with one subfolder of PNG/JPEG images per class'],
  ['resize', '--resize <HxW>', 'with --images or --idx: resize every image to height x width pixels, e.g. 28x28'],
  ['idx', '--idx <file>', 'instead of --data: an IDX images file (MNIST format, .gz too)'],
  ['idxLabels', '--idx-labels <file>', 'with --idx: the IDX labels file'],
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
  [
    'standardizeTarget',
    '--standardize-target',
    'regression: train on the target scaled to mean 0, std 1 and un-scale the predictions (the default)',
  ],
  ['seed', '--seed <n>', `seed for weights, shuffling and the split (default: ${DEFAULTS.seed})`],
  ['out', '--out <dir>', 'directory to save the model in'],
  [
    'window',
    '--window <steps>',
    'time series: forecast the target from its last N rows (rows in time order; an LSTM, --layers sizes it)',
  ],
  ['horizon', '--horizon <steps>', 'time series: the steps ahead each forecast predicts (default: 1)'],
  [
    'stream',
    '--stream',
    `read the CSV from disk batch by batch instead of loading it (automatic from ${STREAM_MIN_BYTES >> 20} MB)`,
  ],
  ['validation', '--validation <file>', 'a CSV of held-out rows to validate on (streaming: instead of the tail)'],
];

/** Adds `strata train` and its options to the program. */
export function registerTrain(program: Command, ctx: CliContext): void {
  const command = program
    .command('train')
    .description('train a network on a CSV file (task detected from the target column) or on images, and save it');
  for (const [key, flags, description] of FLAGS)
    if (flags.includes('<')) command.option(flags, description, flagParser(key, InvalidArgumentError));
    else command.option(flags, description);
  command
    .option('--no-standardize-target', 'regression: train on the target as it is')
    .option('--config <file>', 'JSON file with the same settings (flags win; paths relative to the file)')
    .action((options: Partial<Record<SettingKey, unknown>> & { config?: string }) => {
      const { config, ...flags } = options;
      const settings = resolveTrainSettings(flags, config);
      if (settings.images !== undefined || settings.idx !== undefined) return trainImages(settings, ctx);
      const csv = settings as CsvTrainSettings;
      if (csv.window !== undefined || csv.horizon !== undefined) return trainSeries(csv, ctx);
      return streams(csv) ? trainStream(csv, ctx) : train(csv, ctx);
    });
}
