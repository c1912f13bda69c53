import { ConfigError, layers, setSeed, type LossName, type Sequential } from '../../index.js';
import { buildNetwork, MAX_PARAMS } from '../build-network.js';
import type { CliContext } from '../cli-context.js';
import { readCsv } from '../csv-table.js';
import { shortList } from '../did-you-mean.js';
import { fitWithProgress, sayDiverged, sayEarlyStopping } from '../fit-with-progress.js';
import { sayStopped } from '../graceful-stop.js';
import { progressSink, say, type Io } from '../io.js';
import { SERIES_METADATA_VERSION, type CliMetadata, type ScalerStats } from '../model-bundle.js';
import { readProgress } from '../read-progress.js';
import { fitSeriesScaler, seriesColumns, seriesInputs, seriesWindows, splitSeries } from '../series-data.js';
import { StopSignals } from '../stop-signals.js';
import type { Task } from '../task.js';
import type { CsvTrainSettings } from '../train-settings.js';
import { checkWritable } from '../write-errors.js';
import { UsageError } from '../report-error.js';
import { saveTrained } from '../save-trained.js';

const REGRESSION: readonly LossName[] = ['meanSquaredError', 'meanAbsoluteError', 'huber'];

/** A forecaster's task: `horizon` linear outputs with a regression loss (MSE unless --loss names another). */
function seriesTask(loss: CsvTrainSettings['loss'], horizon: number): Task {
  if (loss !== 'auto' && !REGRESSION.includes(loss))
    throw new ConfigError({
      where: '--loss',
      expected: `a regression loss for a forecaster (${REGRESSION.join(', ')}, or auto)`,
      received: loss,
      hint: 'A series is forecast as numbers: leave out --loss, or pick one of those.',
    });
  const chosen = loss === 'auto' ? 'meanSquaredError' : loss;
  return {
    kind: 'regression',
    loss: chosen,
    outputActivation: 'linear',
    outputUnits: horizon,
    classes: null,
    metrics: ['mae'],
  };
}

/** An LSTM of the first --layers size over the window, the other sizes as Dense layers, then `horizon` outputs. */
function forecaster(inputs: number, window: number, task: Task, settings: CsvTrainSettings): Sequential {
  const [units, ...dense] = settings.layers;
  if (units === undefined)
    throw new ConfigError({
      where: '--layers',
      expected: "at least one size with --window (the first is the LSTM's units, the rest Dense layers)",
      received: 'none',
      hint: 'For example --layers 32, or --layers 64,32 for an LSTM of 64 and a Dense layer of 32.',
    });
  let params = 4 * (inputs + units + 1) * units;
  let width = units;
  for (const n of [...dense, task.outputUnits]) [params, width] = [params + (width + 1) * n, n];
  if (params > MAX_PARAMS)
    throw new ConfigError({
      where: '--layers',
      expected: `a network of at most ${MAX_PARAMS.toLocaleString('en-US')} parameters`,
      received: `${params.toLocaleString('en-US')} (LSTM ${units}${dense.length ? `, Dense ${dense.join(',')}` : ''} on ${inputs} columns)`,
      hint: 'Use a smaller LSTM or fewer Dense layers.',
    });
  const lstm = layers.lstm({ units, inputShape: [window, inputs] });
  return buildNetwork(inputs, task, { ...settings, layers: dense }, [lstm]);
}

/** Mean absolute and root mean squared error of forecasts against what happened, all horizon steps together. */
function errors(predicted: ArrayLike<number>, actual: ArrayLike<number>): { mae: number; rmse: number } {
  let abs = 0;
  let sq = 0;
  for (let i = 0; i < actual.length; i++) {
    abs += Math.abs(predicted[i] - actual[i]);
    sq += (predicted[i] - actual[i]) ** 2;
  }
  return { mae: abs / actual.length, rmse: Math.sqrt(sq / actual.length) };
}

/**
 * Forecasts of windows [from, to) in the series' units beside the naive forecast (the window's last value repeated
 * for every step ahead), which a forecaster has to beat to be worth anything.
 */
export function compareWithNaive(
  model: Sequential,
  raw: readonly (readonly number[])[],
  scaled: readonly (readonly number[])[],
  scaler: ScalerStats,
  series: { window: number; horizon: number },
  span: { from: number; to: number },
) {
  const { window, horizon } = series;
  const { x, y } = seriesWindows(scaled, window, horizon, span.from, span.to);
  const out = model.predict(x);
  const predicted = Array.from(out.data, (v) => v * scaler.scale[0] + scaler.mean[0]);
  out.dispose();
  const actual = Array.from(y.data, (v) => v * scaler.scale[0] + scaler.mean[0]);
  x.dispose();
  y.dispose();
  const naive = actual.map((_, i) => raw[span.from + Math.floor(i / horizon) + window - 1][0]);
  return { model: errors(predicted, actual), naive: errors(naive, actual), windows: span.to - span.from };
}

