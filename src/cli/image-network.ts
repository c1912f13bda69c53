import { layers, type Layer, type Sequential } from '../index.js';
import { buildNetwork, checkNetworkSize, type NetworkSettings } from './build-network.js';
import type { Task } from './task.js';

/**
 * The layers between an image and the dense stack: THE one place to switch `strata train --images` to a small conv
 * net once conv2d and maxPooling2d land, e.g.
 * `[conv2d({ filters: 16, kernelSize: 3, activation: 'relu', inputShape }), maxPooling2d({ poolSize: 2 }),
 *   conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }), maxPooling2d({ poolSize: 2 }), flatten()]`.
 */
export function imageFeatureLayers(inputShape: readonly [number, number, number]): Layer[] {
  return [layers.flatten({ inputShape: [...inputShape] })];
}

/** The image network for these settings: feature layers, then the dense hidden layers and the output, compiled. */
export function buildImageNetwork(
  inputShape: readonly [number, number, number],
  task: Task,
  settings: NetworkSettings,
): Sequential {
  const pixels = inputShape[0] * inputShape[1] * inputShape[2];
  checkNetworkSize(pixels, task, settings);
  return buildNetwork(pixels, task, settings, imageFeatureLayers(inputShape));
}
