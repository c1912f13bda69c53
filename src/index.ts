// strata (rank 6): the public API; explicit named exports only
export { setSeed, Rng } from './core/rng.js';
export {
  ConfigError,
  DataError,
  FormatError,
  MemoryError,
  NumericError,
  ShapeError,
  StateError,
  StrataError,
  WriteError,
} from './core/errors.js';
export type { ErrorCode, ErrorFacts } from './core/errors.js';
export type { Shape, ShapeSpec } from './core/shape.js';
export type { DType, FloatArray, Mode } from './core/types.js';
export type { Kernels } from './kernels/kernels.js';
export { jsKernels } from './kernels/js/index.js';
export { selectKernels } from './kernels/select.js';
export type { SelectOptions } from './kernels/select.js';
export { wasmKernels } from './kernels/wasm/index.js';
export { Tensor, tensor } from './tensor/tensor.js';
export type { NestedArray, NestedInput, NumericArray, TensorLike } from './tensor/tensor.js';
export { ops } from './tensor/ops/public.js';
export { getBackend, useKernels } from './tensor/backend.js';
export type { BackendInfo } from './tensor/backend.js';
export type { Param, Regularizer } from './tensor/param.js';
export { activations } from './activations/index.js';
export type { Activation, ActivationName } from './activations/index.js';
export { initializers } from './initializers/index.js';
export type { Initializer, InitializerName } from './initializers/index.js';
export { regularizers } from './regularizers/index.js';
export { losses } from './losses/index.js';
export type { Loss, LossAlias, LossName } from './losses/index.js';
export type { Metric, MetricName } from './metrics/index.js';
export {
  layers,
  Dense,
  Dropout,
  Activation as ActivationLayer,
  BatchNormalization,
  Flatten,
  Reshape,
  SimpleRNN,
  LSTM,
  GRU,
  Embedding,
  Bidirectional,
} from './layers/index.js';
export type {
  ActivationConfig,
  BatchNormalizationConfig,
  BuildContext,
  CustomLayerClass,
  DenseConfig,
  DropoutConfig,
  FlattenConfig,
  KerasConfig,
  Layer,
  LayerClass,
  LayerConfig,
  OnnxAttribute,
  OnnxGraph,
  ReshapeConfig,
  SimpleRNNConfig,
  LSTMConfig,
  GRUConfig,
  RecurrentConfig,
  EmbeddingConfig,
  BidirectionalConfig,
} from './layers/index.js';
export { optimizers, schedules } from './optimizers/index.js';
export type {
  AdagradOptions,
  AdamOptions,
  AdamwOptions,
  CommonOptions,
  MomentumOptions,
  Optimizer,
  OptimizerConfig,
  OptimizerName,
  LearningRateSchedule,
  ExponentialDecayOptions,
  CosineDecayOptions,
  RmspropOptions,
  SgdOptions,
} from './optimizers/index.js';
export { datasets, data, StandardScaler, MinMaxScaler } from './data/index.js';
export type {
  BlobsOptions,
  CirclesOptions,
  ClassificationOptions,
  DataOptions,
  Dataset,
  DatasetName,
  LabelEncoding,
  MakeClassificationOptions,
  MatrixLike,
  MinMaxScalerOptions,
  MoonsOptions,
  Scaler,
  SineRegressionOptions,
  SpiralOptions,
  TrainTestSplit,
  TrainTestSplitOptions,
  XorOptions,
} from './data/index.js';
export { plots, confusionMatrix } from './plot/index.js';
export type {
  ActivationsPlotOptions,
  ConfusionMatrix,
  ConfusionMatrixPlotOptions,
  DecisionBoundaryOptions,
  HistoryLike,
  HistoryPlotOptions,
  JsonValue,
  NetworkLayer,
  NetworkPlotOptions,
  VegaLiteSpec,
} from './plot/index.js';
export { callbacks, History, ProgressLogger } from './callbacks/index.js';
export type {
  Callback,
  CsvLoggerOptions,
  EarlyStoppingOptions,
  Logs,
  ModelCheckpointOptions,
  MonitorMode,
  ProgressSink,
  ReduceLROnPlateauOptions,
  TrainContext,
  TrainParams,
} from './callbacks/index.js';
export { Sequential, sequential, gradientCheck, loadModel, exportOnnx, readModelArtifacts } from './model/index.js';
export type {
  CompileConfig,
  EvaluateOptions,
  FitOptions,
  GradientCheckOptions,
  GradientCheckResult,
  LoadOptions,
  ModelArtifacts,
  OnnxExportOptions,
  SaveOptions,
  SequentialConfig,
  WeightSpec,
} from './model/index.js';