function sayComparison(io: Io, report: ReturnType<typeof compareWithNaive>, where: string, horizon: number): void {
  const { model, naive } = report;
  const f = (v: number) => v.toPrecision(4);
  const gain = naive.mae > 0 ? (100 * (naive.mae - model.mae)) / naive.mae : 0;
  say(
    io,
    `Forecast on ${where} (${report.windows} windows × ${horizon} step${horizon > 1 ? 's' : ''}): MAE ${f(model.mae)}, RMSE ${f(model.rmse)}; ` +
      `naive last value MAE ${f(naive.mae)}, RMSE ${f(naive.rmse)} (${gain >= 0 ? `${gain.toFixed(1)}% better` : `${(-gain).toFixed(1)}% worse`})`,
  );
  if (model.mae >= naive.mae)
    io.err(
      'warning: the forecaster is no better than repeating the last value. Train longer (--epochs), try another --window or --lr, or check that the series has a pattern to learn.\n',
    );
}

/**
 * `strata train --window N [--horizon H]`: an LSTM forecaster for the target column of a CSV time series (rows in
 * time order), standardized with statistics of the training span, validated on the series' later span, and
 * reported against the naive last-value forecast.
 */
export async function trainSeries(settings: CsvTrainSettings, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  if (settings.out !== undefined) checkWritable(settings.out, 'folder', 'the model');
  const window = settings.window ?? 1;
  const horizon = settings.horizon ?? 1;
  if (settings.window === undefined)
    throw new UsageError(
      `strata train: expected --window N with --horizon (the steps each forecast sees), got --horizon ${horizon} alone. For example --window 24 --horizon ${horizon}.`,
    );
  if (settings.stream || settings.validation !== undefined)
    throw new UsageError(
      `strata train: expected --window without ${settings.stream ? '--stream' : '--validation'}, got both. A forecaster loads its series and validates on its later span (--validation-split).`,
    );
  const table = readCsv(settings.data, readProgress(progressSink(io), settings.data));
  const columns = seriesInputs(table.path, settings.target, settings.features);
  const raw = seriesColumns(table, columns);
  const split = splitSeries(table.path, raw.length, window, horizon, settings.validationSplit);
  // statistics of the training span only: the validation span stays unseen, as the future would be
  const scaler = fitSeriesScaler(raw, split.cut);
  const scaled = raw.map((row) => row.map((v, j) => (v - scaler.mean[j]) / scaler.scale[j]));
  const task = seriesTask(settings.loss, horizon);
  const extra = columns.length > 1 ? `, with ${shortList(columns.slice(1))} as inputs` : '';
  say(
    io,
    `Task: forecast '${settings.target}' ${horizon} step${horizon > 1 ? 's' : ''} ahead from the last ${window}${extra} → LSTM + linear output + ${task.loss}`,
  );
  say(io, `Series: ${raw.length} steps (standardized: mean and std of the training span, saved with the model)`);
  const held = split.windows - split.validationStart;
  say(
    io,
    `Windows: ${split.trainWindows} for training` +
      (held > 0
        ? `, the last ${held} (targets from step ${split.cut + 1} on) for validation, split in time order`
        : ''),
  );
  setSeed(settings.seed);
  const model = forecaster(columns.length, window, task, settings);
  model.summary({ printFn: (line) => say(io, line) });
  const train = seriesWindows(scaled, window, horizon, 0, split.trainWindows);
  const validation =
    held > 0 ? seriesWindows(scaled, window, horizon, split.validationStart, split.windows) : undefined;
  const signals = new StopSignals(io);
  const fitSettings = { ...settings, validated: validation !== undefined };
  try {
    const run = await fitWithProgress(
      model,
      train.x,
      train.y,
      fitSettings,
      io,
      signals,
      validation && [validation.x, validation.y],
    );
    signals.finishing();
    if (run.stopped) sayStopped(io, run.stopped, settings.epochs);
    if (run.diverged) sayDiverged(io, run, settings.epochs);
    sayEarlyStopping(io, run, fitSettings);
    const span = held > 0 ? { from: split.validationStart, to: split.windows } : { from: 0, to: split.trainWindows };
    if (!run.diverged || run.diverged.kept !== 'none') {
      const report = compareWithNaive(model, raw, scaled, scaler, { window, horizon }, span);
      sayComparison(
        io,
        report,
        held > 0 ? 'the validation span' : 'the training windows (no validation span)',
        horizon,
      );
    }
    const metadata: CliMetadata = {
      format: 'strata-cli',
      version: SERIES_METADATA_VERSION,
      target: settings.target,
      features: columns,
      task: 'regression',
      loss: task.loss,
      metrics: task.metrics,
      classes: null,
      scaler,
      targetScaler: { mean: scaler.mean[0], scale: scaler.scale[0] },
      series: { window, horizon },
    };
    await saveTrained(
      io,
      settings.out,
      model,
      run,
      metadata,
      (out) => `strata predict --model ${out} --data ${settings.data} --steps ${horizon}`,
    );
    if (run.diverged) throw run.diverged.error;
    await signals.settle();
    if (signals.exitCode !== undefined) ctx.exitCode = signals.exitCode;
  } finally {
    signals.dispose();
    for (const t of [train.x, train.y, validation?.x, validation?.y]) t?.dispose();
  }
}
