// callbacks (rank 4): training hooks, History and the progress line; imports ranks 0–3, never model
export type { Callback, Logs, TrainContext, TrainParams } from './callback.js';
export { History } from './history.js';
export { ProgressLogger, defaultSink, formatLogs } from './progress-logger.js';
export type { ProgressSink } from './progress-logger.js';
