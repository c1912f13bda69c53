import { vegaLiteSpec, type JsonValue, type VegaLiteSpec } from './vega-lite-spec.js';

/** One picture in a grid: a colour per pixel (null: the white background shows), placed in screen pixels. */
export interface Panel {
  /** Top-left corner of the picture, in screen pixels. */
  readonly x: number;
  readonly y: number;
  readonly height: number;
  readonly width: number;
  /** Screen pixels per picture pixel. */
  readonly scale: number;
  /** Row-major colours, height × width. */
  readonly colours: readonly (string | null)[];
  readonly caption?: string;
  /** Marks the panel: its frame and caption in red. */
  readonly wrong?: boolean;
}

/** A line of text placed in screen pixels (a section heading). */
export interface Heading {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

const WRONG = '#d62728';
const FRAME = '#c8c8c8';
/** Room below a picture for its caption. */
export const CAPTION = 16;

const hex2 = (v: number) =>
  Math.round(255 * Math.min(1, Math.max(0, v)))
    .toString(16)
    .padStart(2, '0');

/** v in [0, 1] → white (0) … black (1); 0 is null, so the background shows and no mark is drawn. */
export function grey(v: number): string | null {
  const level = hex2(1 - v);
  return level === 'ff' ? null : `#${level}${level}${level}`;
}

/** Red, green, blue in [0, 1] → '#rrggbb'. */
export const rgb = (r: number, g: number, b: number): string => `#${hex2(r)}${hex2(g)}${hex2(b)}`;

/** v in [-1, 1] → blue (−1) … white (0) … red (1), as weights are usually drawn. */
export function diverging(v: number): string | null {
  const t = Math.min(1, Math.abs(v));
  if (t < 1 / 510) return null;
  const fade = hex2(1 - 0.85 * t);
  const strong = hex2(1 - 0.35 * t);
  return v > 0 ? `#${strong}${fade}${fade}` : `#${fade}${fade}${strong}`;
}

/** Each run of equal colours in a row becomes one rectangle, which keeps the spec and the SVG small. */
function pixelRects(panel: Panel, out: JsonValue[]): void {
  const { x, y, width, height, scale, colours } = panel;
  for (let r = 0; r < height; r++) {
    let c = 0;
    while (c < width) {
      const colour = colours[r * width + c];
      let end = c + 1;
      while (end < width && colours[r * width + end] === colour) end++;
      // half a screen pixel of overlap hides the hairline seams anti-aliasing leaves between neighbours
      if (colour !== null)
        out.push({
          x: x + c * scale,
          x2: x + end * scale + 0.5,
          y: y + r * scale,
          y2: y + (r + 1) * scale + 0.5,
          c: colour,
        });
      c = end;
    }
  }
}

const raw = (field: string) => ({ field, type: 'quantitative', scale: null, axis: null });

/** Pictures, captions and headings laid out in screen pixels, as one Vega-Lite view. */
export function panelsSpec(
  title: string,
  subtitle: string | undefined,
  panels: readonly Panel[],
  headings: readonly Heading[] = [],
): VegaLiteSpec {
  const pixels: JsonValue[] = [];
  for (const panel of panels) pixelRects(panel, pixels);
  const frames = panels.map((p) => ({
    x: p.x - 0.5,
    x2: p.x + p.width * p.scale + 0.5,
    y: p.y - 0.5,
    y2: p.y + p.height * p.scale + 0.5,
    stroke: p.wrong ? WRONG : FRAME,
    strokeWidth: p.wrong ? 2 : 1,
  }));
  const captions = panels
    .filter((p) => p.caption !== undefined)
    .map((p) => ({
      x: p.x + (p.width * p.scale) / 2,
      y: p.y + p.height * p.scale + 12,
      text: p.caption!,
      colour: p.wrong ? WRONG : '#222',
    }));
  const right = Math.max(...panels.map((p) => p.x + p.width * p.scale), ...headings.map((h) => h.x + 160));
  const bottom = Math.max(...panels.map((p) => p.y + p.height * p.scale + CAPTION));
  const rect = { x: raw('x'), x2: { field: 'x2' }, y: raw('y'), y2: { field: 'y2' } };
  const layer: JsonValue[] = [
    {
      data: { values: frames },
      mark: { type: 'rect', fill: 'white' },
      encoding: {
        ...rect,
        stroke: { field: 'stroke', type: 'nominal', scale: null },
        strokeWidth: { field: 'strokeWidth', type: 'quantitative', scale: null },
      },
    },
    {
      data: { values: pixels },
      mark: { type: 'rect', strokeWidth: 0 },
      encoding: { ...rect, fill: { field: 'c', type: 'nominal', scale: null } },
    },
  ];
  // a caption wider than its picture is cut with an ellipsis rather than run into its neighbour's
  const limit = Math.min(...panels.map((p) => p.width * p.scale)) + 6;
  if (captions.length > 0)
    layer.push({
      data: { values: captions },
      mark: { type: 'text', fontSize: 11, baseline: 'middle', limit },
      encoding: {
        x: raw('x'),
        y: raw('y'),
        text: { field: 'text' },
        color: { field: 'colour', type: 'nominal', scale: null },
      },
    });
  if (headings.length > 0)
    layer.push({
      data: { values: headings as unknown as JsonValue[] },
      mark: { type: 'text', fontSize: 12, fontWeight: 'bold', align: 'left', baseline: 'bottom' },
      encoding: { x: raw('x'), y: raw('y'), text: { field: 'text' } },
    });
  // at least wide enough that the title and subtitle of a small grid do not stick out
  const width = Math.max(Math.ceil(right), 200);
  const spec = vegaLiteSpec(title, { width, height: Math.ceil(bottom), layer }, subtitle);
  // the pictures draw their own frames: no axes, no outer box
  (spec.config as { [key: string]: JsonValue }).view = { stroke: null };
  return spec;
}
