// model (rank 6): Sequential, its training loop, and loading a model from what io parsed; imports ranks 0–5
export { Sequential, sequential } from './sequential.js';
export type { SequentialConfig } from './sequential.js';
export type { CompileConfig } from './compile-config.js';
export type { EvaluateOptions, FitOptions } from './fit-options.js';
export { gradientCheck } from './gradient-check.js';
export { layerOutputs } from './layer-outputs.js';
export type { LayerOutput } from './layer-outputs.js';
export type { GradientCheckOptions, GradientCheckResult } from './gradient-check.js';
export { layerFromConfig } from '../layers/layer-classes.js';
export { loadModel, readModelArtifacts } from './load-model.js';
export type { LoadOptions } from './load-model.js';
export type { ModelArtifacts, SaveOptions, WeightSpec } from '../io/artifacts.js';
export { exportOnnx } from './export-onnx.js';
export type { OnnxExportOptions } from './export-onnx.js';
