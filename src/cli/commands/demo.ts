import { Argument, type Command } from 'commander';
import { join } from 'node:path';
import { datasets, setSeed, type Dataset } from '../../index.js';
import { writeFileAtomic } from '../atomic-write.js';
import { buildNetwork } from '../build-network.js';
import type { CliContext } from '../cli-context.js';
import { fitWithProgress, sayDiverged } from '../fit-with-progress.js';
import { sayStopped } from '../graceful-stop.js';
import { say } from '../io.js';
import { METADATA_VERSION, savedHistory, saveBundle, type CliMetadata } from '../model-bundle.js';
import { boundarySpec, historySpec } from '../model-plots.js';
import { wholeNumberOption } from '../options.js';
import { renderBoth } from '../render-spec.js';
import { StopSignals } from '../stop-signals.js';
import type { Task } from '../task.js';
import { checkWritable } from '../write-errors.js';

/** The built-in data sets, each with the sizes and noise the tutorials use. */
const DEMOS: Record<string, (seed: number) => Dataset> = {
  spiral: (seed) => datasets.spiral({ samplesPerClass: 150, classes: 2, noise: 0.2, seed }),
  circles: (seed) => datasets.circles({ samples: 400, noise: 0.1, factor: 0.5, seed }),
  moons: (seed) => datasets.moons({ samples: 400, noise: 0.15, seed }),
  xor: (seed) => datasets.xor({ samples: 400, seed }),
  blobs: (seed) => datasets.blobs({ samples: 400, centers: 4, seed }),
};
/** The data sets `strata demo` knows. */
export const DEMO_NAMES = Object.keys(DEMOS);

interface DemoOptions {
  epochs: number;
  seed: number;
  out: string;
}

const percent = (v: number | undefined) => (v === undefined ? 'n/a' : `${(100 * v).toFixed(1)}%`);

function taskFor(classes: number): Task {
  const names = Array.from({ length: classes }, (_, c) => String(c));
  return classes === 2
    ? {
        kind: 'binary',
        loss: 'binaryCrossentropy',
        outputActivation: 'sigmoid',
        outputUnits: 1,
        classes: names,
        metrics: ['accuracy'],
      }
    : {
        kind: 'multiclass',
        loss: 'sparseCategoricalCrossentropy',
        outputActivation: 'softmax',
        outputUnits: classes,
        classes: names,
        metrics: ['accuracy'],
      };
}

/** `strata demo [name]`: the tutorials' 2→16→8→4→out network on built-in data, saved with its pictures. */
export async function demo(name: string, options: DemoOptions, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  setSeed(options.seed);
  const data = DEMOS[name](options.seed);
  const raw = data.x.toArray() as number[][];
  const ids = Array.from(data.y.data, Number);
  const task = taskFor(Math.max(...ids) + 1);
  const dir = join(options.out, name);
  checkWritable(dir, 'folder', 'the demo model');
  say(io, `strata demo: ${name}, ${raw.length} points in ${task.classes!.length} classes → ${dir}/`);
  // He-initialised ReLU layers as in the first tutorial; Adam with mini-batches converges in ~100 epochs
  const model = buildNetwork(2, task, {
    layers: [16, 8, 4],
    activation: 'relu',
    dropout: 0,
    batchNorm: false,
    optimizer: 'adam',
    lr: 0.01,
  });
  model.summary({ printFn: (line) => say(io, line) });
  const signals = new StopSignals(io);
  try {
    const run = await fitWithProgress(
      model,
      raw,
      ids,
      { epochs: options.epochs, batchSize: 32, validationSplit: 0.2 },
      io,
      signals,
    );
    signals.finishing();
    if (run.stopped) sayStopped(io, run.stopped, options.epochs);
    if (run.diverged) sayDiverged(io, run, options.epochs);
    const { accuracy } = model.evaluate(raw, ids);
    const valAccuracy = run.history.history.val_accuracy?.at(-1);
    say(io, `\nFinal accuracy: ${percent(accuracy)} on all ${raw.length} points (validation ${percent(valAccuracy)})`);

    const metadata: CliMetadata = {
      format: 'strata-cli',
      version: METADATA_VERSION,
      target: 'class',
      features: ['x1', 'x2'],
      task: task.kind,
      loss: task.loss,
      metrics: task.metrics,
      classes: task.classes,
      scaler: null,
    };
    const history = savedHistory(run.history);
    await saveBundle(dir, model, metadata, history);
    // the points as a CSV, so evaluate, predict and plot work on the demo model too
    writeFileAtomic(
      join(dir, 'data.csv'),
      ['x1,x2,class', ...raw.map((p, i) => `${p[0]},${p[1]},${ids[i]}`)].join('\n') + '\n',
    );
    const title = `Decision boundary: ${name} (accuracy ${percent(accuracy)})`;
    await renderBoth(historySpec(history, `Training history: ${name}`), join(dir, 'history'));
    await renderBoth(boundarySpec(model, metadata, raw, ids, title), join(dir, 'boundary'));
    say(
      io,
      `Wrote ${dir}/: model.json + weights, strata-cli.json, history.json, data.csv, history.svg/.png, boundary.svg/.png`,
    );
    say(io, `Next: strata summary --model ${dir}   or   strata plot network --model ${dir}`);
    if (run.diverged) throw run.diverged.error;
    await signals.settle();
    if (signals.exitCode !== undefined) ctx.exitCode = signals.exitCode;
  } finally {
    signals.dispose();
  }
}

/** Adds `strata demo` and its options to the program. */
export function registerDemo(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description("train the tutorials' network on built-in data; save it with its history and decision boundary")
    .addArgument(new Argument('[dataset]', 'built-in data set').choices(DEMO_NAMES).default('spiral'))
    .option('--epochs <n>', 'passes over the data', wholeNumberOption(1), 100)
    .option('--seed <n>', 'seed for the data, the weights and the shuffling', wholeNumberOption(0), 42)
    .option('--out <dir>', 'parent folder; the demo writes <dir>/<dataset>/', 'strata-out')
    .action((dataset: string, options: DemoOptions) => demo(dataset, options, ctx));
}
