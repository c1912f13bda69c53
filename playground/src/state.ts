// The playground's whole state as plain data: what the URL holds, what the worker builds, what "show code" prints.

export const DATASETS = ['spiral', 'circles', 'xor', 'blobs', 'moons', 'spiral3', 'spiral5', 'plane', 'sine'] as const;
export type DatasetId = (typeof DATASETS)[number];
export const DATASET_LABELS: Record<DatasetId, string> = {
  spiral: 'Spiral (2 classes)',
  circles: 'Circles',
  xor: 'XOR',
  blobs: 'Gaussian blobs',
  moons: 'Moons',
  spiral3: 'Spiral (3 classes)',
  spiral5: 'Spiral (5 classes)',
  plane: 'Regression: plane',
  sine: 'Regression: sine',
};
export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'linear', 'leakyRelu', 'elu', 'gelu', 'swish'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'rmsprop', 'adam', 'adamw'] as const;
/** Epochs per second while playing: slow enough to watch, or as fast as the machine goes. */
export const SPEEDS = { slow: 5, normal: 30, fast: Infinity } as const;
export type Speed = keyof typeof SPEEDS;
export const INITIALIZERS = ['glorotUniform', 'glorotNormal', 'heNormal', 'heUniform', 'lecunNormal'] as const;
/** Input features as TensorFlow Playground offers them; x1 and x2 are the point's coordinates. */
export const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export type FeatureId = (typeof FEATURES)[number];
export const FEATURE_LABELS: Record<FeatureId, string> = {
  x1: 'x₁',
  x2: 'x₂',
  x1sq: 'x₁²',
  x2sq: 'x₂²',
  x1x2: 'x₁x₂',
  sinx1: 'sin x₁',
  sinx2: 'sin x₂',
};

export interface LayerSpec {
  units: number;
  activation: (typeof ACTIVATIONS)[number];
}

/** A point the user clicked in (class id, or target value for regression). */
export interface AddedPoint {
  x1: number;
  x2: number;
  label: number;
}

export interface PlaygroundState {
  dataset: DatasetId;
  noise: number;
  points: number;
  /** Share of points held out for testing, in percent. */
  testPercent: number;
  seed: number;
  features: FeatureId[];
  layers: LayerSpec[];
  initializer: (typeof INITIALIZERS)[number];
  dropout: number;
  batchNorm: boolean;
  l1: number;
  l2: number;
  optimizer: (typeof OPTIMIZERS)[number];
  learningRate: number;
  batchSize: number;
  speed: Speed;
  discretize: boolean;
  showTest: boolean;
  /** Points the user clicked in, and indices of generated points the user erased. */
  added: AddedPoint[];
  erased: number[];
}

export const DEFAULT_STATE: PlaygroundState = {
  dataset: 'spiral',
  noise: 0.2,
  points: 300,
  testPercent: 50,
  seed: 1,
  features: ['x1', 'x2'],
  layers: [
    { units: 8, activation: 'tanh' },
    { units: 8, activation: 'tanh' },
    { units: 8, activation: 'tanh' },
  ],
  initializer: 'glorotUniform',
  dropout: 0,
  batchNorm: false,
  l1: 0,
  l2: 0,
  optimizer: 'adam',
  learningRate: 0.03,
  batchSize: 16,
  speed: 'normal',
  discretize: false,
  showTest: false,
  added: [],
  erased: [],
};

export const isRegression = (dataset: DatasetId): boolean => dataset === 'plane' || dataset === 'sine';

/** Classes of a dataset: 1 means regression (one real-valued output). */
export function classCount(dataset: DatasetId): number {
  if (isRegression(dataset)) return 1;
  if (dataset === 'spiral3') return 3;
  if (dataset === 'spiral5') return 5;
  return 2;
}
