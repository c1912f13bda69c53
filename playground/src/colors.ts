// Class colours (distinguishable with the common colour-vision deficiencies) and the diverging scale for values.
export type Rgb = readonly [number, number, number];

export const CLASS_COLORS: readonly Rgb[] = [
  [245, 147, 34], // orange
  [8, 119, 189], // blue
  [0, 158, 115], // green
  [204, 121, 167], // purple
  [213, 94, 0], // vermillion
  [86, 180, 233], // sky
  [240, 228, 66], // yellow
  [90, 90, 90],
  [150, 75, 0],
  [0, 0, 0],
];
const WHITE: Rgb = [255, 255, 255];

export const css = (c: Rgb): string => `rgb(${c[0]},${c[1]},${c[2]})`;

/** -1 → orange, 0 → white, +1 → blue (values beyond are clamped). */
export function diverging(v: number, out: Uint8ClampedArray, at: number): void {
  const t = Math.max(-1, Math.min(1, v));
  const c = t < 0 ? CLASS_COLORS[0] : CLASS_COLORS[1];
  const a = Math.abs(t);
  out[at] = WHITE[0] + (c[0] - WHITE[0]) * a;
  out[at + 1] = WHITE[1] + (c[1] - WHITE[1]) * a;
  out[at + 2] = WHITE[2] + (c[2] - WHITE[2]) * a;
  out[at + 3] = 255;
}

/** Class probabilities → their colours blended by probability, washed towards white where the network is unsure. */
export function blend(p: ArrayLike<number>, from: number, k: number, out: Uint8ClampedArray, at: number): void {
  let r = 0;
  let g = 0;
  let b = 0;
  let max = 0;
  for (let j = 0; j < k; j++) {
    const w = p[from + j];
    const c = CLASS_COLORS[j];
    r += w * c[0];
    g += w * c[1];
    b += w * c[2];
    if (w > max) max = w;
  }
  // max is 1/k where the classes tie, 1 where one is certain
  const certainty = k > 1 ? (max - 1 / k) / (1 - 1 / k) : 1;
  const keep = 0.25 + 0.55 * certainty;
  out[at] = 255 + (r - 255) * keep;
  out[at + 1] = 255 + (g - 255) * keep;
  out[at + 2] = 255 + (b - 255) * keep;
  out[at + 3] = 255;
}

/** The drawing functions paint on a page's canvas or on one handed to a worker alike. */
export type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
