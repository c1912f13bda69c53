import { plots, type NetworkLayer, type Sequential, type Tensor, type VegaLiteSpec, tensor } from '../index.js';
import type { CliMetadata, SavedHistory } from './model-bundle.js';
import { applyScaler } from './model-bundle.js';

/** 'class 0' for numeric class names (a bare '0' reads badly in a legend), the name itself otherwise. */
export function displayClasses(classes: readonly string[]): string[] {
  return classes.map((c) => (/^-?\d+(\.\d+)?$/.test(c) ? `class ${c}` : c));
}

/** The training curves, with the best epoch marked when early stopping or Ctrl-C picked one. */
export function historySpec(saved: SavedHistory, title?: string): VegaLiteSpec {
  return plots.history(saved, { ...(saved.bestEpoch !== null ? { bestEpoch: saved.bestEpoch } : {}), title });
}

/** The decision boundary over the data's two features, in the file's units (the model sees them scaled). */
export function boundarySpec(
  model: Sequential,
  metadata: CliMetadata,
  raw: number[][],
  ids: number[],
  title?: string,
): VegaLiteSpec {
  const predict = (grid: Tensor) => {
    const rows = grid.shape[0];
    const points = Array.from({ length: rows }, (_, i) => [grid.data[2 * i], grid.data[2 * i + 1]]);
    return model.predict(tensor(applyScaler(points, metadata.scaler)));
  };
  return plots.decisionBoundary({
    predict,
    x: raw,
    y: ids,
    resolution: 80,
    classes: displayClasses(metadata.classes ?? []),
    featureNames: [metadata.features[0], metadata.features[1]],
    title,
  });
}

/** The model's layers as the network figure wants them. */
export function networkLayers(model: Sequential): NetworkLayer[] {
  let shape = model.inputShape!;
  return model.layers.map((layer) => {
    shape = layer.outputShape(shape);
    const activation = (layer.config() as { activation?: unknown }).activation;
    return {
      name: layer.name,
      className: layer.className,
      units: shape[shape.length - 1] as number,
      activation: typeof activation === 'string' ? activation : undefined,
      params: layer.params().reduce((n, p) => n + p.value.size, 0),
    };
  });
}

/** The network figure with its input column. */
export function networkSpec(model: Sequential): VegaLiteSpec {
  const inputs = model.inputShape![1] as number;
  return plots.network(networkLayers(model), { inputUnits: inputs, title: `Network: ${model.name}` });
}
