import { ConfigError, ShapeError, StateError } from '../core/errors.js';
import { checkOptionsObject } from '../core/options.js';
import { unknownOption } from '../core/suggest.js';
import type { Rng } from '../core/rng.js';
import { formatShape, matchesSpec, type ShapeSpec } from '../core/shape.js';
import type { DType, Mode } from '../core/types.js';
import type { Param } from '../tensor/param.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Workspace } from '../tensor/workspace.js';

/** What a layer needs to create its weights. */
export interface BuildContext {
  readonly rng: Rng;
  readonly dtype: DType;
}

/** Plain JSON describing a layer: its class, name and settings. */
export interface LayerConfig {
  readonly className: string;
  readonly name: string;
  readonly [key: string]: unknown;
}

/**
 * The layer contract. Forward and backward share a per-layer cache, replaced on every training forward.
 * Buffers returned by forward/backward belong to the layer and are overwritten by its next call.
 */
export interface Layer {
  /** Unique within a model ('dense_1'); the model names unnamed layers when they are added. */
  name: string;
  readonly className: string;
  /** The `inputShape` given in the config (without the batch dimension), if any. */
  readonly inputShape?: readonly number[];
  readonly built: boolean;
  build(inputShape: ShapeSpec, ctx: BuildContext): void;
  outputShape(inputShape: ShapeSpec): ShapeSpec;
  /** In 'train' mode keeps what backward needs. */
  forward(x: Tensor, mode: Mode): Tensor;
  /** Writes each param's grad and returns dL/dx; may return null when `needsInputGradient` is false. */
  backward(dy: Tensor, needsInputGradient: boolean): Tensor | null;
  params(): readonly Param[];
  config(): LayerConfig;
  /** The activation at the layer's output, for the fused output gradients. */
  readonly outputActivation?: string;
  /** Backward starting from dL/dz at the pre-activation (the fused sigmoid/softmax + cross-entropy case). */
  backwardFromPreActivation?(dz: Tensor, needsInputGradient: boolean): Tensor | null;
  /** Frees the weights and buffers now (model.dispose() calls it); the layer cannot be used afterwards. */
  dispose?(): void;
  /**
   * Works per position, so the mask of a padded sequence (Embedding's maskZero) passes through it to the layers
   * after it, as TF.js' and Keras' `supportsMasking` (Dense, Activation, Dropout, BatchNormalization).
   */
  readonly keepsMask?: boolean;
}

/** What a layer's dispose() does: its params' values and grads, other tensors it owns, and its workspace. */
export function disposeStorage(
  params: readonly (Param | undefined)[],
  ws: Workspace | undefined,
  tensors: readonly (Tensor | undefined)[] = [],
): void {
  for (const p of params) {
    p?.value.dispose();
    p?.grad.dispose();
  }
  for (const t of tensors) t?.dispose();
  ws?.dispose();
}

/** How errors name a layer: `dense_2 (Dense)`. */
export function describeLayer(layer: Pick<Layer, 'name' | 'className'>): string {
  return `${layer.name || layer.className.toLowerCase()} (${layer.className})`;
}

export function assertInputShape(layer: Layer, x: Tensor, spec: ShapeSpec, hint?: string): void {
  if (!matchesSpec(x.shape, spec))
    throw new ShapeError({
      where: describeLayer(layer),
      expected: `input shape ${formatShape(spec)}`,
      received: formatShape(x.shape),
      hint,
    });
}

export function assertBuilt<T>(layer: Layer, value: T | undefined): T {
  if (value === undefined)
    throw new StateError({
      where: describeLayer(layer),
      expected: 'a built layer',
      received: 'one that was never built',
      hint: 'Add it to a model and call fit(), build() or predict(), or call layer.build(inputShape, ctx).',
    });
  return value;
}

export function noCache(layer: Layer): never {
  throw new StateError({
    where: `${describeLayer(layer)}.backward()`,
    expected: 'a training forward() before backward()',
    received: 'no cached forward pass',
    hint: "Call forward(x, 'train') first; inference passes keep nothing for backward.",
  });
}

/** The size of the last axis of a [batch, ..., features] input shape: the axis Dense and BatchNormalization work on. */
export function featureWidth(layer: Layer, inputShape: ShapeSpec): number {
  const width = inputShape[inputShape.length - 1];
  if (inputShape.length < 2 || width === null || inputShape.slice(1).some((d) => d === null))
    throw new ShapeError({
      where: describeLayer(layer),
      expected: 'a [batch, ..., features] input with every dimension after the batch known',
      received: formatShape(inputShape),
      hint: 'Give the first layer an inputShape without the batch dimension, e.g. [4] or [28, 28, 1].',
    });
  return width;
}

/** The spec every input must match: any batch, the built shape after it. */
export function batchSpec(inputShape: ShapeSpec): ShapeSpec {
  return [null, ...inputShape.slice(1)];
}

/** Checks a layer factory got an options object with known keys only (a typo such as `activaton` is named). */
export function checkLayerConfig(where: string, config: unknown, known: readonly string[]): void {
  checkOptionsObject(where, config, true);
  // className too: a layer's own config() may be passed back to its constructor
  const unknown = unknownOption(config as object, [...known, 'name', 'inputShape', 'className']);
  if (unknown) throw new ConfigError({ where, ...unknown });
}

export function checkInputShapeConfig(where: string, inputShape: unknown): readonly number[] | undefined {
  if (inputShape === undefined) return undefined;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0))
    throw new ConfigError({
      where,
      expected: 'inputShape as an array of positive integers without the batch dimension, e.g. [4] or [28, 28, 1]',
      received: JSON.stringify(inputShape),
      hint: 'Give the shape of one example: [features], [time, features] or [height, width, channels].',
    });
  return [...inputShape];
}

export function checkPositiveInteger(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new ConfigError({
      where,
      expected: `${name} to be a positive integer`,
      received: String(value),
      hint: `Pass a whole number of at least 1, e.g. ${name}: 8.`,
    });
  return value;
}
