// io (rank 5): the file formats (TF.js layers-model, checkpoints, ONNX) over plain model structures; imports ranks 0–4
export { assignSavedWeights, parseArtifacts, toArtifacts } from './artifacts.js';
export type { ModelArtifacts, ParsedModel, SavedArray, SavedModel, SaveOptions, WeightSpec } from './artifacts.js';
export { fromKerasLayer, toKerasLayer } from './layer-json.js';
export type { KerasLayerJson } from './layer-json.js';
export { artifactsFromJson, readModelFiles, writeModelFiles } from './model-files.js';
export { onnxBytes } from './onnx-export.js';
export type { OnnxModel } from './onnx-export.js';
export { restoreOptimizerState, trainingConfigOf, trainingFromConfig } from './training-config.js';
export type { TrainingState } from './training-config.js';
