// data (rank 4): seeded synthetic datasets, preprocessing, streaming readers (CSV, .npy) and IDX files; imports core and tensor only
import { idxDataset, idxImages, idxLabels, readIdx } from './idx/index.js';
import { data as preprocessing } from './preprocessing/index.js';

export { datasets } from './synthetic/index.js';
export type {
  AddingProblemOptions,
  BlobsOptions,
  CirclesOptions,
  ClassificationOptions,
  DatasetName,
  LabelEncoding,
  MakeClassificationOptions,
  MoonsOptions,
  NoisySineOptions,
  SineRegressionOptions,
  SpiralOptions,
  XorOptions,
} from './synthetic/index.js';
/** The data helpers: scalers, one-hot encoding and its inverse, the train/test split, sequence helpers, CSV and .npy
 * streaming, and the IDX readers. */
export const data = { ...preprocessing, readIdx, idxImages, idxLabels, idxDataset } as const;
export { CsvDataset, MinMaxScaler, StandardScaler } from './preprocessing/index.js';
export type { IdxArray, IdxImagesOptions, IdxType } from './idx/index.js';
export type {
  CharVocabulary,
  CsvDatasetOptions,
  CsvScaler,
  MatrixLike,
  MinMaxScalerOptions,
  NpyDatasetOptions,
  ReadNpyOptions,
  Scaler,
  TextSource,
  TimeseriesWindowsOptions,
  TrainTestSplit,
  TrainTestSplitOptions,
} from './preprocessing/index.js';
export type { DataOptions } from './data-options.js';
export type { Dataset } from './dataset.js';
