// Keras' masks between layers: which steps of a [batch, time, ...] output are padding, attached to the output itself
import type { Tensor } from '../tensor/tensor.js';

// keyed by the output tensor, so the Layer contract and the engine's loop stay as they are; a layer that produces
// one sets (or clears) it on every forward, as its output buffer is reused from batch to batch
const masks = new WeakMap<Tensor, Tensor>();

/** Marks `output` [batch, time, ...] with its mask [batch, time] (1: a real step, 0: padding), or clears it. */
export function setMask(output: Tensor, mask: Tensor | null): void {
  if (mask) masks.set(output, mask);
  else masks.delete(output);
}

/** The mask the layer before attached to its output, if any (an Embedding with maskZero, a recurrent layer's sequence). */
export function maskOf(input: Tensor): Tensor | null {
  return masks.get(input) ?? null;
}
