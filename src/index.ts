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
  SpatialDropout2D,
  Activation as ActivationLayer,
  LeakyReLU,
  BatchNormalization,
  Flatten,
  Reshape,
  Conv2D,
  Conv1D,
  MaxPooling2D,
  AveragePooling2D,
  MaxPooling1D,
  AveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  GlobalAveragePooling1D,
  GlobalMaxPooling1D,
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
  SpatialDropout2DConfig,
  FlattenConfig,
  KerasConfig,
  Layer,
  LayerClass,
  LayerConfig,
  LeakyReLUConfig,
  OnnxAttribute,
  OnnxGraph,
  ReshapeConfig,
  Conv2DConfig,
  Conv1DConfig,
  MaxPooling2DConfig,
  AveragePooling2DConfig,
  MaxPooling1DConfig,
  AveragePooling1DConfig,
  GlobalAveragePooling2DConfig,
  GlobalMaxPooling2DConfig,
  GlobalAveragePooling1DConfig,
  GlobalMaxPooling1DConfig,
  ConvConfig,
  PoolingConfig,
  GlobalPoolingConfig,
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
export { datasets, data, StandardScaler, MinMaxScaler, CsvDataset } from './data/index.js';
export type {
  AddingProblemOptions,
  BlobsOptions,
  CharVocabulary,
  CirclesOptions,
  CsvDatasetOptions,
  CsvScaler,
  ClassificationOptions,
  DataOptions,
  Dataset,
  DatasetName,
  IdxArray,
  IdxImagesOptions,
  IdxType,
  LabelEncoding,
  MakeClassificationOptions,
  MatrixLike,
  MinMaxScalerOptions,
  MoonsOptions,
  NoisySineOptions,
  NpyDatasetOptions,
  ReadNpyOptions,
  Scaler,
  SineRegressionOptions,
  SpiralOptions,
  TextSource,
  TimeseriesWindowsOptions,
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
  FeatureMap,
  FeatureMapsOptions,
  FilterGridOptions,
  HistoryLike,
  HistoryPlotOptions,
  ImageGridOptions,
  ImageLabels,
  JsonValue,
  MisclassifiedOptions,
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
export {
  Sequential,
  sequential,
  gradientCheck,
  layerOutputs,
  loadModel,
  exportOnnx,
  readModelArtifacts,
  exportPyTorch,
  loadSafetensors,
  loadWeights,
  parseSafetensors,
  toSafetensors,
} from './model/index.js';
export type {
  CompileConfig,
  DatasetBatch,
  DatasetLike,
  EvaluateOptions,
  FitDatasetOptions,
  FitOptions,
  GradientCheckOptions,
  GradientCheckResult,
  LayerOutput,
  LoadOptions,
  LoadWeightsOptions,
  ModelArtifacts,
  OnnxExportOptions,
  PyTorchExportOptions,
  PyTorchFiles,
  Safetensors,
  SaveOptions,
  SequentialConfig,
  WeightSpec,
} from './model/index.js';
