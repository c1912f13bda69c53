import { describe, expect, it } from 'vitest';
import { resize } from '../../src/cli/image-files.js';
import { filtersSpec } from '../../src/cli/image-plots.js';
import type { Sequential } from '../../src/index.js';
import { tensor } from '../../src/tensor/tensor.js';

describe('resize (bilinear, pixel centres aligned)', () => {
  it('keeps a same-size image and averages neighbours when it halves or doubles', () => {
    const src = Float32Array.from([0, 1, 2, 3]);
    expect(resize(src, 2, 2, 1, { height: 2, width: 2 })).toBe(src);
    // 2×2 → 1×1: the centre lies between all four pixels
    expect(Array.from(resize(src, 2, 2, 1, { height: 1, width: 1 }))).toEqual([1.5]);
    // 1×2 → 1×4: centres at −0.25, 0.25, 0.75, 1.25 of the source, clamped at the edges
    expect(Array.from(resize(Float32Array.from([0, 1]), 1, 2, 1, { height: 1, width: 4 }))).toEqual([0, 0.25, 0.75, 1]);
    // channels are resampled each on its own
    expect(Array.from(resize(Float32Array.from([0, 10, 1, 20]), 1, 2, 2, { height: 1, width: 1 }))).toEqual([0.5, 15]);
  });
});

describe("filtersSpec: a conv layer's kernel", () => {
  it('draws the first layer whose weight is a [kh, kw, in, out] kernel', () => {
    const kernel = tensor(
      Array.from({ length: 3 * 3 * 1 * 4 }, (_, i) => i - 18),
      [3, 3, 1, 4],
    );
    const fake = {
      inputShape: [null, 8, 8, 1],
      layers: [{ name: 'conv2d_1', params: () => [{ value: kernel }] }],
    } as unknown as Sequential;
    const spec = filtersSpec(fake, { height: 8, width: 8, channels: 1, resize: false });
    expect(spec.title).toMatchObject({
      text: 'Filters of conv2d_1',
      subtitle: expect.stringMatching(/^4 filters of 3×3/),
    });
  });
});
