import { layers, type Layer, type Sequential } from '../index.js';
import { buildNetwork, checkNetworkSize, type NetworkSettings } from './build-network.js';
import type { Task } from './task.js';

// below this side two 3×3 convolutions with 2×2 pooling leave too little of the image to learn from
const SMALLEST_CONV_SIDE = 12;

/**
 * The layers between an image and the dense stack: a small conv net (conv 16@3×3 relu → max pool 2 → conv 32@3×3
 * relu → max pool 2 → flatten) for images of at least 12×12 pixels, a plain flatten for smaller ones.
 */
export function imageFeatureLayers(inputShape: readonly [number, number, number]): Layer[] {
  const [height, width] = inputShape;
  if (Math.min(height, width) < SMALLEST_CONV_SIDE) return [layers.flatten({ inputShape: [...inputShape] })];
  return [
    layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', inputShape: [...inputShape] }),
    layers.maxPooling2d({ poolSize: 2 }),
    layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu' }),
    layers.maxPooling2d({ poolSize: 2 }),
    layers.flatten(),
  ];
}

/** How many features the feature layers hand to the dense stack. */
function featureWidth(inputShape: readonly [number, number, number]): number {
  const [height, width, channels] = inputShape;
  if (Math.min(height, width) < SMALLEST_CONV_SIDE) return height * width * channels;
  const side = (n: number) => Math.floor((Math.floor((n - 2) / 2) - 2) / 2);
  return side(height) * side(width) * 32;
}

/** The image network for these settings: feature layers, then the dense hidden layers and the output, compiled. */
export function buildImageNetwork(
  inputShape: readonly [number, number, number],
  task: Task,
  settings: NetworkSettings,
): Sequential {
  const features = featureWidth(inputShape);
  checkNetworkSize(features, task, settings);
  return buildNetwork(features, task, settings, imageFeatureLayers(inputShape));
}
