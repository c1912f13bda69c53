import {
  callbacks,
  ProgressLogger,
  type Callback,
  type History,
  type NumericError,
  type Sequential,
  type Tensor,
} from '../index.js';
import { GracefulStop, type StopReport } from './graceful-stop.js';
import { progressSink, say, type Io } from './io.js';
import type { StopSignals } from './stop-signals.js';

/** The training half of the settings. */
export interface FitSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
  /** Patience for early stopping (with the best weights restored); undefined for none. */
  readonly earlyStopping?: number;
  /** Whether epochs end with val_ values (default: validationSplit > 0); early stopping then watches val_loss. */
  readonly validated?: boolean;
}

/** Runs the training itself with the callbacks given: fit, or fitDataset on a stream. */
export type Trainer = (callbacks: Callback[]) => Promise<History>;

const monitorOf = (settings: FitSettings) =>
  (settings.validated ?? settings.validationSplit > 0) ? 'val_loss' : 'loss';

/** What a training run returned, and what ended it early. */
export interface FitRun {
  readonly history: History;
  /** Set when Ctrl-C or SIGTERM stopped training. */
  readonly stopped?: StopReport;
  /**
   * Set when a loss or an update became NaN or Infinity: the model holds the weights from before that batch, or
   * those of the best epoch (0-based) so far, or none were finite.
   */
  readonly diverged?: { readonly error: NumericError; readonly kept: 'before-batch' | number | 'none' };
}

const allFinite = (weights: readonly Tensor[]) => weights.every((w) => w.data.every((v) => Number.isFinite(v)));

/**
 * fit() with the progress line on the command's output, Ctrl-C/SIGTERM handling, optional early stopping, and a
 * diverging loss ending training with the last finite weights kept instead of throwing them away. With
 * `validationData`, the split is the caller's (a forecaster's later span) and validationSplit is not applied.
 */
export function fitWithProgress(
  model: Sequential,
  x: number[][] | Tensor,
  y: number[] | number[][] | Tensor,
  settings: FitSettings,
  io: Io,
  signals: StopSignals,
  validationData?: readonly [Tensor, Tensor],
): Promise<FitRun> {
  const rows = Array.isArray(x) ? x.length : x.shape[0];
  const split = validationData ? 0 : settings.validationSplit;
  const trainRows = split > 0 ? Math.floor(rows * (1 - split)) : rows;
  const trainer: Trainer = (callbacks) =>
    model.fit(x, y, {
      epochs: settings.epochs,
      // a small file still trains: the batch shrinks to the rows there are
      batchSize: Math.max(1, Math.min(settings.batchSize, trainRows)),
      ...(validationData ? { validationData } : { validationSplit: split }),
      verbose: 0,
      callbacks,
    });
  const validated = settings.validated ?? (validationData !== undefined || split > 0);
  return trainWithProgress(model, trainer, { ...settings, validated }, io, signals);
}

/**
 * Training by `trainer` with what fitWithProgress adds: signals, early stopping, divergence handling, and
 * `progress` (default: the Keras-style progress line on the command's output).
 */
export async function trainWithProgress(
  model: Sequential,
  trainer: Trainer,
  settings: FitSettings,
  io: Io,
  signals: StopSignals,
  progress: Callback = new ProgressLogger(undefined, 1, progressSink(io)),
): Promise<FitRun> {
  const graceful = new GracefulStop(signals);
  let divergence: NumericError | undefined;
  const list: Callback[] = [
    {
      // the step that met NaN was not applied: the weights are those before it
      onNonFinite(error, ctx) {
        divergence = error;
        ctx.stopTraining = true;
        return true;
      },
    },
  ];
  if (settings.earlyStopping !== undefined)
    list.push(
      callbacks.earlyStopping({
        monitor: monitorOf(settings),
        patience: settings.earlyStopping,
        restoreBestWeights: true,
      }),
    );
  list.push(graceful, progress);
  const history = await trainer(list);
  if (!divergence) return { history, stopped: graceful.report };
  let kept: 'before-batch' | number | 'none' = 'before-batch';
  // batch normalization's moving statistics are updated in the forward pass, before the loss is seen
  if (!allFinite(model.getWeights())) {
    // the best epoch's own statistics may have overflowed already while its loss stayed finite
    const best = graceful.best && allFinite(graceful.best.weights) ? graceful.best : undefined;
    if (best) model.setWeights(best.weights);
    kept = best ? best.epoch : 'none';
  } else if (settings.earlyStopping !== undefined && history.bestEpoch !== null) kept = history.bestEpoch;
  return { history, stopped: graceful.report, diverged: { error: divergence, kept } };
}

/** One line on what a diverged run kept. */
export function sayDiverged(io: Io, run: FitRun, epochs: number): void {
  const { error, kept } = run.diverged!;
  const where = `epoch ${error.epoch + 1}/${epochs}, batch ${error.batch + 1}`;
  const what =
    kept === 'before-batch'
      ? 'kept the last finite weights (those before that batch)'
      : kept === 'none'
        ? 'no finite weights to keep'
        : `kept the weights of epoch ${kept + 1}, the best so far`;
  const value = error.expected === 'a finite loss' ? `loss ${error.received}` : `${error.received} after the update`;
  say(io, `\nTraining diverged at ${where} (${value}): ${what}.`);
}

/** One line on which epoch's weights early stopping kept, and whether it ended training. */
export function sayEarlyStopping(io: Io, run: FitRun, settings: FitSettings): void {
  const { history } = run;
  if (settings.earlyStopping === undefined || run.stopped || run.diverged || history.bestEpoch === null) return;
  const monitor = monitorOf(settings);
  const best = history.bestEpoch;
  const value = history.history[monitor]?.[history.epoch.indexOf(best)];
  const kept = `kept the weights of epoch ${best + 1} (${monitor} ${value?.toFixed(4)})`;
  const last = history.epoch.at(-1)! + 1;
  say(
    io,
    history.stoppedEarly
      ? `Early stopping: no ${monitor} improvement for ${settings.earlyStopping} epochs, so training stopped after epoch ${last}/${settings.epochs}; ${kept}.`
      : `Early stopping did not end training (${last}/${settings.epochs} epochs); ${kept}, the best.`,
  );
}
