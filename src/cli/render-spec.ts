import { extname } from 'node:path';
import { ConfigError, type VegaLiteSpec } from '../index.js';
import { writeFileAtomic } from './atomic-write.js';

/** The image formats plots are written in. */
export type ImageFormat = 'svg' | 'png';

/** The image format a path asks for by its extension. */
export function imageFormat(path: string): ImageFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.svg' || ext === '.png') return ext.slice(1) as ImageFormat;
  throw new ConfigError({
    where: '--out',
    expected: 'a file ending in .svg or .png',
    received: `'${path}'`,
    hint: 'The extension picks the format.',
  });
}

/** Vega-Lite → Vega → an SVG string; vega and vega-lite load only when a plot is drawn, so other commands start fast. */
export async function specToSvg(spec: VegaLiteSpec): Promise<string> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    warn: (...args: unknown[]) => void warnings.push(args.join(' ')),
    info: () => logger,
    debug: () => logger,
    error: (...args: unknown[]) => void warnings.push(args.join(' ')),
  };
  const compiled = vl.compile(spec as never, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** An SVG rasterised by resvg with the system fonts (DejaVu Sans where the spec's fonts are missing). */
export async function svgToPng(svg: string, scale = 2): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
  });
  return resvg.render().asPng();
}

/** Renders a spec to `path` as SVG or PNG (by extension). */
export async function renderSpec(spec: VegaLiteSpec, path: string, scale = 2): Promise<void> {
  const format = imageFormat(path);
  const svg = await specToSvg(spec);
  writeFileAtomic(path, format === 'svg' ? svg : await svgToPng(svg, scale));
}

/** Renders once and writes `<base>.svg` and `<base>.png`; returns both paths. */
export async function renderBoth(spec: VegaLiteSpec, base: string, scale = 2): Promise<string[]> {
  const svg = await specToSvg(spec);
  writeFileAtomic(`${base}.svg`, svg);
  writeFileAtomic(`${base}.png`, await svgToPng(svg, scale));
  return [`${base}.svg`, `${base}.png`];
}
