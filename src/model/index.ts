// model (rank 5): Sequential and its training loop; imports ranks 0–4
export { Sequential, sequential } from './sequential.js';
export type { CompileConfig, SequentialConfig } from './sequential.js';
export type { EvaluateOptions, FitOptions } from './fit-options.js';
export { gradientCheck } from './gradient-check.js';
export type { GradientCheckOptions, GradientCheckResult } from './gradient-check.js';
export { layerFromConfig } from './layer-from-config.js';
export { loadModel } from './model-files.js';
export type { ModelArtifacts, SaveOptions, WeightSpec } from './artifacts.js';
export { exportOnnx } from './onnx-export.js';
