import { statSync } from 'node:fs';
import { losses, setSeed, tensor, type LossName, type Sequential } from '../../index.js';
import { buildNetwork, checkNetworkSize } from '../build-network.js';
import type { CliContext } from '../cli-context.js';
import { shortList } from '../did-you-mean.js';
import { sayDiverged, sayEarlyStopping, trainWithProgress } from '../fit-with-progress.js';
import { sayStopped } from '../graceful-stop.js';
import { say } from '../io.js';
import { METADATA_VERSION, unscaleTarget, type CliMetadata } from '../model-bundle.js';
import { readProgress } from '../read-progress.js';
import { megabytes, StreamProgress } from '../stream-progress.js';
import { encodedPieces, scanCsv, StreamBatches, type StreamColumns, type StreamEncoding } from '../stream-rows.js';
import { StopSignals } from '../stop-signals.js';
import { taskOf } from '../task.js';
import type { CsvTrainSettings } from '../train-settings.js';
import { describeTask, formatMetric, validationParts } from '../training-report.js';
import { checkWritable } from '../write-errors.js';
import { UsageError } from '../report-error.js';
import { saveTrained } from '../save-trained.js';

/** CSV files at least this big are streamed from disk instead of loaded (`--stream` streams any file). */
export const STREAM_MIN_BYTES = 256 << 20;

/** Rows shuffled together while streaming: a window of the file, not all of it, so memory stays bounded. */
export const SHUFFLE_ROWS = 10_000;

/** Whether `strata train` streams this file: --stream, --validation FILE, or a file of STREAM_MIN_BYTES or more. */
export function streams(settings: CsvTrainSettings): boolean {
  if (settings.stream || settings.validation !== undefined) return true;
  try {
    return statSync(settings.data).size >= STREAM_MIN_BYTES;
  } catch {
    // the in-memory path reports a missing file in its own words
    return false;
  }
}

