import { formatKerasShape, type ShapeSpec } from '../core/shape.js';
import type { Layer } from '../layers/layer.js';

const WIDTHS = [29, 26, 10];
const RULE = 65;

function row(cells: string[]): string {
  return ' ' + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(WIDTHS[i] - 1) + ' ')).join('');
}

/** Splits text into pieces of at most `width` characters, at spaces where it can (as Keras wraps long names). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > width) {
    const space = rest.lastIndexOf(' ', width);
    const cut = space > 0 ? space : width;
    lines.push(rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
  }
  return [...lines, rest];
}

/** A table row whose cells may wrap onto more lines; the columns stay aligned. */
function rows(cells: string[]): string[] {
  const wrapped = cells.map((c, i) => (i === cells.length - 1 ? [c] : wrap(c, WIDTHS[i] - 2)));
  const height = Math.max(...wrapped.map((w) => w.length));
  return Array.from({ length: height }, (_, k) => row(wrapped.map((w) => w[k] ?? '')).trimEnd());
}

const group = (n: number) => n.toLocaleString('en-US');

/** A Keras-style table: layer (type), output shape and parameter count, then the totals. */
export function formatSummary(name: string, layers: readonly Layer[], inputShape: ShapeSpec): string {
  const lines = [
    `Model: "${name}"`,
    '_'.repeat(RULE),
    row(['Layer (type)', 'Output Shape', 'Param #']),
    '='.repeat(RULE),
  ];
  let shape = inputShape;
  let trainable = 0;
  let nonTrainable = 0;
  layers.forEach((layer, i) => {
    shape = layer.outputShape(shape);
    let count = 0;
    for (const p of layer.params()) {
      count += p.value.size;
      if (p.trainable) trainable += p.value.size;
      else nonTrainable += p.value.size;
    }
    lines.push(...rows([`${layer.name} (${layer.className})`, formatKerasShape(shape), group(count)]));
    if (i < layers.length - 1) lines.push('');
  });
  lines.push(
    '='.repeat(RULE),
    `Total params: ${group(trainable + nonTrainable)}`,
    `Trainable params: ${group(trainable)}`,
    `Non-trainable params: ${group(nonTrainable)}`,
    '_'.repeat(RULE),
  );
  return lines.join('\n');
}
