// plot (rank 4): Vega-Lite specs for the tutorials' figures from plain numbers; imports core, tensor and activations only
import { activationsPlot } from './activations.js';
import { confusionMatrixPlot } from './confusion-matrix.js';
import { decisionBoundaryPlot } from './decision-boundary.js';
import { featureMapsPlot } from './feature-maps.js';
import { filterGrid } from './filter-grid.js';
import { historyPlot } from './history.js';
import { imageGrid, misclassifiedGrid } from './image-grid.js';
import { networkPlot } from './network.js';

/**
 * The tutorials' figures as Vega-Lite v5 specs (plain JSON, data inline): render them with vega + vega-lite,
 * in a page with vega-embed, or save them with `JSON.stringify`.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const spec = st.plots.history({ history: { loss: [0.7, 0.4, 0.2], accuracy: [0.5, 0.8, 0.9] } });
 * const json = JSON.stringify(spec); // self-contained: feed it to vega-lite's compile() or vega-embed
 * console.log(Object.keys(st.plots), json.length > 0);
 * ```
 */
export const plots = {
  history: historyPlot,
  decisionBoundary: decisionBoundaryPlot,
  activations: activationsPlot,
  network: networkPlot,
  confusionMatrix: confusionMatrixPlot,
  imageGrid,
  misclassified: misclassifiedGrid,
  filters: filterGrid,
  featureMaps: featureMapsPlot,
} as const;

export { activationsPlot } from './activations.js';
export { confusionMatrix, confusionMatrixPlot } from './confusion-matrix.js';
export { decisionBoundaryPlot } from './decision-boundary.js';
export { featureMapsPlot } from './feature-maps.js';
export { filterGrid } from './filter-grid.js';
export { historyPlot } from './history.js';
export { imageGrid, misclassifiedGrid } from './image-grid.js';
export { networkPlot } from './network.js';
export type { ActivationsPlotOptions } from './activations.js';
export type { ConfusionMatrix, ConfusionMatrixPlotOptions } from './confusion-matrix.js';
export type { DecisionBoundaryOptions } from './decision-boundary.js';
export type { FeatureMap, FeatureMapsOptions } from './feature-maps.js';
export type { FilterGridOptions } from './filter-grid.js';
export type { HistoryLike, HistoryPlotOptions } from './history.js';
export type { ImageGridOptions, ImageLabels, MisclassifiedOptions } from './image-grid.js';
export type { NetworkLayer, NetworkPlotOptions } from './network.js';
export type { JsonValue, VegaLiteSpec } from './vega-lite-spec.js';
