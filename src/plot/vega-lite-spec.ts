/** A JSON value: what a Vega-Lite spec is made of, so `JSON.stringify` loses nothing. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A Vega-Lite v5 spec as plain JSON: render it with vega-lite + vega, or in a page with vega-embed. */
export interface VegaLiteSpec {
  $schema: string;
  [key: string]: JsonValue;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** tableau10 in order, for marks that take one fixed colour and must match the scheme's legend. */
export const TABLEAU10 = [
  '#4c78a8',
  '#f58518',
  '#e45756',
  '#72b7b2',
  '#54a24b',
  '#eeca3b',
  '#b279a2',
  '#ff9da6',
  '#9d755d',
  '#bab0ac',
];

/** Wraps a view in the shared look: white background (PNGs stay readable), larger fonts, padding so nothing clips. */
export function vegaLiteSpec(title: string, body: { [key: string]: JsonValue }, subtitle?: string): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: subtitle === undefined ? { text: title, anchor: 'start' } : { text: title, subtitle, anchor: 'start' },
    background: 'white',
    padding: 16,
    ...body,
    config: {
      font: 'Helvetica, Arial, DejaVu Sans, Liberation Sans, sans-serif',
      title: { fontSize: 16, subtitleFontSize: 12, subtitleColor: '#555' },
      axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
      legend: { labelFontSize: 11, titleFontSize: 12 },
      header: { labelFontSize: 12, titleFontSize: 12 },
    },
  };
}

/** Rounds for the inline data: keeps specs small without changing what a reader can see. */
export function round(value: number, digits = 4): number | null {
  if (!Number.isFinite(value)) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

const ACRONYMS = new Set(['mse', 'mae', 'rmse', 'mape', 'msle', 'auc', 'r2']);

/** 'binaryAccuracy' → 'Binary accuracy'; 'loss' → 'Loss'; 'mse' → 'MSE'. */
export function humanize(key: string): string {
  if (ACRONYMS.has(key.toLowerCase())) return key.toUpperCase();
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
