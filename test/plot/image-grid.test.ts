import { describe, expect, it } from 'vitest';
import { specToSvg } from '../../src/cli/render-spec.js';
import { ConfigError, ShapeError } from '../../src/core/errors.js';
import { plots } from '../../src/plot/index.js';
import { tensor } from '../../src/tensor/tensor.js';
import { arr, expectRenderable, obj, rows } from './spec-helpers.js';

interface Rect {
  x: number;
  x2: number;
  y: number;
  y2: number;
  c: string;
}
interface Caption {
  text: string;
  colour: string;
}
const layer = (spec: ReturnType<typeof plots.imageGrid>, i: number) => obj(arr(spec.layer)[i]);

// two 2×3 grayscale images: a gradient and its reverse
const images = tensor([0, 0.5, 1, 1, 1, 0, 1, 0.5, 0, 0, 0, 1], [2, 2, 3, 1]);

describe('plots.imageGrid', () => {
  it('draws each non-white pixel run as one rectangle in its grey, at the pixel size asked for', () => {
    const spec = plots.imageGrid(images, { size: 30 });
    expect(JSON.parse(JSON.stringify(spec))).toStrictEqual(spec);
    expect(spec).toMatchObject({ width: 200, height: 20 + 16 });
    const pixels = rows<Rect>(layer(spec, 1));
    // image 1 row 1: 0 is the background (no mark), 0.5 a mid grey, 1 black; row 2: one run of two blacks
    expect(pixels.slice(0, 3).map((p) => [p.x, p.y, p.c])).toEqual([
      [10, 0, '#808080'],
      [20, 0, '#000000'],
      [0, 10, '#000000'],
    ]);
    expect(pixels[2].x2 - pixels[2].x).toBeCloseTo(20.5);
    // the second image sits one image width plus the gap to the right
    expect(pixels[3]).toMatchObject({ x: 38, y: 0, c: '#000000' });
    expect(rows(layer(spec, 0))).toHaveLength(2);
    expect(obj(spec.title).subtitle).toBe('2 images of 2×3 pixels');
  });

  it('captions true → predicted and marks the wrong ones in red', () => {
    const spec = plots.imageGrid(images, { labels: [1, 0], predicted: [1, 2], classes: ['cat', 'dog', 'bird'] });
    const captions = rows<Caption>(layer(spec, 2));
    expect(captions.map((c) => c.text)).toEqual(['dog → dog', 'cat → bird']);
    expect(captions[0].colour).not.toBe(captions[1].colour);
    expect(captions[1].colour).toBe('#d62728');
    expect(rows<{ stroke: string }>(layer(spec, 0)).map((f) => f.stroke)).toEqual(['#c8c8c8', '#d62728']);
    expect(obj(spec.title).subtitle).toBe('1 of 2 predicted wrongly (red)');
  });

  it('draws RGB images in colour, widens the range to the data, and wraps rows at columns', () => {
    const rgb = plots.imageGrid(tensor([1, 0, 0, 0, 0, 1], [1, 1, 2, 3]));
    expect(rows<Rect>(layer(rgb, 1)).map((p) => p.c)).toEqual(['#ff0000', '#0000ff']);
    const wide = plots.imageGrid(tensor([-1, 0, 1, 3], [1, 2, 2]), { columns: 1 });
    expect(rows<Rect>(layer(wide, 1)).map((p) => p.c)).toEqual(['#bfbfbf', '#808080', '#000000']);
    const wrapped = plots.imageGrid(tensor(new Array(12).fill(1), [3, 2, 2]), { columns: 2, size: 20 });
    expect(rows<{ x: number; y: number }>(layer(wrapped, 0)).map((f) => [f.x + 0.5, f.y + 0.5])).toEqual([
      [0, 0],
      [28, 0],
      [0, 28],
    ]);
  });

  it('says what it expected of images, labels and options', () => {
    expect(() => plots.imageGrid(tensor([1, 2, 3, 4], [2, 2]))).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: imageGrid(): expected images of shape [n, height, width] or [n, height, width, 1 or 3] with n ≥ 1, got [2, 2]. Pass a batch of grayscale or RGB images, channels last.]`,
    );
    expect(() => plots.imageGrid(images, { labels: [1] })).toThrowErrorMatchingInlineSnapshot(
      `[ShapeError: imageGrid(): expected labels with one label per image (2), got 1 labels. Pass as many labels as images, in the same order.]`,
    );
    expect(() => plots.imageGrid(images, { columns: 0 })).toThrow(ConfigError);
    expect(() => plots.imageGrid(tensor(new Array(8).fill(0), [1, 2, 2, 2]))).toThrow(ShapeError);
  });

  it('renders to SVG', async () => {
    const spec = plots.imageGrid(images, { labels: ['a', 'b'], size: 180 });
    expectRenderable(spec);
    const svg = await specToSvg(spec);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('>a</text>');
  });
});

describe('plots.misclassified', () => {
  const digits = tensor(
    Array.from({ length: 5 * 4 }, (_, i) => (i % 4) / 3),
    [5, 2, 2, 1],
  );

  it('keeps only the wrong ones, spread evenly through the list, and counts them all', () => {
    const spec = plots.misclassified(digits, [0, 1, 2, 3, 4], [0, 2, 2, 0, 1], { max: 2 });
    expect(rows<Caption>(layer(spec, 2)).map((c) => c.text)).toEqual(['1 → 2', '3 → 0']);
    expect(obj(spec.title)).toMatchObject({
      text: 'Misclassified',
      subtitle: '3 of 5 wrong (60.0%), 2 of them shown, caption: true → predicted',
    });
    expect(rows<{ stroke: string }>(layer(spec, 0)).every((f) => f.stroke === '#d62728')).toBe(true);
  });

  it('says so when nothing is wrong', () => {
    const spec = plots.misclassified(digits, [0, 1, 2, 3, 4], tensor([0, 1, 2, 3, 4]));
    expect(obj(spec.title).subtitle).toBe('None of 5 wrong');
    expect(rows<Caption>(layer(spec, 2)).map((c) => c.text)).toEqual(['all correct']);
  });
});
