// data/preprocessing (rank 4): scalers, label encoding and train/test splits; imports core and tensor only
import { argMax } from './arg-max.js';
import { minMaxScaler } from './min-max-scaler.js';
import { oneHot } from './one-hot.js';
import { standardScaler } from './standard-scaler.js';
import { trainTestSplit } from './train-test-split.js';

/** The preprocessing helpers: scalers, one-hot encoding and its inverse, and the train/test split. */
export const data = { standardScaler, minMaxScaler, oneHot, argMax, trainTestSplit } as const;
export { MinMaxScaler } from './min-max-scaler.js';
export type { MinMaxScalerOptions } from './min-max-scaler.js';
export { StandardScaler } from './standard-scaler.js';
export type { MatrixLike } from './read-matrix.js';
export type { Scaler } from './scaler.js';
export type { TrainTestSplit, TrainTestSplitOptions } from './train-test-split.js';
