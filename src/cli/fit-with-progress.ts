import { callbacks, ProgressLogger, type Callback, type History, type Sequential } from '../index.js';
import { GracefulStop, type StopReport } from './graceful-stop.js';
import { progressSink, type Io } from './io.js';

/** The training half of the settings. */
export interface FitSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
  /** Patience for early stopping (with the best weights restored); undefined for none. */
  readonly earlyStopping?: number;
}

/** What a training run returned, and whether Ctrl-C ended it. */
export interface FitRun {
  readonly history: History;
  /** Set when Ctrl-C stopped training. */
  readonly stopped?: StopReport;
}

/** fit() with the progress line on the command's output, Ctrl-C handling and optional early stopping. */
export async function fitWithProgress(
  model: Sequential,
  x: number[][],
  y: number[] | number[][],
  settings: FitSettings,
  io: Io,
): Promise<FitRun> {
  const graceful = new GracefulStop(io);
  const trainRows = settings.validationSplit > 0 ? Math.floor(x.length * (1 - settings.validationSplit)) : x.length;
  const list: Callback[] = [];
  if (settings.earlyStopping !== undefined)
    list.push(
      callbacks.earlyStopping({
        monitor: settings.validationSplit > 0 ? 'val_loss' : 'loss',
        patience: settings.earlyStopping,
        restoreBestWeights: true,
      }),
    );
  list.push(graceful, new ProgressLogger(undefined, 1, progressSink(io)));
  const history = await model.fit(x, y, {
    epochs: settings.epochs,
    // a small file still trains: the batch shrinks to the rows there are
    batchSize: Math.max(1, Math.min(settings.batchSize, trainRows)),
    validationSplit: settings.validationSplit,
    verbose: 0,
    callbacks: list,
  });
  return { history, stopped: graceful.report };
}
