// layers (rank 4): the Layer contract, the layer classes and their descriptors; imports ranks 0–3
import { activation } from './activation.js';
import { batchNormalization } from './batch-normalization.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { flatten } from './flatten.js';
import type { Layer } from './layer.js';
import { leakyReLU } from './leaky-relu.js';
import type { LayerClassName } from './layer-classes.js';
import { reshape } from './reshape.js';

/** One factory per class in layer-classes.ts, named after it: the compiler reports a missing or extra one. */
type Factories = { readonly [K in LayerClassName as Uncapitalize<K>]: (config: never) => Layer };

export const layers = {
  dense,
  activation,
  leakyReLU,
  dropout,
  batchNormalization,
  flatten,
  reshape,
} as const satisfies Factories;
export { Dense } from './dense.js';
export type { DenseConfig } from './dense.js';
export { Activation } from './activation.js';
export type { ActivationConfig } from './activation.js';
export { LeakyReLU } from './leaky-relu.js';
export type { LeakyReLUConfig } from './leaky-relu.js';
export { Dropout } from './dropout.js';
export type { DropoutConfig } from './dropout.js';
export { BatchNormalization } from './batch-normalization.js';
export type { BatchNormalizationConfig } from './batch-normalization.js';
export { Flatten } from './flatten.js';
export type { FlattenConfig } from './flatten.js';
export { Reshape } from './reshape.js';
export type { ReshapeConfig } from './reshape.js';
export type { BuildContext, Layer, LayerConfig } from './layer.js';
export { describeLayer } from './layer.js';
export type { CustomLayerClass, KerasConfig, LayerClass, OnnxAttribute, OnnxGraph } from './layer-class.js';
export { findLayerClass, layerClasses, layerFromConfig } from './layer-classes.js';
export type { LayerClassName } from './layer-classes.js';
