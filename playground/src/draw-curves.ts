// Training curves: one series per line, train solid and test dashed, epochs along x.
import type { Ctx2D } from './colors.js';
export interface Series {
  values: readonly number[];
  color: string;
  dashed: boolean;
}

export function drawCurves(ctx: Ctx2D, series: Series[], range: [number, number] | null, label: string): void {
  const { width: w, height: h } = ctx.canvas;
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 40, r: 8, t: 16, b: 18 };
  const n = Math.max(2, ...series.map((s) => s.values.length));
  const lo = range ? range[0] : 0;
  // a loop, not Math.max(...values): a long run has more epochs than a call may have arguments
  let hi = range ? range[1] : 1e-6;
  if (!range) for (const s of series) for (const v of s.values) if (Number.isFinite(v) && v > hi) hi = v;
  ctx.strokeStyle = '#99a';
  ctx.lineWidth = 1;
  ctx.strokeRect(pad.l, pad.t, w - pad.l - pad.r, h - pad.t - pad.b);
  ctx.fillStyle = '#333';
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'right';
  ctx.fillText(hi.toPrecision(2), pad.l - 4, pad.t + 8);
  ctx.fillText(lo.toPrecision(2), pad.l - 4, h - pad.b);
  ctx.textAlign = 'left';
  ctx.fillText(label, pad.l + 4, 11);
  ctx.textAlign = 'right';
  ctx.fillText(`epoch ${n - 1 > 0 ? (series[0]?.values.length ?? 0) : 0}`, w - pad.r, h - 4);
  const x = (i: number) => pad.l + (i / (n - 1)) * (w - pad.l - pad.r);
  const y = (v: number) => pad.t + (1 - (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (h - pad.t - pad.b);
  // at most one vertex per pixel: long runs stay cheap to draw
  const step = Math.max(1, Math.floor(n / (w - pad.l - pad.r)));
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(s.dashed ? [5, 4] : []);
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < s.values.length; i += step) {
      if (!Number.isFinite(s.values[i])) continue;
      if (started) ctx.lineTo(x(i), y(s.values[i]));
      else ctx.moveTo(x(i), y(s.values[i]));
      started = true;
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
}
