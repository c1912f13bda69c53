// Keras' masks between layers: which steps of a [batch, time, ...] output are padding, attached to the output itself
import type { Mode } from '../core/types.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer } from './layer.js';

// keyed by the output tensor, so forward() keeps its signature; a layer that produces one (or forwardLayer for a
// layer that keeps masks) sets or clears it on every forward, as its output buffer is reused from batch to batch
const masks = new WeakMap<Tensor, Tensor>();

/** Marks `output` [batch, time, ...] with its mask [batch, time] (1: a real step, 0: padding), or clears it. */
export function setMask(output: Tensor, mask: Tensor | null): void {
  if (mask) {
    masks.set(output, mask);
    anyMask = true;
  } else masks.delete(output);
}

// until a first mask is set, handing masks on costs nothing (the tutorials' networks never make one)
let anyMask = false;

/** The mask the layer before attached to its output, if any (an Embedding with maskZero, a recurrent layer's sequence). */
export function maskOf(input: Tensor): Tensor | null {
  return masks.get(input) ?? null;
}

/** `layer.forward(x)`, handing x's mask on to the output when the layer keeps masks (how every model loop calls a layer). */
export function forwardLayer(layer: Layer, x: Tensor, mode: Mode): Tensor {
  const out = layer.forward(x, mode);
  if (anyMask && layer.keepsMask) setMask(out, maskOf(x));
  return out;
}
