import { describeValue } from '../core/describe-value.js';
import { ConfigError, StateError } from '../core/errors.js';
import { formatShape, type ShapeSpec } from '../core/shape.js';
import { describeLayer, type BuildContext, type Layer } from '../layers/layer.js';

/**
 * Builds every layer in order for inputs of `given` (with or without the batch dimension: [4], [null, 4],
 * [28, 28, 1]) and returns the model's input shape, batch first.
 */
export function buildLayers(
  where: string,
  layers: readonly Layer[],
  given: readonly (number | null)[] | undefined,
  ctx: BuildContext,
): ShapeSpec {
  if (layers.length === 0)
    throw new StateError({
      where,
      expected: 'a model with layers',
      received: 'an empty model',
      hint: 'Add layers first.',
    });
  if (given === undefined)
    throw new StateError({
      where,
      expected: 'an input shape',
      received: 'none',
      hint: `Pass inputShape to the first layer, ${describeLayer(layers[0])}, or call build([features]).`,
    });
  const spec: ShapeSpec = !Array.isArray(given) ? [] : given[0] === null ? [...given] : [null, ...given];
  if (spec.length < 2 || !spec.slice(1).every((d) => Number.isInteger(d) && (d as number) > 0))
    throw new ConfigError({
      where,
      expected: 'positive integer dimensions after the batch',
      received: Array.isArray(given) ? formatShape(spec) : describeValue(given),
      hint: 'Give the shape of one example, e.g. [4] or [28, 28, 1].',
    });
  let shape = spec;
  for (const layer of layers) {
    layer.build(shape, ctx);
    shape = layer.outputShape(shape);
  }
  return spec;
}
