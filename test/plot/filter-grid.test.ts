import { describe, expect, it } from 'vitest';
import { specToSvg } from '../../src/cli/render-spec.js';
import { plots } from '../../src/plot/index.js';
import { tensor } from '../../src/tensor/tensor.js';
import { arr, expectRenderable, obj, rows } from './spec-helpers.js';

interface Rect {
  x: number;
  y: number;
  c: string;
}

describe('plots.filters', () => {
  it('draws filter f, channel c from kernel[:, :, c, f], blue below 0 and red above on one scale', () => {
    // [1, 2, 2, 2]: position p, channel c, filter f at (p * 2 + c) * 2 + f
    const kernel = tensor([2, 0, 0, -1, -2, 0, 0, 1], [1, 2, 2, 2]);
    const spec = plots.filters(kernel, { size: 20 });
    const pixels = rows<Rect>(obj(arr(spec.layer)[1]));
    // filter 1: channel 1 = [2, -2] (full red, full blue); filter 2: channel 2 = [-1, 1] (half blue, half red)
    expect(pixels.map((p) => p.c)).toEqual(['#a62626', '#2626a6', '#9393d2', '#d29393']);
    expect(pixels[0]).toMatchObject({ x: 0, y: 0 });
    expect(pixels[1]).toMatchObject({ x: 10, y: 0 });
    // filter 2 is the next column; its second channel is stacked below the first
    expect(pixels[2]).toMatchObject({ x: 28, y: 14 });
    expect(obj(spec.title).subtitle).toBe(
      '2 filters of 1×2 over 2 channels, input channels stacked; blue < 0 < red, |w| ≤ 2',
    );
    expect(rows<{ text: string }>(obj(arr(spec.layer)[2])).map((c) => c.text)).toEqual(['1', '2']);
  });

  it('draws the first filters and channels of a large kernel and says so', async () => {
    const kernel = tensor(
      Array.from({ length: 3 * 3 * 10 * 40 }, (_, i) => Math.sin(i)),
      [3, 3, 10, 40],
    );
    const spec = plots.filters(kernel, { maxFilters: 20, maxChannels: 2, columns: 10 });
    expectRenderable(spec);
    expect(rows(obj(arr(spec.layer)[0]))).toHaveLength(20 * 2);
    expect(obj(spec.title).subtitle).toMatch(/; the first 20 of 40 filters, the first 2 of 10 channels$/);
    expect(await specToSvg(spec)).toMatch(/^<svg/);
  });

  it('needs a [kh, kw, in, out] kernel', () => {
    expect(() => plots.filters(tensor([1, 2, 3, 4], [2, 2]))).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: filters(): expected a convolution kernel of shape [kernelHeight, kernelWidth, inChannels, filters], got [2, 2]. Pass the first conv layer's kernel, e.g. model.layers[0].params()[0].value.]`,
    );
  });
});

describe('plots.featureMaps', () => {
  it('draws a section per layer and each channel on its own white-to-black scale', async () => {
    // [2, 2, 2]: channel 1 = [0, 1, 2, 3], channel 2 = [10, 10, 10, 20]
    const maps = tensor([0, 10, 1, 10, 2, 10, 3, 20], [2, 2, 2]);
    const input = tensor([0, 1, 1, 0], [1, 2, 2, 1]);
    const spec = plots.featureMaps(
      [
        { name: 'input', maps: input },
        { name: 'conv2d_1', maps },
      ],
      { size: 40 },
    );
    const pixels = rows<Rect>(obj(arr(spec.layer)[1]));
    expect(pixels.slice(0, 2).map((p) => p.c)).toEqual(['#000000', '#000000']);
    const conv = pixels.slice(2).map((p) => p.c);
    expect(conv).toEqual(['#aaaaaa', '#555555', '#000000', '#000000']);
    const headings = rows<{ text: string; y: number }>(obj(arr(spec.layer)[3]));
    expect(headings.map((h) => h.text)).toEqual(['input: 2×2×1', 'conv2d_1: 2×2×2']);
    expect(headings[1].y).toBeGreaterThan(headings[0].y + 40);
    expectRenderable(spec);
    expect(await specToSvg(spec)).toContain('conv2d_1: 2×2×2');
  });

  it('says which layer is not image-shaped', () => {
    expect(() =>
      plots.featureMaps([{ name: 'dense_1', maps: tensor([[1, 2, 3]]) }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: featureMaps(): dense_1: expected maps of shape [height, width, channels] for one input, got [1, 3]. Pass only the image-shaped outputs (conv and pooling layers), for one input.]`,
    );
    expect(() => plots.featureMaps([])).toThrow(/expected a non-empty list/);
  });
});
