// the JSON pieces layers share: initializers, regularizers and activations, in strata configs and in Keras JSON
import { ConfigError, FormatError } from '../core/errors.js';
import { activationNames, type ActivationName } from '../activations/index.js';
import { initializers, type Initializer, type InitializerName } from '../initializers/index.js';
import { regularizers } from '../regularizers/index.js';
import type { Regularizer } from '../tensor/param.js';
import type { LayerConfig } from './layer.js';

type Json = Record<string, unknown>;
/** An initializer or regularizer in a strata config: `{ className, config }`. */
type Spec = { className: string; config: Json };

const initializerByClass: Record<string, InitializerName> = {
  GlorotUniform: 'glorotUniform',
  GlorotNormal: 'glorotNormal',
  HeNormal: 'heNormal',
  HeUniform: 'heUniform',
  LecunNormal: 'lecunNormal',
  LecunUniform: 'lecunUniform',
  RandomNormal: 'randomNormal',
  RandomUniform: 'randomUniform',
  Zeros: 'zeros',
  Ones: 'ones',
  Constant: 'constant',
  Orthogonal: 'orthogonal',
};

/** The settings every layer config may carry: its name and, on a first layer, inputShape. */
export function commonFrom(config: LayerConfig): { name: string; inputShape?: number[] } {
  const c = config as Json;
  return { name: config.name, ...(c.inputShape ? { inputShape: c.inputShape as number[] } : {}) };
}

/** An initializer from its `{ className, config }` in a layer config; undefined keeps the layer's default. */
export function initializerFrom(where: string, spec: unknown): Initializer | undefined {
  if (spec === undefined || spec === null) return undefined;
  const { className, config } = spec as { className?: string; config?: Json };
  const name =
    className === undefined || !Object.hasOwn(initializerByClass, className)
      ? undefined
      : initializerByClass[className];
  if (name === undefined)
    throw new ConfigError({
      where,
      expected: `an initializer class among ${Object.keys(initializerByClass).join(', ')}`,
      received: `'${String(className)}'`,
      hint: 'Use one of these classes, or pass the initializer object itself.',
    });
  const clean = Object.fromEntries(Object.entries(config ?? {}).filter(([, v]) => v !== null));
  return (initializers[name] as (c: Json) => Initializer)(clean);
}

/** A regularizer from its `{ l1, l2 }` in a layer config. */
export function regularizerFrom(spec: unknown): Regularizer | undefined {
  if (spec === undefined || spec === null) return undefined;
  const { l1 = 0, l2 = 0 } = spec as { l1?: number; l2?: number };
  return regularizers.l1l2({ l1, l2 });
}

// strata's initializer classes by their TF.js names; VarianceScaling is TF.js' own spelling of the Glorot/He/LeCun family
const TFJS_NAME: Record<string, string> = { LecunNormal: 'LeCunNormal', LecunUniform: 'LeCunUniform' };
const FROM_TFJS: Record<string, string> = { LeCunNormal: 'LecunNormal', LeCunUniform: 'LecunUniform' };
const VARIANCE_SCALING: Record<string, string> = {
  '1/fan_avg/uniform': 'GlorotUniform',
  '1/fan_avg/normal': 'GlorotNormal',
  '1/fan_avg/truncated_normal': 'GlorotNormal',
  '2/fan_in/normal': 'HeNormal',
  '2/fan_in/truncated_normal': 'HeNormal',
  '2/fan_in/uniform': 'HeUniform',
  '1/fan_in/normal': 'LecunNormal',
  '1/fan_in/truncated_normal': 'LecunNormal',
  '1/fan_in/uniform': 'LecunUniform',
};

/** An initializer spec from a strata config in Keras JSON. */
export function initializerToKeras(spec: unknown): { class_name: string; config: Json } {
  const { className, config } = spec as Spec;
  return { class_name: TFJS_NAME[className] ?? className, config: { ...config } };
}

/** A regularizer config (`{ l1, l2 }` or null) in Keras JSON. */
export function regularizerToKeras(spec: unknown): { class_name: 'L1L2'; config: Json } | null {
  return spec ? { class_name: 'L1L2', config: { ...(spec as Json) } } : null;
}

export function formatFail(where: string, expected: string, received: string, hint?: string): never {
  throw new FormatError({ where, expected, received, hint });
}

/** A Keras initializer back to a strata spec; undefined (the layer's default) for one strata does not have. */
export function initializerFromKeras(where: string, json: unknown): Spec | undefined {
  if (json === null || json === undefined) return undefined;
  const { class_name: name, config = {} } = json as { class_name?: string; config?: Json };
  if (name === 'VarianceScaling') {
    const key = `${config.scale}/${config.mode}/${config.distribution}`;
    // an initializer only matters for new weights, and a loaded model has its weights: keep the default if unknown
    return Object.hasOwn(VARIANCE_SCALING, key)
      ? { className: VARIANCE_SCALING[key], config: { seed: config.seed ?? null } }
      : undefined;
  }
  const className = FROM_TFJS[name ?? ''] ?? name ?? '';
  if (Object.hasOwn(initializerByClass, className)) return { className, config: { ...config } };
  if (typeof name !== 'string') formatFail(where, 'an initializer { class_name, config }', JSON.stringify(json));
  return undefined;
}

/** A Keras regularizer back to `{ l1, l2 }` (or null). */
export function regularizerFromKeras(where: string, json: unknown): Json | null {
  if (json === null || json === undefined) return null;
  const { class_name: name, config = {} } = json as { class_name?: string; config?: Json };
  if (name !== 'L1L2') formatFail(where, 'regularizer class L1L2 or null', `'${String(name)}'`);
  return { l1: Number(config.l1 ?? 0), l2: Number(config.l2 ?? 0) };
}

/** An activation name from Keras JSON, checked. */
export function activationFromKeras(where: string, name: unknown): ActivationName {
  if (typeof name !== 'string' || !(activationNames as string[]).includes(name))
    formatFail(where, `an activation among ${activationNames.join(', ')}`, JSON.stringify(name));
  return name as ActivationName;
}

/** Keras settings strata has no counterpart for must be absent or null. */
export function expectNull(where: string, c: Json, keys: string[], why = 'strata has no weight constraints'): void {
  for (const key of keys)
    if (c[key] !== null && c[key] !== undefined) formatFail(where, `${key}: null (${why})`, JSON.stringify(c[key]));
}
