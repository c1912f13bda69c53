// The decision map: the output (or one neuron) over the grid as colours, the data points on top.
import type { Ctx2D } from './colors.js';
import { blend, CLASS_COLORS, css, diverging } from './colors.js';
import type { PointSet } from './point-set.js';

export interface MapLayer {
  /** Row-major grid values from the top row down: `width` values per cell. */
  values: Float32Array;
  width: number;
  gridSize: number;
  /** 'classes' blends class probabilities; 'values' uses the diverging scale (scaled by `scale`). */
  kind: 'classes' | 'values';
  scale: number;
}

const cache = new Map<number, { canvas: OffscreenCanvas; image: ImageData }>();

function surface(size: number) {
  let entry = cache.get(size);
  if (!entry) {
    const canvas = new OffscreenCanvas(size, size);
    entry = { canvas, image: new ImageData(size, size) };
    cache.set(size, entry);
  }
  return entry;
}

/** Paints the grid into `ctx` (scaled to fill it); discretized maps show the winning class (or sign) only. */
export function paintGrid(ctx: Ctx2D, layer: MapLayer, discretize: boolean, classes: number): void {
  const { gridSize: n, values, width } = layer;
  const { canvas, image } = surface(n);
  const px = image.data;
  const probs = new Float32Array(Math.max(2, width));
  for (let cell = 0; cell < n * n; cell++) {
    const at = cell * 4;
    if (layer.kind === 'values') {
      const v = values[cell] / layer.scale;
      diverging(discretize ? Math.sign(v) : v, px, at);
    } else if (width === 1) {
      const p = values[cell];
      probs[0] = discretize ? Number(p <= 0.5) : 1 - p;
      probs[1] = discretize ? Number(p > 0.5) : p;
      blend(probs, 0, 2, px, at);
    } else {
      let best = 0;
      for (let j = 0; j < width; j++) {
        probs[j] = values[cell * width + j];
        if (probs[j] > probs[best]) best = j;
      }
      if (discretize) for (let j = 0; j < width; j++) probs[j] = j === best ? 1 : 0;
      blend(probs, 0, Math.min(width, classes), px, at);
    }
  }
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = !discretize;
  ctx.drawImage(canvas, 0, 0, ctx.canvas.width, ctx.canvas.height);
}

/** Data coordinates → canvas pixels, for a domain [x min, x max, y min, y max]. */
export function toPixel(domain: readonly number[], w: number, h: number, x: number, y: number): [number, number] {
  return [((x - domain[0]) / (domain[1] - domain[0])) * w, ((domain[3] - y) / (domain[3] - domain[2])) * h];
}

export function toData(domain: readonly number[], w: number, h: number, px: number, py: number): [number, number] {
  return [domain[0] + (px / w) * (domain[1] - domain[0]), domain[3] - (py / h) * (domain[3] - domain[2])];
}

/** The training points (filled), and the test points (hollow) when asked. */
export function drawPoints(ctx: Ctx2D, data: PointSet, showTest: boolean, targetScale: number): void {
  const { width: w, height: h } = ctx.canvas;
  const values = new Uint8ClampedArray(4);
  ctx.lineWidth = 1;
  for (let r = 0; r < data.y.length; r++) {
    const test = data.isTest[r] === 1;
    if (test && !showTest) continue;
    const [x, y] = toPixel(data.domain, w, h, data.x[2 * r], data.x[2 * r + 1]);
    let fill: string;
    if (data.classes === 1) {
      diverging(data.y[r] / targetScale, values, 0);
      fill = `rgb(${values[0]},${values[1]},${values[2]})`;
    } else fill = css(CLASS_COLORS[data.y[r]] ?? CLASS_COLORS[0]);
    ctx.beginPath();
    ctx.arc(x, y, test ? 4 : 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = test ? 'white' : fill;
    ctx.strokeStyle = test ? fill : '#222';
    ctx.lineWidth = test ? 2 : 1;
    ctx.fill();
    ctx.stroke();
  }
}
