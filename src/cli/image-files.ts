import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ConfigError, DataError, Tensor } from '../index.js';

/** The size every image is read at: what a model was trained on, or what --resize asked for. */
export interface ImageSize {
  readonly height: number;
  readonly width: number;
}

/** Images read from files as one batch `[n, height, width, channels]`, pixels in [0, 1]. */
export interface ImageSet {
  readonly x: Tensor;
  /** Each image's path, relative to the folder it was read from. */
  readonly files: string[];
  /** Class ids (index into classes) when the images sat in class subfolders. */
  readonly labels?: number[];
  readonly classes?: string[];
}

const IMAGE = /\.(png|jpe?g)$/i;

/** Decoded RGBA pixels of a PNG or JPEG file, told apart by their first bytes. */
function decode(path: string): { width: number; height: number; rgba: Uint8Array } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new ConfigError({
      where: path,
      expected: 'a readable image file',
      received:
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file (a link to nowhere?)'
          : (e as NodeJS.ErrnoException).code === 'EACCES'
            ? 'a file without read permission'
            : (e as Error).message,
      hint: 'Check the file and its permissions.',
    });
  }
  try {
    if (bytes[0] === 0x89 && bytes[1] === 0x50) {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, rgba: png.data };
    }
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const jpg = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
      return { width: jpg.width, height: jpg.height, rgba: jpg.data };
    }
  } catch (e) {
    throw new DataError({
      where: path,
      expected: 'a PNG or JPEG image that decodes',
      received: (e as Error).message,
      hint: 'The file is damaged: replace it or remove it from the folder.',
    });
  }
  throw new DataError({
    where: path,
    expected: 'a PNG or JPEG image',
    received: `a file starting with bytes ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')}`,
    hint: 'Convert it to PNG or JPEG, or remove it from the folder.',
  });
}

/** Pixels as [height, width, channels] in [0, 1]: transparent pixels fade to 0, gray keeps one channel. */
function toChannels(rgba: Uint8Array, pixels: number, channels: number): Float32Array {
  const out = new Float32Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    const alpha = rgba[4 * p + 3] / 255 / 255;
    if (channels === 1) out[p] = ((rgba[4 * p] + rgba[4 * p + 1] + rgba[4 * p + 2]) / 3) * alpha;
    else for (let k = 0; k < 3; k++) out[3 * p + k] = rgba[4 * p + k] * alpha;
  }
  return out;
}

const isGray = (rgba: Uint8Array) => {
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i] !== rgba[i + 1] || rgba[i] !== rgba[i + 2]) return false;
  return true;
};

