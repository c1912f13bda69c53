import { StateError } from '../core/errors.js';
import type { Layer } from '../layers/layer.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Workspace } from '../tensor/workspace.js';
import type { Engine } from './engine.js';

/** What model.dispose() frees: the engine's buffers, the optimizer's state, every layer's weights and buffers. */
export function disposeModel(
  layers: readonly Layer[],
  engine: Engine | undefined,
  optimizer: Optimizer | undefined,
  ws: Workspace,
): void {
  engine?.dispose();
  optimizer?.dispose?.(layers.flatMap((l) => l.params()));
  for (const layer of layers)
    if (layer.dispose) layer.dispose();
    else for (const p of layer.params()) [p.value, p.grad].forEach((t) => t.dispose());
  ws.dispose();
}

/** The error every method of a disposed model throws. */
export function disposedModelError(where: string): StateError {
  return new StateError({
    where,
    expected: 'a model that was not disposed',
    received: 'a disposed model',
    hint: 'dispose() frees the weights for good; load or build the model again to keep using it.',
  });
}
