import { ShapeError } from '../../core/errors.js';
import type { Dataset } from '../dataset.js';
import { idxImages, type IdxImagesOptions } from './idx-images.js';
import { idxLabels } from './idx-labels.js';
import { checkOptionsObject } from '../../core/options.js';

/**
 * An images file and its labels file (IDX, as MNIST is distributed) as `{ x: [n, h, w, c], y: [n] }`, with the
 * counts checked against each other. Pixels are scaled as `idxImages` does.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const images = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 255, 0]);
 * const labels = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 2, 1, 0]);
 * const { x, y } = st.data.idxDataset(images, labels);
 * console.log(x.shape, y.toArray()); // [2, 1, 1, 1] [1, 0]
 * ```
 */
export function idxDataset(
  images: Uint8Array,
  labels: Uint8Array,
  options: IdxImagesOptions & { readonly where?: readonly [string, string] } = {},
): Dataset {
  checkOptionsObject('idxDataset()', options);
  const [imagesAt, labelsAt] = options.where ?? ['idxDataset(): images', 'idxDataset(): labels'];
  const x = idxImages(images, options, imagesAt);
  const y = idxLabels(labels, labelsAt);
  if (x.shape[0] !== y.shape[0])
    throw new ShapeError({
      where: `${imagesAt} and ${labelsAt}`,
      expected: 'as many labels as images',
      received: `${x.shape[0]} images and ${y.shape[0]} labels`,
      hint: 'Pass the labels file that belongs to these images (train with train, t10k with t10k).',
    });
  return { x, y };
}
