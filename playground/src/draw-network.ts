// The network drawn: inputs, every hidden neuron as its own small heat map over the plane, the output, and the
import type { Ctx2D } from './colors.js';
// edges between them with thickness by |weight| and colour by sign. Wide layers draw their first MAX_DRAWN neurons.
import { CLASS_COLORS, css, diverging } from './colors.js';

export const MAX_DRAWN = 10;

export interface NetworkView {
  /** Column labels' node names: features, then hidden layers, then the output. */
  inputNames: string[];
  hidden: number[];
  outputs: number;
  /** Each Dense kernel, [inputs, units] row-major. */
  kernels: { inputs: number; units: number; values: Float32Array }[];
  /** Inputs' and hidden neurons' maps, neuron-major per column (absent when the data has no map). */
  maps: Float32Array[] | null;
  gridSize: number;
}

export interface NodeBox {
  column: number;
  index: number;
  x: number;
  y: number;
  size: number;
}

const image = new Map<number, { canvas: OffscreenCanvas; data: ImageData }>();

function tile(size: number) {
  let t = image.get(size);
  if (!t) image.set(size, (t = { canvas: new OffscreenCanvas(size, size), data: new ImageData(size, size) }));
  return t;
}

export function layoutNodes(view: NetworkView, w: number, h: number): NodeBox[][] {
  const columns = [view.inputNames.length, ...view.hidden, view.outputs];
  const drawn = columns.map((n) => Math.min(n, MAX_DRAWN));
  const most = Math.max(...drawn);
  const fit = Math.max(14, Math.min(34, Math.floor((h - 20) / most) - 8));
  // maps at their own resolution are copied, not scaled: the cheapest way to paint dozens of them each frame
  const size = view.gridSize > 0 && view.gridSize <= fit ? view.gridSize : fit;
  const left = 56;
  const right = w - 30;
  return drawn.map((n, c) => {
    const x = columns.length === 1 ? left : left + (c / (columns.length - 1)) * (right - left - size);
    const gap = (h - 20) / n;
    return Array.from({ length: n }, (_, i) => ({
      column: c,
      index: i,
      x: Math.round(x),
      y: Math.round(10 + gap * i + (gap - size) / 2),
      size,
    }));
  });
}

function drawMap(ctx: Ctx2D, values: Float32Array, from: number, n: number, box: NodeBox): void {
  let scale = 1e-6;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(values[from + i]));
  const t = tile(n);
  for (let i = 0; i < n * n; i++) diverging(values[from + i] / scale, t.data.data, i * 4);
  t.canvas.getContext('2d')!.putImageData(t.data, 0, 0);
  ctx.drawImage(t.canvas, box.x, box.y, box.size, box.size);
}

export function drawNetwork(ctx: Ctx2D, view: NetworkView, selected: string | null): NodeBox[][] {
  const { width: w, height: h } = ctx.canvas;
  ctx.clearRect(0, 0, w, h);
  const nodes = layoutNodes(view, w, h);
  // edges first, so the nodes sit on top; binned by sign and strength so that a frame strokes 8 paths, not hundreds
  const bins = Array.from({ length: 8 }, () => new Path2D());
  view.kernels.forEach((k, c) => {
    let maxAbs = 1e-6;
    for (const v of k.values) maxAbs = Math.max(maxAbs, Math.abs(v));
    for (const a of nodes[c])
      for (const b of nodes[c + 1]) {
        const wv = k.values[a.index * k.units + b.index];
        const level = Math.min(3, Math.floor((4 * Math.abs(wv)) / maxAbs));
        const path = bins[(wv < 0 ? 0 : 4) + level];
        path.moveTo(a.x + a.size, a.y + a.size / 2);
        path.lineTo(b.x, b.y + b.size / 2);
      }
  });
  bins.forEach((path, i) => {
    const level = i % 4;
    ctx.strokeStyle = css(CLASS_COLORS[i < 4 ? 0 : 1]);
    ctx.globalAlpha = 0.3 + 0.23 * level;
    ctx.lineWidth = 0.6 + 1.1 * level;
    ctx.stroke(path);
  });
  ctx.globalAlpha = 1;
  const n = view.gridSize;
  nodes.forEach((column, c) =>
    column.forEach((box) => {
      const map = view.maps?.[c];
      if (map && n > 0 && map.length >= (box.index + 1) * n * n) drawMap(ctx, map, box.index * n * n, n, box);
      else {
        ctx.fillStyle = '#e8edf2';
        ctx.fillRect(box.x, box.y, box.size, box.size);
      }
      ctx.lineWidth = selected === `${c}:${box.index}` ? 3 : 1;
      ctx.strokeStyle = selected === `${c}:${box.index}` ? '#111' : '#667';
      ctx.strokeRect(box.x, box.y, box.size, box.size);
    }),
  );
  ctx.fillStyle = '#222';
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'right';
  nodes[0].forEach((box) => ctx.fillText(view.inputNames[box.index], box.x - 6, box.y + box.size / 2 + 4));
  ctx.textAlign = 'center';
  const counts = [view.inputNames.length, ...view.hidden, view.outputs];
  nodes.forEach((column, c) => {
    if (counts[c] > column.length) {
      const last = column[column.length - 1];
      ctx.fillText(`+${counts[c] - column.length} more`, last.x + last.size / 2, h - 2);
    }
  });
  return nodes;
}
