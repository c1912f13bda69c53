import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { ConfigError, data, FormatError, Tensor } from '../index.js';
import { listImages, readImageFolder, readImages, resize, type ImageSize } from './image-files.js';
import type { ImageInput } from './model-bundle.js';

/** Images and (when the source has them) their class ids, with the class names and where each image came from. */
export interface ImageData {
  readonly x: Tensor;
  readonly labels?: number[];
  readonly classes?: string[];
  /** A name per image: its path in the folder, or `#i` in an IDX file. */
  readonly names: string[];
  /** What was read, for messages: the folder or the IDX file. */
  readonly source: string;
}

/** Where images come from: a folder (--images) or IDX files (--idx, --idx-labels). */
export interface ImageSource {
  readonly images?: string;
  readonly idx?: string;
  readonly idxLabels?: string;
}

/** A file's bytes, gunzipped when they are gzip data (MNIST's .gz files). */
export function readMaybeGzip(path: string, what: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError({
      where: path,
      expected: `a readable ${what}`,
      received: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (e as Error).message,
      hint: 'Check the path.',
    });
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new FormatError({
      where: path,
      expected: 'gzip data that decompresses',
      received: (e as Error).message,
      hint: 'The file is truncated or damaged: download it again.',
    });
  }
}

function resizeAll(x: Tensor, size: ImageSize): Tensor {
  const [n, h, w, c] = x.shape;
  if (h === size.height && w === size.width) return x;
  const out = new Float32Array(n * size.height * size.width * c);
  const each = size.height * size.width * c;
  for (let i = 0; i < n; i++)
    out.set(resize(x.data.subarray(i * h * w * c, (i + 1) * h * w * c) as Float32Array, h, w, c, size), i * each);
  return new Tensor(out, [n, size.height, size.width, c], 'float32');
}

function idxData(source: ImageSource, resizeTo: ImageSize | undefined, expect?: ImageInput): ImageData {
  const path = source.idx!;
  const images = readMaybeGzip(path, 'IDX images file');
  let x: Tensor;
  let labels: number[] | undefined;
  if (source.idxLabels !== undefined) {
    const set = data.idxDataset(images, readMaybeGzip(source.idxLabels, 'IDX labels file'), {
      where: [path, source.idxLabels],
    });
    x = set.x;
    labels = Array.from(set.y.data);
  } else x = data.idxImages(images, {}, path);
  const size = resizeTo ?? expect;
  if (size && !resizeTo && (x.shape[1] !== size.height || x.shape[2] !== size.width))
    throw new ConfigError({
      where: path,
      expected: `${size.height}×${size.width} images (height×width), as the model was trained on`,
      received: `${x.shape[1]}×${x.shape[2]}`,
      hint: 'Pass the images the model was trained on, or retrain it with --resize.',
    });
  if (expect && x.shape[3] !== expect.channels)
    throw new ConfigError({
      where: path,
      expected: `images with ${expect.channels} channel${expect.channels === 1 ? '' : 's'}, as the model was trained on`,
      received: `${x.shape[3]}`,
      hint: 'Pass images of the kind the model was trained on.',
    });
  return {
    x: size ? resizeAll(x, size) : x,
    labels,
    names: Array.from({ length: x.shape[0] }, (_, i) => `#${i}`),
    source: path,
  };
}

/**
 * Images for training (`expect` undefined: sizes and channels from the files) or for a saved image model (`expect`:
 * its size and channels; other sizes are resized only when the model was trained with --resize).
 */
export function readImageData(source: ImageSource, resizeTo?: ImageSize, expect?: ImageInput): ImageData {
  const size = resizeTo ?? (expect?.resize ? expect : undefined);
  if (source.idx !== undefined) return idxData(source, size, expect);
  const set = readImageFolder(source.images!, { mode: expect ? 'predict' : 'train', resize: size, expect });
  return { x: set.x, labels: set.labels, classes: set.classes, names: set.files, source: source.images! };
}

/** A saved image model's input from a source, read a batch at a time: what predict needs to stream a big folder. */
export interface ImageBatches extends Omit<ImageData, 'x'> {
  readonly count: number;
  /** Images [from, to) as one batch at the model's size and channels. */
  batch(from: number, to: number): Tensor;
}

/**
 * The images of a source for a saved image model (see readImageData), without reading a folder's files until their
 * batch is asked for; an IDX file is one file and is read whole.
 */
export function imageBatches(source: ImageSource, expect: ImageInput): ImageBatches {
  if (source.idx !== undefined) {
    const { x, ...rest } = readImageData(source, undefined, expect);
    const each = x.size / x.shape[0];
    const batch = (from: number, to: number) =>
      new Tensor(x.data.subarray(from * each, to * each), [to - from, ...x.shape.slice(1)], 'float32');
    return { ...rest, count: x.shape[0], batch };
  }
  const list = listImages(source.images!, 'predict');
  const batch = (from: number, to: number) => readImages(list, from, to, expect, expect.channels, expect.resize);
  return {
    labels: list.labels,
    classes: list.classes,
    names: list.files,
    source: list.dir,
    count: list.paths.length,
    batch,
  };
}