/** Bilinear resampling of [h, w, c] to [height, width, c], pixel centres aligned. */
export function resize(src: Float32Array, h: number, w: number, c: number, size: ImageSize): Float32Array {
  const { height, width } = size;
  if (height === h && width === w) return src;
  const out = new Float32Array(height * width * c);
  for (let r = 0; r < height; r++) {
    const y = Math.min(h - 1, Math.max(0, ((r + 0.5) * h) / height - 0.5));
    const [y0, fy] = [Math.floor(y), y - Math.floor(y)];
    const y1 = Math.min(h - 1, y0 + 1);
    for (let q = 0; q < width; q++) {
      const x = Math.min(w - 1, Math.max(0, ((q + 0.5) * w) / width - 0.5));
      const [x0, fx] = [Math.floor(x), x - Math.floor(x)];
      const x1 = Math.min(w - 1, x0 + 1);
      for (let k = 0; k < c; k++) {
        const at = (yy: number, xx: number) => src[(yy * w + xx) * c + k];
        const top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
        const bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
        out[(r * width + q) * c + k] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}

// numbers in names in numeric order (2.png before 10.png), the same on every machine
const collator = new Intl.Collator('en', { numeric: true });
const sorted = (names: string[]) => [...names].sort(collator.compare);

function listFolder(dir: string): { classes: string[]; files: string[][]; loose: string[] } {
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('a file, not a folder'), { code: 'ENOTDIR' });
    const names = sorted(readdirSync(dir).filter((n) => !n.startsWith('.')));
    // a dangling link is neither a folder nor an image: it is left out like any other stray entry
    const isFolder = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
    const classes = names.filter((n) => isFolder(join(dir, n)));
    const files = classes.map((c) =>
      sorted(readdirSync(join(dir, c)).filter((n) => IMAGE.test(n) && !n.startsWith('.')))
        .map((n) => join(dir, c, n))
        .filter((path) => !isFolder(path)),
    );
    const loose = names.filter((n) => IMAGE.test(n) && !isFolder(join(dir, n))).map((n) => join(dir, n));
    return { classes, files, loose };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError({
      where: dir,
      expected: 'a readable folder of images (one subfolder per class)',
      received: code === 'ENOENT' ? 'no such folder' : (e as Error).message,
      hint: 'Check the path passed to --images and the permissions of its folders.',
    });
  }
}

export interface ReadImagesOptions {
  /** 'train': class subfolders required; 'predict': loose images or class subfolders. */
  readonly mode: 'train' | 'predict';
  /** Resize every image to this size; without it all must share the first one's size (or `expect`'s). */
  readonly resize?: ImageSize;
  /** A saved model's input: images must have (or are resized to) this size and are read with its channels. */
  readonly expect?: ImageSize & { readonly channels: number };
}

/** A folder's images in reading order, with their class ids when they sit in class subfolders; none read yet. */
export interface ImageList {
  readonly dir: string;
  readonly paths: string[];
  /** Each image's path relative to the folder. */
  readonly files: string[];
  /** Class ids (index into classes) when the images sat in class subfolders. */
  readonly labels?: number[];
  readonly classes?: string[];
}

/**
 * Lists the PNG and JPEG files of a folder: `DIR/<class>/*.png|jpg` gives labelled images (classes in name order),
 * loose files in DIR unlabelled ones (predict only).
 */
export function listImages(dir: string, mode: 'train' | 'predict'): ImageList {
  const listing = listFolder(dir);
  const labelled = listing.files.some((f) => f.length > 0);
  const paths = labelled ? listing.files.flat() : mode === 'predict' ? listing.loose : [];
  if (mode === 'train' && listing.files.filter((f) => f.length > 0).length < 2)
    throw new DataError({
      where: dir,
      expected: 'one subfolder of PNG/JPEG images per class, at least two classes',
      received: labelled
        ? `images in one subfolder only ('${listing.classes.find((_, i) => listing.files[i].length > 0)}')`
        : `${listing.loose.length} loose images and ${listing.classes.length} subfolders with images`,
      hint: 'Put each class in a folder named after it: DIR/cat/1.png, DIR/dog/1.png, ….',
    });
  if (paths.length === 0)
    throw new DataError({
      where: dir,
      expected: 'PNG or JPEG images (.png, .jpg, .jpeg), loose or in class subfolders',
      received: 'none',
      hint: 'Check the path passed to --images.',
    });
  const labels = labelled ? listing.files.flatMap((files, c) => files.map(() => c)) : undefined;
  const used = labelled ? listing.classes.filter((_, c) => listing.files[c].length > 0) : undefined;
  // class ids count only the subfolders that hold images
  const ids = labels && used ? labels.map((c) => used.indexOf(listing.classes[c])) : undefined;
  return { dir, paths, files: paths.map((p) => relative(dir, p)), labels: ids, classes: used };
}

/** One decoded image as [height, width, channels] at `size`: checked against it, or resized when `resizing`. */
function pixels(
  d: { path: string; width: number; height: number; rgba: Uint8Array },
  size: ImageSize,
  channels: number,
  resizing: boolean,
  like: string,
): Float32Array {
  if ((d.height !== size.height || d.width !== size.width) && !resizing)
    throw new DataError({
      where: d.path,
      expected: `${size.height}×${size.width} pixels (height×width) ${like}`,
      received: `${d.height}×${d.width}`,
      hint: `Pass --resize ${size.height}x${size.width} to resize every image, or make the files one size.`,
    });
  return resize(toChannels(d.rgba, d.width * d.height, channels), d.height, d.width, channels, size);
}

/**
 * Images [from, to) of a list as one [to − from, height, width, channels] batch, read file by file (a folder too
 * large for memory is predicted a batch at a time): each must have `size` unless `resizing`.
 */
export function readImages(
  list: ImageList,
  from: number,
  to: number,
  size: ImageSize,
  channels: number,
  resizing: boolean,
): Tensor {
  const each = size.height * size.width * channels;
  const x = new Float32Array((to - from) * each);
  for (let i = from; i < to; i++)
    x.set(
      pixels({ path: list.paths[i], ...decode(list.paths[i]) }, size, channels, resizing, 'the model was trained on'),
      (i - from) * each,
    );
  return new Tensor(x, [to - from, size.height, size.width, channels], 'float32');
}

/**
 * Reads the PNG and JPEG files of a folder (see listImages) as one batch. Every image must be one size unless
 * resized; without `expect`, gray files give one channel and any colour three.
 */
export function readImageFolder(dir: string, options: ReadImagesOptions): ImageSet {
  const list = listImages(dir, options.mode);
  const decoded = list.paths.map((path) => ({ path, ...decode(path) }));
  const channels = options.expect?.channels ?? (decoded.every((d) => isGray(d.rgba)) ? 1 : 3);
  const size = options.resize ?? options.expect ?? { height: decoded[0].height, width: decoded[0].width };
  const like = options.expect ? 'the model was trained on' : `like ${list.files[0]}`;
  const each = size.height * size.width * channels;
  const x = new Float32Array(decoded.length * each);
  decoded.forEach((d, i) => x.set(pixels(d, size, channels, options.resize !== undefined, like), i * each));
  return {
    x: new Tensor(x, [decoded.length, size.height, size.width, channels], 'float32'),
    files: list.files,
    labels: list.labels,
    classes: list.classes,
  };
}
