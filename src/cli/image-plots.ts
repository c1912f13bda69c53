import { ConfigError, layerOutputs, plots, Tensor, type Sequential, type VegaLiteSpec } from '../index.js';
import type { ImageInput } from './model-bundle.js';
import { predictedIds } from './model-data.js';

/**
 * The first conv layer's filters; for a model without one that starts flatten → dense, the first dense layer's
 * weights drawn as images (one per unit), which is what such a network has in place of filters.
 */
export function filtersSpec(model: Sequential, input: ImageInput): VegaLiteSpec {
  for (const layer of model.layers) {
    const kernel = layer.params()[0]?.value;
    if (kernel?.rank === 4) return plots.filters(kernel, { title: `Filters of ${layer.name}` });
  }
  const [first, second] = model.layers;
  const kernel = second?.params()[0]?.value;
  const { height, width, channels } = input;
  // a first layer without weights that flattens the image (flatten, or reshape to one axis)
  const flattens = first && first.params().length === 0 && first.outputShape(model.inputShape!).length === 2;
  if (flattens && kernel?.rank === 2 && kernel.shape[0] === height * width * channels) {
    // a [pixels, units] kernel is laid out as [height, width, channels, units] already
    const asFilters = new Tensor(kernel.data, [height, width, channels, kernel.shape[1]], kernel.dtype);
    return plots.filters(asFilters, { title: `Weights of ${second.name} as images (one per unit)`, size: 56 });
  }
  throw new ConfigError({
    where: 'strata plot filters',
    expected: 'a model with a convolution layer (or flatten → dense first)',
    received: `layers ${model.layers.map((l) => l.className).join(', ')}`,
    hint: 'Filters are drawn from a conv layer kernel [height, width, in, out].',
  });
}

/** The input image and every image-shaped layer output for it (conv and pooling layers). */
export function featuresSpec(model: Sequential, x: Tensor, index: number, name: string): VegaLiteSpec {
  const [, h, w, c] = x.shape;
  const one = new Tensor(x.data.slice(index * h * w * c, (index + 1) * h * w * c), [1, h, w, c], 'float32');
  const maps = [
    { name: `input (${name})`, maps: one },
    ...layerOutputs(model, one)
      .filter((o) => o.output.rank === 4)
      .map((o) => ({ name: `${o.name} (${o.className})`, maps: o.output })),
  ];
  // a flatten → dense model has no image-shaped outputs: say so rather than leave the input alone unexplained
  const only = maps.length === 1 ? ' (no conv or pooling layers: the input alone)' : '';
  return plots.featureMaps(maps, { title: `Feature maps of ${name}${only}` });
}

/** The images the model got wrong, with true and predicted class names. */
export function misclassifiedSpec(model: Sequential, x: Tensor, truth: number[], classes: string[]): VegaLiteSpec {
  const p = model.predict(x);
  const ids = predictedIds(p.data, p.shape[1]);
  p.dispose();
  return plots.misclassified(x, truth, ids, { classes, columns: 9 });
}
