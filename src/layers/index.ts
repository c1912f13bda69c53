// layers (rank 4): the Layer contract, the layer classes and their descriptors; imports ranks 0–3
import { activation } from './activation.js';
import { batchNormalization } from './batch-normalization.js';
import { bidirectional } from './bidirectional.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { embedding } from './embedding.js';
import { flatten } from './flatten.js';
import { gru } from './gru.js';
import type { Layer } from './layer.js';
import { leakyReLU } from './leaky-relu.js';
import type { LayerClassName } from './layer-classes.js';
import { lstm } from './lstm.js';
import { reshape } from './reshape.js';
import { simpleRNN } from './simple-rnn.js';
import { spatialDropout2d } from './spatial-dropout2d.js';
import { conv2d } from './conv2d.js';
import { conv1d } from './conv1d.js';
import { maxPooling2d } from './max-pooling2d.js';
import { averagePooling2d } from './average-pooling2d.js';
import { maxPooling1d } from './max-pooling1d.js';
import { averagePooling1d } from './average-pooling1d.js';
import { globalAveragePooling2d } from './global-average-pooling2d.js';
import { globalMaxPooling2d } from './global-max-pooling2d.js';
import { globalAveragePooling1d } from './global-average-pooling1d.js';
import { globalMaxPooling1d } from './global-max-pooling1d.js';

/**
 * A factory's name, as TF.js names it: the class name in camelCase, a lower-case 'd' after a rank (Conv2D → conv2d),
 * an all-capitals name lower-cased whole (LSTM → lstm).
 */
type FactoryName<K extends string> = K extends `${infer P}1D`
  ? `${Uncapitalize<P>}1d`
  : K extends `${infer P}2D`
    ? `${Uncapitalize<P>}2d`
    : K extends Uppercase<K>
      ? Lowercase<K>
      : Uncapitalize<K>;

/** One factory per class in layer-classes.ts, named after it: the compiler reports a missing or extra one. */
type Factories = { readonly [K in LayerClassName as FactoryName<K>]: (config: never) => Layer };

export const layers = {
  dense,
  activation,
  leakyReLU,
  dropout,
  spatialDropout2d,
  batchNormalization,
  flatten,
  reshape,
  conv2d,
  conv1d,
  maxPooling2d,
  averagePooling2d,
  maxPooling1d,
  averagePooling1d,
  globalAveragePooling2d,
  globalMaxPooling2d,
  globalAveragePooling1d,
  globalMaxPooling1d,
  simpleRNN,
  lstm,
  gru,
  embedding,
  bidirectional,
} as const satisfies Factories;
export { Dense } from './dense.js';
export type { DenseConfig } from './dense.js';
export { Activation } from './activation.js';
export type { ActivationConfig } from './activation.js';
export { LeakyReLU } from './leaky-relu.js';
export type { LeakyReLUConfig } from './leaky-relu.js';
export { Dropout } from './dropout.js';
export type { DropoutConfig } from './dropout.js';
export { SpatialDropout2D } from './spatial-dropout2d.js';
export type { SpatialDropout2DConfig } from './spatial-dropout2d.js';
export { BatchNormalization } from './batch-normalization.js';
export type { BatchNormalizationConfig } from './batch-normalization.js';
export { Flatten } from './flatten.js';
export type { FlattenConfig } from './flatten.js';
export { Reshape } from './reshape.js';
export type { ReshapeConfig } from './reshape.js';
export { Conv2D } from './conv2d.js';
export type { Conv2DConfig } from './conv2d.js';
export { Conv1D } from './conv1d.js';
export type { Conv1DConfig } from './conv1d.js';
export { MaxPooling2D } from './max-pooling2d.js';
export type { MaxPooling2DConfig } from './max-pooling2d.js';
export { AveragePooling2D } from './average-pooling2d.js';
export type { AveragePooling2DConfig } from './average-pooling2d.js';
export { MaxPooling1D } from './max-pooling1d.js';
export type { MaxPooling1DConfig } from './max-pooling1d.js';
export { AveragePooling1D } from './average-pooling1d.js';
export type { AveragePooling1DConfig } from './average-pooling1d.js';
export { GlobalAveragePooling2D } from './global-average-pooling2d.js';
export type { GlobalAveragePooling2DConfig } from './global-average-pooling2d.js';
export { GlobalMaxPooling2D } from './global-max-pooling2d.js';
export type { GlobalMaxPooling2DConfig } from './global-max-pooling2d.js';
export { GlobalAveragePooling1D } from './global-average-pooling1d.js';
export type { GlobalAveragePooling1DConfig } from './global-average-pooling1d.js';
export { GlobalMaxPooling1D } from './global-max-pooling1d.js';
export type { GlobalMaxPooling1DConfig } from './global-max-pooling1d.js';
export type { ConvConfig } from './convolution.js';
export type { PoolingConfig } from './pooling.js';
export type { GlobalPoolingConfig } from './global-pooling.js';
export { SimpleRNN } from './simple-rnn.js';
export type { SimpleRNNConfig } from './simple-rnn.js';
export { LSTM } from './lstm.js';
export type { LSTMConfig } from './lstm.js';
export { GRU } from './gru.js';
export type { GRUConfig } from './gru.js';
export type { RecurrentConfig } from './recurrent-config.js';
export { Embedding } from './embedding.js';
export type { EmbeddingConfig } from './embedding.js';
export { Bidirectional } from './bidirectional.js';
export type { BidirectionalConfig } from './bidirectional.js';
export type { BuildContext, Layer, LayerConfig } from './layer.js';
export { describeLayer } from './layer.js';
export type { CustomLayerClass, KerasConfig, LayerClass, OnnxAttribute, OnnxGraph } from './layer-class.js';
export { findLayerClass, layerClasses, layerFromConfig } from './layer-classes.js';
export type { LayerClassName } from './layer-classes.js';