/** Loss, MAE and R² in the target's units over a stream, as regressionScores gives them on a loaded file. */
async function streamedScores(
  model: Sequential,
  pieces: Iterable<{ x: number[][]; values?: number[] }>,
  loss: LossName,
  mean: number,
  scaler: StreamEncoding['targetScaler'],
) {
  let [n, sumLoss, sumMae, sse, sst] = [0, 0, 0, 0, 0];
  for (const piece of pieces) {
    const x = tensor(piece.x);
    const out = model.predict(x);
    x.dispose();
    const predicted = unscaleTarget(out.data, scaler);
    out.dispose();
    const actual = piece.values!;
    const yTrue = tensor(actual.map((v) => [v]));
    const yPred = tensor(predicted.map((v) => [v]));
    sumLoss += losses[loss].value(yPred, yTrue) * actual.length;
    sumMae += losses.meanAbsoluteError.value(yPred, yTrue) * actual.length;
    yTrue.dispose();
    yPred.dispose();
    actual.forEach((y, i) => {
      sse += (y - predicted[i]) ** 2;
      sst += (y - mean) ** 2;
    });
    n += actual.length;
    // a turn of the event loop between pieces lets a signal through
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { loss: sumLoss / n, mae: sumMae / n, r2: sst === 0 ? NaN : 1 - sse / sst, rows: n };
}

/**
 * `strata train` on a file read from disk batch by batch (`--stream`, or files of STREAM_MIN_BYTES or more): a first
 * pass detects the task and fits the scalers, then each epoch reads the file again through a bounded shuffle window.
 * The validation rows are the file's last `--validation-split` share (or `--validation FILE`); the saved bundle is
 * the in-memory path's, so predict and evaluate work on it.
 */
export async function trainStream(settings: CsvTrainSettings, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  if (settings.out !== undefined) checkWritable(settings.out, 'folder', 'the model');
  const out = { write: (t: string) => io.out(t), isTTY: io.isTTY };
  const started = performance.now();
  const scanProgress = readProgress(out, settings.data);
  const scan = scanCsv(
    { path: settings.data, target: settings.target, features: settings.features, dropMissing: settings.dropMissing },
    (p) => scanProgress(p.bytes, p.total),
  );
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say(
    io,
    `Scanned ${settings.data}: ${scan.rows.toLocaleString('en-US')} rows (${megabytes(scan.bytes)}) in ${seconds}s; streaming it from disk in batches`,
  );
  if (scan.dropped > 0) say(io, `Skipped ${scan.dropped} of ${scan.rows + scan.dropped} rows with missing values.`);
  const task = taskOf(scan.tally, settings.loss, settings.data, settings.target);
  checkNetworkSize(scan.features.length, task, settings);
  const targetScaler = task.classes === null && settings.standardizeTarget ? scan.targetStats : null;
  const scaler = settings.standardize ? scan.scaler : null;
  const columns: StreamColumns = {
    path: settings.data,
    target: settings.target,
    features: scan.features,
    dropMissing: settings.dropMissing,
  };
  const encoding: StreamEncoding = { task, scaler, targetScaler };
  const tail = settings.validation === undefined && settings.validationSplit > 0;
  const trainRows = tail ? Math.floor(scan.rows * (1 - settings.validationSplit)) : scan.rows;
  if (trainRows < 1 || (tail && trainRows === scan.rows))
    throw new UsageError(
      `strata train: expected a --validation-split that leaves rows on both sides, got ${trainRows} of ${scan.rows} rows for training.`,
    );

  say(io, describeTask(task, settings.target, targetScaler));
  say(io, `Features (${scan.features.length}): ${shortList(scan.features)}${scaler ? ' (standardized)' : ''}`);
  const validationColumns = settings.validation ? { ...columns, path: settings.validation } : columns;
  // a bad cell or an unknown class in --validation FILE fails now, not after the first epoch
  let validationRows = 0;
  if (settings.validation)
    for (const piece of encodedPieces(validationColumns, encoding, { from: 0, to: Infinity }))
      validationRows += piece.x.length;
  const held = tail
    ? `, the last ${scan.rows - trainRows} held out for validation`
    : settings.validation
      ? `; ${validationRows} rows of ${settings.validation} for validation`
      : '';
  say(io, `Rows: ${scan.rows}${held}`);
  setSeed(settings.seed);
  const model = buildNetwork(scan.features.length, task, settings);
  model.summary({ printFn: (line) => say(io, line) });
  const pass = { bytes: 0, total: scan.bytes, rows: 0 };
  const batches = new StreamBatches(columns, encoding, {
    range: { from: 0, to: trainRows },
    batchSize: settings.batchSize,
    shuffleBuffer: SHUFFLE_ROWS,
    seed: settings.seed,
    progress: pass,
  });
  const validationRange = settings.validation ? { from: 0, to: Infinity } : { from: trainRows, to: scan.rows };
  const validation =
    tail || settings.validation
      ? new StreamBatches(validationColumns, encoding, {
          range: validationRange,
          batchSize: 1024,
          shuffleBuffer: 0,
          seed: 0,
        })
      : undefined;
  const fitSettings = { ...settings, validated: validation !== undefined };
  const signals = new StopSignals(io);
  try {
    const run = await trainWithProgress(
      model,
      (callbacks) =>
        model.fitDataset(batches, { epochs: settings.epochs, validationData: validation, verbose: 0, callbacks }),
      fitSettings,
      io,
      signals,
      new StreamProgress(out, pass, settings.epochs),
    );
    signals.finishing();
    if (run.stopped) sayStopped(io, run.stopped, settings.epochs);
    if (run.diverged) sayDiverged(io, run, settings.epochs);
    sayEarlyStopping(io, run, fitSettings);
    const valParts = validationParts(run, task, targetScaler);
    const all = { from: 0, to: scan.rows };
    let metrics: string[];
    if (task.classes === null) {
      const scores = await streamedScores(
        model,
        encodedPieces(columns, encoding, all),
        task.loss,
        scan.targetStats!.mean,
        targetScaler,
      );
      metrics = [formatMetric('loss', scores.loss), formatMetric('mae', scores.mae), `R² ${scores.r2.toFixed(3)}`];
    } else {
      const logs = await model.evaluateDataset(
        new StreamBatches(columns, encoding, { range: all, batchSize: 1024, shuffleBuffer: 0, seed: 0 }),
      );
      metrics = Object.entries(logs).map(([key, value]) => formatMetric(key, value));
    }
    say(
      io,
      `\nFinal: ${metrics.join(', ')} on all ${scan.rows} rows${valParts.length ? `; ${valParts.join(', ')}` : ''}`,
    );
    const metadata: CliMetadata = {
      format: 'strata-cli',
      version: METADATA_VERSION,
      target: settings.target,
      features: scan.features,
      task: task.kind,
      loss: task.loss,
      metrics: task.metrics,
      classes: task.classes,
      scaler,
      targetScaler,
    };
    await saveTrained(io, settings.out, model, run, metadata, (out) => `strata predict --model ${out} --data new.csv`);
    if (run.diverged) throw run.diverged.error;
    await signals.settle();
    if (signals.exitCode !== undefined) ctx.exitCode = signals.exitCode;
  } finally {
    signals.dispose();
  }
}
