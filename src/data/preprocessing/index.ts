// data/preprocessing (rank 4): scalers, label encoding and train/test splits; imports core and tensor only
import { csvDataset } from '../csv/csv-dataset.js';
import { npyDataset, readNpy } from '../npy/read-npy.js';
import { argMax } from './arg-max.js';
import { charVocabulary } from './char-vocabulary.js';
import { minMaxScaler } from './min-max-scaler.js';
import { oneHot } from './one-hot.js';
import { standardScaler } from './standard-scaler.js';
import { timeseriesWindows } from './timeseries-windows.js';
import { trainTestSplit } from './train-test-split.js';

/** The preprocessing helpers: scalers, one-hot encoding and its inverse, the train/test split, sequence helpers, CSV and .npy streaming. */
export const data = {
  standardScaler,
  minMaxScaler,
  oneHot,
  argMax,
  trainTestSplit,
  timeseriesWindows,
  charVocabulary,
  csvDataset,
  readNpy,
  npyDataset,
} as const;
export { MinMaxScaler } from './min-max-scaler.js';
export type { MinMaxScalerOptions } from './min-max-scaler.js';
export { StandardScaler } from './standard-scaler.js';
export type { MatrixLike } from './read-matrix.js';
export type { Scaler } from './scaler.js';
export type { TrainTestSplit, TrainTestSplitOptions } from './train-test-split.js';
export type { TimeseriesWindowsOptions } from './timeseries-windows.js';
export type { CharVocabulary } from './char-vocabulary.js';
export { CsvDataset } from '../csv/csv-dataset.js';
export type { CsvDatasetOptions, CsvScaler } from '../csv/csv-dataset.js';
export type { TextSource } from '../csv/text-chunks.js';
export type { NpyDatasetOptions, ReadNpyOptions } from '../npy/read-npy.js';
