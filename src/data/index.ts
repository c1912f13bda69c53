// data (rank 4): seeded synthetic datasets and preprocessing (scalers, one-hot, splits); imports core and tensor only
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
export { CsvDataset, data, MinMaxScaler, StandardScaler } from './preprocessing/index.js';
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
