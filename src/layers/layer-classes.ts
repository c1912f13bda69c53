import { ConfigError } from '../core/errors.js';
import { activationClass } from './activation.js';
import { batchNormalizationClass } from './batch-normalization.js';
import { bidirectionalClass } from './bidirectional.js';
import { denseClass } from './dense.js';
import { dropoutClass } from './dropout.js';
import { embeddingClass } from './embedding.js';
import { flattenClass } from './flatten.js';
import { gruClass } from './gru.js';
import type { Layer, LayerConfig } from './layer.js';
import { leakyReluClass } from './leaky-relu.js';
import type { CustomLayerClass, LayerClass } from './layer-class.js';
import { lstmClass } from './lstm.js';
import { reshapeClass } from './reshape.js';
import { conv2dClass } from './conv2d.js';
import { conv1dClass } from './conv1d.js';
import { maxPooling2dClass } from './max-pooling2d.js';
import { averagePooling2dClass } from './average-pooling2d.js';
import { maxPooling1dClass } from './max-pooling1d.js';
import { averagePooling1dClass } from './average-pooling1d.js';
import { globalAveragePooling2dClass } from './global-average-pooling2d.js';
import { globalMaxPooling2dClass } from './global-max-pooling2d.js';
import { globalAveragePooling1dClass } from './global-average-pooling1d.js';
import { globalMaxPooling1dClass } from './global-max-pooling1d.js';
import { simpleRNNClass } from './simple-rnn.js';
import { spatialDropout2dClass } from './spatial-dropout2d.js';

/** Each entry is keyed by its own className; the compiler rejects a mismatch or an incomplete descriptor. */
export type ClassTable<T> = { readonly [K in keyof T]: LayerClass & { readonly className: K } };
const checked = <T extends ClassTable<T>>(table: T): T => table;

/** The built-in layer classes: the one list serialization, ONNX export, gradient checking and `st.layers` read. */
export const layerClasses = checked({
  Dense: denseClass,
  Activation: activationClass,
  LeakyReLU: leakyReluClass,
  Dropout: dropoutClass,
  SpatialDropout2D: spatialDropout2dClass,
  BatchNormalization: batchNormalizationClass,
  Flatten: flattenClass,
  Reshape: reshapeClass,
  Conv2D: conv2dClass,
  Conv1D: conv1dClass,
  MaxPooling2D: maxPooling2dClass,
  AveragePooling2D: averagePooling2dClass,
  MaxPooling1D: maxPooling1dClass,
  AveragePooling1D: averagePooling1dClass,
  GlobalAveragePooling2D: globalAveragePooling2dClass,
  GlobalMaxPooling2D: globalMaxPooling2dClass,
  GlobalAveragePooling1D: globalAveragePooling1dClass,
  GlobalMaxPooling1D: globalMaxPooling1dClass,
  SimpleRNN: simpleRNNClass,
  LSTM: lstmClass,
  GRU: gruClass,
  Embedding: embeddingClass,
  Bidirectional: bidirectionalClass,
} as const);

export type LayerClassName = keyof typeof layerClasses;

/** The descriptor for `className`: one of `customLayers` first (as Keras' custom_objects), then the built-ins. */
export function findLayerClass(
  className: string,
  customLayers: readonly CustomLayerClass[] = [],
): CustomLayerClass | undefined {
  const custom = customLayers.find((c) => c?.className === className);
  if (custom) return custom;
  return Object.hasOwn(layerClasses, className) ? layerClasses[className as LayerClassName] : undefined;
}

/** A new, unbuilt layer from a layer's `config()`; undefined for a class neither built in nor in customLayers. */
export function layerFromConfig(config: LayerConfig, customLayers?: readonly CustomLayerClass[]): Layer | undefined {
  return findLayerClass(config.className, customLayers)?.fromConfig(config);
}

const describeValue = (value: unknown): string =>
  typeof value === 'function'
    ? `class ${value.name}`
    : typeof value === 'object' && value !== null && !Array.isArray(value) && !('className' in value)
      ? `an object with keys ${Object.keys(value).join(', ') || 'none'}`
      : (JSON.stringify(value)?.slice(0, 60) ?? String(value));

/** customLayers as given by a user, checked: an array of classes with a string className and fromConfig(). */
export function checkCustomLayers(where: string, customLayers: unknown): readonly CustomLayerClass[] | undefined {
  if (customLayers === undefined) return undefined;
  const bad = !Array.isArray(customLayers)
    ? customLayers
    : customLayers.find(
        (c) =>
          (typeof c !== 'object' && typeof c !== 'function') ||
          c === null ||
          typeof c.className !== 'string' ||
          typeof c.fromConfig !== 'function',
      );
  if (bad !== undefined || !Array.isArray(customLayers))
    throw new ConfigError({
      where,
      expected: 'customLayers as an array of layer classes, each with a className and fromConfig(config)',
      received: describeValue(bad),
      hint: "For example { customLayers: [Scale] }, where Scale has static className = 'Scale' and static fromConfig(config).",
    });
  return customLayers;
}
