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
import type { LayerClassName } from './layer-classes.js';
import { lstm } from './lstm.js';
import { reshape } from './reshape.js';
import { simpleRNN } from './simple-rnn.js';

/** One factory per class in layer-classes.ts, named after it: the compiler reports a missing or extra one. */
// an all-capitals class name is lower-cased whole, as TF.js does (LSTM → lstm)
type FactoryName<K extends string> = K extends Uppercase<K> ? Lowercase<K> : Uncapitalize<K>;
type Factories = { readonly [K in LayerClassName as FactoryName<K>]: (config: never) => Layer };

export const layers = {
  dense,
  activation,
  dropout,
  batchNormalization,
  flatten,
  reshape,
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
export { Dropout } from './dropout.js';
export type { DropoutConfig } from './dropout.js';
export { BatchNormalization } from './batch-normalization.js';
export type { BatchNormalizationConfig } from './batch-normalization.js';
export { Flatten } from './flatten.js';
export type { FlattenConfig } from './flatten.js';
export { Reshape } from './reshape.js';
export type { ReshapeConfig } from './reshape.js';
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
