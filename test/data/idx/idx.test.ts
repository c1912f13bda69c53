import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FormatError, ShapeError } from '../../../src/core/errors.js';
import { data } from '../../../src/data/index.js';
import { idxBytes } from './idx-bytes.js';

describe('data.readIdx', () => {
  it('reads every element type big-endian, in the header shape', () => {
    const cases = [
      ['ubyte', [0, 7, 255]],
      ['sbyte', [-128, 0, 127]],
      ['short', [-30000, 1, 30000]],
      ['int', [-2_000_000_000, 258, 2_000_000_000]],
      ['float', [-1.5, 0.25, 3e30]],
      ['double', [-1e-300, Math.PI, 1e300]],
    ] as const;
    for (const [type, values] of cases) {
      const idx = data.readIdx(idxBytes(type, [3, 1], [...values]));
      expect(idx.type).toBe(type);
      expect(idx.values.shape).toEqual([3, 1]);
      expect(idx.values.dtype).toBe(type === 'double' ? 'float64' : 'float32');
      expect(Array.from(idx.values.data)).toEqual(values.map((v) => (type === 'double' ? v : Math.fround(v))));
    }
  });

  it('reads a view into a larger buffer from its own offset', () => {
    const file = idxBytes('short', [2], [256, -2]);
    const padded = new Uint8Array(file.length + 5);
    padded.set(file, 3);
    expect(Array.from(data.readIdx(padded.subarray(3, 3 + file.length)).values.data)).toEqual([256, -2]);
  });

  it('names bad magic numbers, gzip data, truncation and trailing bytes', () => {
    expect(() => data.readIdx(new Uint8Array([1, 2, 3, 4, 5]))).toThrowErrorMatchingInlineSnapshot(
      `[FormatError: readIdx(): expected an IDX file (magic number 00 00 <type> <dims>), got bytes 01 02 03 04. Pass the MNIST-style .idx file itself (e.g. train-images-idx3-ubyte).]`,
    );
    expect(() => data.readIdx(new Uint8Array([0, 0, 8]))).toThrow(FormatError);
    expect(() => data.readIdx(new Uint8Array([0, 0, 0x0a, 1, 0, 0, 0, 0]))).toThrow(/magic number/);
    expect(() => data.readIdx(gzipSync(idxBytes('ubyte', [2], [1, 2])))).toThrowErrorMatchingInlineSnapshot(
      `[FormatError: readIdx(): expected an IDX file (magic number 00 00 <type> <dims>), got gzip data, bytes 1f 8b 08 00. Decompress it first (gunzip FILE.gz; the strata CLI reads .gz files itself).]`,
    );
    const full = idxBytes('ubyte', [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => data.readIdx(full.subarray(0, 10))).toThrowErrorMatchingInlineSnapshot(
      `[FormatError: readIdx(): expected a header of 16 bytes (3 dimension sizes), got 10 bytes in all. The file is truncated: download or copy it again.]`,
    );
    expect(() => data.readIdx(full.subarray(0, full.length - 1))).toThrowErrorMatchingInlineSnapshot(
      `[FormatError: readIdx(): expected 24 bytes (ubyte values of shape [2, 2, 2] after the header), got 23 bytes. The file is truncated: download or copy it again.]`,
    );
    const joined = new Uint8Array([...full, ...full]);
    expect(() => data.readIdx(joined)).toThrow(/bytes after its values: pass one IDX file, not several joined/);
    expect(() => data.readIdx([0, 0, 8, 1] as never)).toThrow(/expected the file as a Uint8Array, got object/);
  });
});

describe('data.idxImages, idxLabels and idxDataset', () => {
  const images = idxBytes('ubyte', [3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8]);
  const labels = idxBytes('ubyte', [3], [4, 0, 9]);

  it('gives [n, h, w, 1] images scaled to [0, 1], or as stored with scale: false', () => {
    const x = data.idxImages(images);
    expect(x.shape).toEqual([3, 2, 2, 1]);
    expect(Array.from(x.data.subarray(0, 4))).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
    expect(Array.from(data.idxImages(images, { scale: false }).data.subarray(4))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // four dimensions are already channels-last; floats are never scaled
    const rgb = data.idxImages(idxBytes('float', [1, 1, 2, 3], [0.5, 2, 3, 4, 5, 6]));
    expect(rgb.shape).toEqual([1, 1, 2, 3]);
    expect(rgb.data[1]).toBe(2);
  });

  it('gives [n] class ids', () => {
    const y = data.idxLabels(labels);
    expect(y.shape).toEqual([3]);
    expect(y.toArray()).toEqual([4, 0, 9]);
  });

  it('says which file is which when they are swapped, and refuses negative or fractional labels', () => {
    expect(() => data.idxImages(labels)).toThrowErrorMatchingInlineSnapshot(
      `[FormatError: idxImages(): expected images of shape [n, height, width] or [n, height, width, channels], got ubyte values of shape [3]. This looks like a labels file: pass it as the labels (idxLabels, or --idx-labels).]`,
    );
    expect(() => data.idxLabels(images)).toThrowErrorMatchingInlineSnapshot(
      `[FormatError: idxLabels(): expected labels: integers of shape [n], got ubyte values of shape [3, 2, 2]. This looks like an images file: pass it as the images (idxImages, or --idx).]`,
    );
    expect(() => data.idxLabels(idxBytes('sbyte', [2], [1, -1]))).toThrowErrorMatchingInlineSnapshot(
      `[FormatError: idxLabels(): expected class ids ≥ 0, got -1 at index 1. Class ids count from 0: map the labels to 0, 1, 2, … first.]`,
    );
    expect(() => data.idxLabels(idxBytes('float', [2], [0.5, 1]))).toThrow(/labels: integers of shape \[n\]/);
  });

  it('pairs images with labels and names both files when the counts differ', () => {
    const { x, y } = data.idxDataset(images, labels);
    expect(x.shape).toEqual([3, 2, 2, 1]);
    expect(y.toArray()).toEqual([4, 0, 9]);
    const short = idxBytes('ubyte', [2], [4, 0]);
    expect(() => data.idxDataset(images, short)).toThrow(ShapeError);
    expect(() =>
      data.idxDataset(images, short, { where: ['train-images.idx', 'test-labels.idx'] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: train-images.idx and test-labels.idx: expected as many labels as images, got 3 images and 2 labels. Pass the labels file that belongs to these images (train with train, t10k with t10k).]`,
    );
  });
});
