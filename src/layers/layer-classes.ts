import { activationClass } from './activation.js';
import { batchNormalizationClass } from './batch-normalization.js';
import { denseClass } from './dense.js';
import { dropoutClass } from './dropout.js';
import { flattenClass } from './flatten.js';
import type { Layer, LayerConfig } from './layer.js';
import type { CustomLayerClass, LayerClass } from './layer-class.js';
import { reshapeClass } from './reshape.js';

/** Each entry is keyed by its own className; the compiler rejects a mismatch or an incomplete descriptor. */
export type ClassTable<T> = { readonly [K in keyof T]: LayerClass & { readonly className: K } };
const checked = <T extends ClassTable<T>>(table: T): T => table;

/** The built-in layer classes: the one list serialization, ONNX export, gradient checking and `st.layers` read. */
export const layerClasses = checked({
  Dense: denseClass,
  Activation: activationClass,
  Dropout: dropoutClass,
  BatchNormalization: batchNormalizationClass,
  Flatten: flattenClass,
  Reshape: reshapeClass,
} as const);

export type LayerClassName = keyof typeof layerClasses;

/** The descriptor for `className`: one of `customLayers` first (as Keras' custom_objects), then the built-ins. */
export function findLayerClass(
  className: string,
  customLayers: readonly CustomLayerClass[] = [],
): CustomLayerClass | undefined {
  const custom = customLayers.find((c) => c?.className === className);
  if (custom) return custom;
  return Object.hasOwn(layerClasses, className)
    ? (layerClasses[className as LayerClassName] as unknown as CustomLayerClass)
    : undefined;
}

/** A new, unbuilt layer from a layer's `config()`; undefined for a class neither built in nor in customLayers. */
export function layerFromConfig(config: LayerConfig, customLayers?: readonly CustomLayerClass[]): Layer | undefined {
  return findLayerClass(config.className, customLayers)?.fromConfig(config);
}
