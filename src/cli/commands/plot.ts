import { Argument, type Command } from 'commander';
import { join } from 'node:path';
import { activations, ConfigError, plots, type Sequential, type VegaLiteSpec } from '../../index.js';
import type { CliContext } from '../cli-context.js';
import { say } from '../io.js';
import { loadBundle, readHistory, requireMetadata, type CliMetadata } from '../model-bundle.js';
import { modelData, predictedIds, targetIds } from '../model-data.js';
import { boundarySpec, displayClasses, historySpec, networkSpec } from '../model-plots.js';
import { positiveNumberOption, wholeNumberOption } from '../options.js';
import { readImageData } from '../image-data.js';
import { featuresSpec, filtersSpec, misclassifiedSpec } from '../image-plots.js';
import { labelsForModel, requireImageModel } from './predict-images.js';
import { renderBoth, renderSpec } from '../render-spec.js';
import { UsageError } from '../report-error.js';

const CURVES = Object.keys(activations).filter((n) => n !== 'softmax');

/** The figures `strata plot` draws. */
export const PLOT_KINDS = [
  'history',
  'boundary',
  'activations',
  'network',
  'confusion',
  'filters',
  'features',
  'misclassified',
] as const;
/** One of PLOT_KINDS. */
export type PlotKind = (typeof PLOT_KINDS)[number];

interface PlotOptions {
  model?: string;
  data?: string;
  images?: string;
  idx?: string;
  idxLabels?: string;
  index: number;
  out?: string;
  scale: number;
  dropMissing?: boolean;
}

function need<T>(value: T | undefined, flag: string, kind: PlotKind): T {
  if (value !== undefined) return value;
  throw new UsageError(`strata plot ${kind}: expected ${flag}, got none.`);
}

function requireClassifier(meta: CliMetadata, dir: string, kind: PlotKind): string[] {
  if (meta.classes !== null) return meta.classes;
  throw new ConfigError({
    where: `strata plot ${kind}`,
    expected: 'a classifier',
    received: `a regression model (${dir})`,
    hint: 'Boundaries and confusion matrices are drawn for models that predict classes.',
  });
}

/** The figure's spec, from the model and (for boundary and confusion) a labelled CSV. */
async function specFor(kind: PlotKind, options: PlotOptions): Promise<VegaLiteSpec> {
  if (kind === 'activations' && options.model === undefined) return plots.activations();
  const dir = need(options.model, '--model DIR', kind);
  if (kind === 'history') return historySpec(readHistory(dir));
  const { model, metadata } = await loadBundle(dir);
  if (kind === 'network') return networkSpec(model);
  if (kind === 'activations') {
    // the model's own elementwise activations (softmax is the bar panel)
    const used = model.layers.map((l) => (l.config() as { activation?: unknown }).activation);
    const names = [...new Set(used)].filter((a): a is string => typeof a === 'string' && CURVES.includes(a));
    return plots.activations(names.length > 0 ? { names } : {});
  }
  const meta = requireMetadata(dir, metadata, `plot ${kind}`);
  if (kind === 'filters' || kind === 'features' || kind === 'misclassified')
    return imageSpec(kind, model, meta, options);
  const classes = requireClassifier(meta, dir, kind);
  const data = modelData(meta, need(options.data, '--data FILE.csv', kind), {
    withTarget: true,
    dropMissing: options.dropMissing,
  });
  const ids = targetIds(data.y!);
  if (kind === 'boundary') {
    if (meta.features.length !== 2)
      throw new ConfigError({
        where: 'strata plot boundary',
        expected: 'a model with two input features',
        received: `${meta.features.length} (${meta.features.join(', ')})`,
        hint: 'The boundary is drawn over the plane of exactly two features.',
      });
    return boundarySpec(model, meta, data.raw, ids);
  }
  const p = model.predict(data.x);
  return plots.confusionMatrix(ids, predictedIds(p.data, p.shape[1]), displayClasses(classes));
}

/** The pictures of an image model: its filters, one image's feature maps, the images it gets wrong. */
function imageSpec(kind: PlotKind, model: Sequential, meta: CliMetadata, options: PlotOptions): VegaLiteSpec {
  const input = requireImageModel(options.model!, meta, `plot ${kind}`);
  if (kind === 'filters') return filtersSpec(model, input);
  if (options.images === undefined && options.idx === undefined)
    throw new UsageError(`strata plot ${kind}: expected --images DIR or --idx FILE, got none.`);
  const images = readImageData(
    { ...options, idxLabels: kind === 'misclassified' ? options.idxLabels : undefined },
    undefined,
    input,
  );
  if (kind === 'features') {
    if (options.index >= images.names.length)
      throw new ConfigError({
        where: '--index',
        expected: `an image index below ${images.names.length}`,
        received: String(options.index),
        hint: `${images.source} has ${images.names.length} images, counted from 0.`,
      });
    return featuresSpec(model, images.x, options.index, images.names[options.index]);
  }
  const truth = labelsForModel(images, meta.classes!);
  if (truth === undefined)
    throw new UsageError(
      'strata plot misclassified: expected labelled images (class subfolders in --images, or --idx-labels FILE), got none.',
    );
  return misclassifiedSpec(model, images.x, truth, meta.classes!);
}

/** `strata plot KIND`: one of the tutorials' figures as SVG or PNG. */
export async function plot(kind: PlotKind, options: PlotOptions, ctx: CliContext): Promise<void> {
  const spec = await specFor(kind, options);
  if (options.out !== undefined) {
    await renderSpec(spec, options.out, options.scale);
    say(ctx.io, `Wrote ${options.out}`);
    return;
  }
  const written = await renderBoth(spec, join(options.model ?? 'strata-out', kind), options.scale);
  say(ctx.io, `Wrote ${written.join(' and ')}`);
}

/** Adds `strata plot` and its options to the program. */
export function registerPlot(program: Command, ctx: CliContext): void {
  program
    .command('plot')
    .description("draw one of the tutorials' figures for a saved model as SVG or PNG")
    .addArgument(new Argument('<kind>', 'the figure').choices(PLOT_KINDS))
    .option('--model <dir>', 'model directory (all kinds but activations need one)')
    .option('--data <file>', 'labelled CSV file (boundary and confusion)')
    .option('--drop-missing', 'skip rows with missing values instead of failing')
    .option('--images <dir>', 'image models: a folder of images (features, misclassified: class subfolders)')
    .option('--idx <file>', 'image models: an IDX images file (.gz too)')
    .option('--idx-labels <file>', 'with --idx for misclassified: the IDX labels file')
    .option('--index <n>', 'features: which image, counted from 0 (default: 0)', wholeNumberOption(0), 0)
    .option('--out <file>', 'output file, .svg or .png (default: <model>/<kind>.svg and .png)')
    .option('--scale <factor>', 'PNG pixels per SVG pixel (default: 2)', positiveNumberOption, 2)
    .action((kind: PlotKind, options: PlotOptions) => plot(kind, options, ctx));
}
