import { ConfigError, FormatError } from '../core/errors.js';
import { describeLayer, type Layer, type LayerConfig } from '../layers/layer.js';
import type { CustomLayerClass, KerasConfig } from '../layers/layer-class.js';
import { findLayerClass, layerClasses } from '../layers/layer-classes.js';

/** A layer as TF.js' layers-model format (Keras JSON) writes it. */
export interface KerasLayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** What every layer's Keras config holds besides its own settings. */
const COMMON_KEYS = ['name', 'trainable', 'dtype', 'batch_input_shape', 'input_shape', 'batch_size'];

/** Plain JSON: what survives JSON.stringify and JSON.parse unchanged. */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(isPlainJson);
}

/** A user-written layer's config() as it is saved: checked to be plain JSON naming the layer's class. */
function customConfig(layer: Layer, where: string): KerasConfig {
  const config: unknown = typeof layer.config === 'function' ? layer.config() : undefined;
  const problem =
    config === undefined
      ? 'with no config()'
      : !isPlainJson(config)
        ? 'whose config() is not plain JSON'
        : (config as Json).className !== layer.className
          ? `whose config() names className ${JSON.stringify((config as Json).className)}`
          : undefined;
  if (problem !== undefined)
    throw new ConfigError({
      where,
      expected: 'layers strata can save: built in, or with a config() that returns plain JSON naming their className',
      received: `${describeLayer(layer)} ${problem}`,
      hint: `Give it a config() returning { className: '${layer.className}', name, ...settings }, and pass its class to loadModel(path, { customLayers }).`,
    });
  const { className: _class, name: _name, ...settings } = config as LayerConfig;
  return settings;
}

/** A layer as Keras JSON; the first layer also carries `batch_input_shape`. */
export function toKerasLayer(
  layer: Layer,
  dtype: string,
  batchInputShape: (number | null)[] | undefined,
  where: string,
  customLayers?: readonly CustomLayerClass[],
): KerasLayerJson {
  const toKeras = findLayerClass(layer.className, customLayers)?.toKeras;
  const settings = toKeras ? toKeras(layer) : customConfig(layer, where);
  const common = {
    name: layer.name,
    trainable: true,
    dtype,
    ...(batchInputShape ? { batch_input_shape: batchInputShape } : {}),
  };
  return { class_name: layer.className, config: { ...settings, ...common } };
}

/** Keras JSON back to a layer config, checking what strata can represent; the layer's class must be known. */
export function fromKerasLayer(
  json: unknown,
  where: string,
  customLayers?: readonly CustomLayerClass[],
): { config: LayerConfig; layerClass: CustomLayerClass; batchInputShape?: unknown; dtype?: unknown } {
  const fail = (expected: string, received: string, hint?: string): never => {
    throw new FormatError({ where, expected, received, hint });
  };
  if (typeof json !== 'object' || json === null || typeof (json as Json).class_name !== 'string')
    fail('a layer { class_name, config }', JSON.stringify(json)?.slice(0, 80) ?? String(json));
  const { class_name: className, config: raw } = json as { class_name: string; config?: unknown };
  const layerClass = findLayerClass(className, customLayers);
  if (layerClass === undefined)
    return fail(
      `a layer class strata knows (${Object.keys(layerClasses).join(', ')}) or one given in customLayers`,
      `'${className}'`,
      `If it is a layer of your own, pass its class: loadModel(path, { customLayers: [${className}] }).`,
    );
  const c = (typeof raw === 'object' && raw !== null ? raw : {}) as Json;
  const at = `${where} (${className} '${String(c.name)}')`;
  const settings = layerClass.fromKeras
    ? layerClass.fromKeras(c, at)
    : Object.fromEntries(Object.entries(c).filter(([key]) => !COMMON_KEYS.includes(key)));
  const config: LayerConfig = { ...settings, className, name: typeof c.name === 'string' ? c.name : '' };
  return { config, layerClass, batchInputShape: c.batch_input_shape, dtype: c.dtype };
}
