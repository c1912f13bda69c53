// callbacks (rank 4): training hooks, History and the progress line; imports ranks 0–3, never model
import { csvLogger } from './csv-logger.js';
import { earlyStopping } from './early-stopping.js';
import { learningRateScheduler } from './learning-rate-scheduler.js';
import { modelCheckpoint } from './model-checkpoint.js';
import { reduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { terminateOnNaN } from './terminate-on-nan.js';

export const callbacks = {
  earlyStopping,
  reduceLROnPlateau,
  learningRateScheduler,
  terminateOnNaN,
  csvLogger,
  modelCheckpoint,
} as const;
export type { ModelCheckpointOptions } from './model-checkpoint.js';
export type { Callback, Logs, TrainContext, TrainParams } from './callback.js';
export type { EarlyStoppingOptions } from './early-stopping.js';
export type { ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';
export type { CsvLoggerOptions } from './csv-logger.js';
export type { MonitorMode } from './monitor.js';
export { History } from './history.js';
export { ProgressLogger, defaultSink, formatLogs } from './progress-logger.js';
export type { ProgressSink } from './progress-logger.js';
