import { FormatError } from '../../core/errors.js';
import { formatShape } from '../../core/shape.js';
import { Tensor } from '../../tensor/tensor.js';
import { readIdx } from './read-idx.js';

export interface IdxImagesOptions {
  /** Divide ubyte pixels by 255, so they lie in [0, 1] as Keras tutorials do with `x / 255` (default: true). */
  readonly scale?: boolean;
}

/**
 * Images from an IDX file as a channels-last batch `[n, height, width, channels]` of float32: a 3-D file
 * `[n, h, w]` (MNIST's) gains one channel, a 4-D one is kept. Ubyte pixels are scaled to [0, 1] unless
 * `scale: false`; other types are returned as stored.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * // two 1×2 images of ubyte pixels
 * const bytes = new Uint8Array([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 51, 102]);
 * const x = st.data.idxImages(bytes);
 * console.log(x.shape, Array.from(x.data)); // [2, 1, 2, 1] [0, 1, 0.2, 0.4]
 * ```
 */
export function idxImages(bytes: Uint8Array, options: IdxImagesOptions = {}, where = 'idxImages()'): Tensor {
  const { type, values } = readIdx(bytes, where);
  if (values.rank !== 3 && values.rank !== 4)
    throw new FormatError({
      where,
      expected: 'images of shape [n, height, width] or [n, height, width, channels]',
      received: `${type} values of shape ${formatShape(values.shape)}`,
      hint:
        values.rank === 1
          ? 'This looks like a labels file: pass it as the labels (idxLabels, or --idx-labels).'
          : 'Pass an IDX file of images.',
    });
  if (type === 'ubyte' && options.scale !== false) for (let i = 0; i < values.size; i++) values.data[i] /= 255;
  const shape = values.rank === 3 ? [...values.shape, 1] : values.shape;
  return new Tensor(values.data, shape, values.dtype);
}
