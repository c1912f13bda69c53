// data (rank 4): seeded synthetic datasets and preprocessing (scalers, one-hot, splits); imports core and tensor only
export { datasets } from './synthetic/index.js';
export type {
  BlobsOptions,
  CirclesOptions,
  ClassificationOptions,
  DatasetName,
  LabelEncoding,
  MakeClassificationOptions,
  MoonsOptions,
  SineRegressionOptions,
  SpiralOptions,
  XorOptions,
} from './synthetic/index.js';
export { data, MinMaxScaler, StandardScaler } from './preprocessing/index.js';
export type {
  MatrixLike,
  MinMaxScalerOptions,
  Scaler,
  TrainTestSplit,
  TrainTestSplitOptions,
} from './preprocessing/index.js';
export type { DataOptions } from './data-options.js';
export type { Dataset } from './dataset.js';
