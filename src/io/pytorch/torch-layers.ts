import { ConfigError, FormatError, ShapeError } from '../../core/errors.js';
import { formatShape, shapesEqual, type ShapeSpec } from '../../core/shape.js';
import type { DType } from '../../core/types.js';
import { describeLayer, type Layer } from '../../layers/layer.js';
import type { CustomLayerClass, PyTorchModule } from '../../layers/layer-class.js';
import { findLayerClass, layerClasses } from '../../layers/layer-classes.js';
import { Tensor } from '../../tensor/tensor.js';

/** What the PyTorch bridge reads of a built model. */
export interface TorchModel {
  readonly name: string;
  readonly dtype: DType;
  readonly layers: readonly Layer[];
  /** Batch first: [null, ...dims]. */
  readonly inputShape: ShapeSpec;
}

/** One layer's PyTorch side, with its weights by short name. */
export interface TorchLayer {
  readonly layer: Layer;
  readonly part: PyTorchModule;
  readonly weights: Record<string, Tensor>;
}

/** The built-in classes that carry a pytorch() entry. */
const withTorch = () =>
  Object.values(layerClasses as Record<string, { className: string; pytorch?: unknown }>)
    .filter((c) => c.pytorch !== undefined)
    .map((c) => c.className)
    .join(', ');

/**
 * A weight's name below its layer's: 'kernel' for `dense_1/kernel`, 'forward_lstm/kernel' for a Bidirectional's
 * `bidirectional_1/forward_lstm/kernel`; the last part for a name not under the layer's.
 */
export const weightKey = (layer: Layer, name: string): string =>
  name.startsWith(`${layer.name}/`) ? name.slice(layer.name.length + 1) : name.slice(name.lastIndexOf('/') + 1);

/**
 * strata hands an Embedding's maskZero mask to the layer after it, on from a recurrent layer that returns sequences,
 * and through the per-position layers that keep masks (Dense, Activation, Dropout, BatchNormalization); the export
 * carries it from the Embedding straight to a recurrent layer only, and refuses where it would pass another layer.
 */
function checkMasks(layers: readonly TorchLayer[], model: TorchModel, where: string): void {
  let from: Layer | undefined;
  let shape = model.inputShape;
  layers.forEach(({ layer, part }, i) => {
    const reads = part.mask === 'reads';
    if (from && !reads) {
      const next = layers.slice(i + 1).find((l) => l.part.mask === 'reads');
      if (next)
        throw new ConfigError({
          where,
          expected: `the mask of ${describeLayer(from)} (maskZero) to go straight to a recurrent or Bidirectional layer`,
          received: `${describeLayer(layer)} between it and ${describeLayer(next.layer)}`,
          hint: 'Put the recurrent layer right after the Embedding (the exported module carries a mask only there), or use maskZero: false.',
        });
      from = undefined;
    }
    shape = layer.outputShape(shape);
    // a recurrent layer that returns sequences hands the mask on; one that returns its last state ends it
    if (reads && shape.length !== 3) from = undefined;
    if (part.mask === 'makes') from = layer;
  });
}

/** Each layer's module and weights, from its class descriptor; a ConfigError for a layer PyTorch cannot take. */
export function torchLayers(
  model: TorchModel,
  where: string,
  customLayers?: readonly CustomLayerClass[],
): TorchLayer[] {
  let shape = model.inputShape;
  const layers = model.layers.map((layer) => {
    const pytorch = findLayerClass(layer.className, customLayers)?.pytorch;
    if (pytorch === undefined)
      throw new ConfigError({
        where,
        expected: `layers with a PyTorch module (${withTorch()}, or a custom layer class with pytorch())`,
        received: describeLayer(layer),
        hint: 'Give the layer class a pytorch() entry (see LayerClass) and pass it in { customLayers }.',
      });
    // torch names children in the state_dict with dots: 'dense_1.weight'
    if (!/^[^.]+$/.test(layer.name))
      throw new ConfigError({
        where,
        expected: 'layer names without dots (PyTorch joins module names with them)',
        received: `'${layer.name}'`,
        hint: 'Give the layer a name without dots, e.g. with underscores.',
      });
    const part = pytorch(layer, shape);
    shape = layer.outputShape(shape);
    const weights: Record<string, Tensor> = {};
    for (const p of layer.params()) weights[weightKey(layer, p.name)] = p.value;
    return { layer, part, weights };
  });
  checkMasks(layers, model, where);
  return layers;
}

/** The model's weights as the exported module's state_dict: `<layer>.<entry>`, in PyTorch's layouts. */
export function torchStateDict(layers: readonly TorchLayer[]): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const { layer, part, weights } of layers)
    for (const [key, t] of Object.entries(part.toTorch(weights))) out[`${layer.name}.${key}`] = t;
  return out;
}

/** The model's weights as strata names them (`dense_1/kernel`), in strata's layouts. */
export function strataWeights(model: TorchModel): Record<string, Tensor> {
  return Object.fromEntries(model.layers.flatMap((l) => l.params().map((p) => [p.name, p.value] as const)));
}

/**
 * The weights in `tensors`, in getWeights() order, from either layout: strata's names (`dense_1/kernel`) or the
 * exported module's state_dict (`dense_1.weight`). Names and shapes must match one layout exactly.
 */
export function weightsFrom(
  layers: readonly TorchLayer[],
  model: TorchModel,
  tensors: Readonly<Record<string, Tensor>>,
  where: string,
): Tensor[] {
  const strata = strataWeights(model);
  const torch = torchStateDict(layers);
  const given = Object.keys(tensors);
  const matches = (names: Record<string, Tensor>) => given.filter((n) => Object.hasOwn(names, n)).length;
  const expected = matches(strata) > matches(torch) ? strata : torch;
  const names = Object.keys(expected);
  const missing = names.filter((n) => !Object.hasOwn(tensors, n));
  const extra = given.filter((n) => !Object.hasOwn(expected, n));
  const some = (list: string[]) => list.slice(0, 6).join(', ') + (list.length > 6 ? `, … (${list.length} in all)` : '');
  if (missing.length > 0 || extra.length > 0)
    throw new FormatError({
      where,
      expected: `the tensors ${some(names) || '(none)'}`,
      received: [
        `${given.length} tensors`,
        missing.length > 0 ? `without ${some(missing)}` : '',
        extra.length > 0 ? `with unknown ${some(extra)}` : '',
      ]
        .filter(Boolean)
        .join(', '),
      hint: 'Load weights written for this architecture (its exported model.safetensors, train_ddp.py or toSafetensors()).',
    });
  for (const n of names)
    if (!shapesEqual(tensors[n].shape, expected[n].shape))
      throw new ShapeError({
        where: `${where}: tensor '${n}'`,
        expected: `shape ${formatShape(expected[n].shape)}`,
        received: formatShape(tensors[n].shape),
        hint: 'The file was written for a model of other sizes.',
      });
  if (expected === strata) return names.map((n) => tensors[n]);
  return layers.flatMap(({ layer, part }) => {
    const prefix = `${layer.name}.`;
    const entries: Record<string, Tensor> = {};
    for (const n of names) if (n.startsWith(prefix)) entries[n.slice(prefix.length)] = tensors[n];
    const back = part.fromTorch(entries);
    return layer.params().map((p) => back[weightKey(layer, p.name)] ?? new Tensor(new Float32Array(0), [0], 'float32'));
  });
}
