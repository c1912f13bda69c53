import { DataError, setSeed } from '../../index.js';
import type { CliContext } from '../cli-context.js';
import { shortList } from '../did-you-mean.js';
import { fitWithProgress, sayDiverged, sayEarlyStopping } from '../fit-with-progress.js';
import { sayStopped } from '../graceful-stop.js';
import { readImageData } from '../image-data.js';
import { buildImageNetwork } from '../image-network.js';
import { say } from '../io.js';
import { IMAGE_METADATA_VERSION, type CliMetadata } from '../model-bundle.js';
import { StopSignals } from '../stop-signals.js';
import type { Task } from '../task.js';
import type { TrainSettings } from '../train-settings.js';
import { checkWritable } from '../write-errors.js';
import { saveTrained } from '../save-trained.js';

const percent = (v: number) => `${(100 * v).toFixed(1)}%`;

/** Softmax over every class (two included) with sparse class ids: one rule for folders and IDX labels alike. */
function imageTask(classes: string[]): Task {
  return {
    kind: 'multiclass',
    loss: 'sparseCategoricalCrossentropy',
    outputActivation: 'softmax',
    outputUnits: classes.length,
    classes,
    metrics: ['accuracy'],
  };
}

/** `strata train --images DIR` or `--idx FILE --idx-labels FILE`: an image classifier, saved with its input size. */
export async function trainImages(settings: TrainSettings, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  if (settings.out !== undefined) checkWritable(settings.out, 'folder', 'the model');
  const size = settings.resize && { height: settings.resize[0], width: settings.resize[1] };
  const images = readImageData(settings, size);
  const labels = images.labels!;
  const classes = images.classes ?? Array.from({ length: Math.max(...labels) + 1 }, (_, c) => String(c));
  if (classes.length < 2)
    throw new DataError({
      where: images.source,
      expected: 'labels of at least two classes',
      received: `only class ${classes[0]}`,
      hint: 'A classifier needs examples of two or more classes.',
    });
  const [n, height, width, channels] = images.x.shape;
  const task = imageTask(classes);
  say(io, `Task: ${classes.length}-class classification of images → softmax output + ${task.loss}`);
  say(io, `Classes (${classes.length}): ${shortList(classes)}`);
  say(
    io,
    `Images: ${n} of ${height}×${width}×${channels}${size ? ' (resized)' : ''}${settings.validationSplit > 0 ? `, ${Math.round(100 * settings.validationSplit)}% held out for validation` : ''}`,
  );
  setSeed(settings.seed);
  const model = buildImageNetwork([height, width, channels], task, settings);
  model.summary({ printFn: (line) => say(io, line) });
  const signals = new StopSignals(io);
  try {
    const [x, y] = [images.x, labels];
    const run = await fitWithProgress(model, x, y, settings, io, signals);
    signals.finishing();
    if (run.stopped) sayStopped(io, run.stopped, settings.epochs);
    if (run.diverged) sayDiverged(io, run, settings.epochs);
    sayEarlyStopping(io, run, settings);
    const { accuracy } = model.evaluate(x, y);
    const val = run.history.history.val_accuracy?.at(-1);
    say(
      io,
      `\nFinal: accuracy ${percent(accuracy)} on all ${n} images${val === undefined ? '' : `; val_accuracy ${percent(val)}`}`,
    );
    const metadata: CliMetadata = {
      format: 'strata-cli',
      version: IMAGE_METADATA_VERSION,
      target: 'class',
      features: [],
      task: task.kind,
      loss: task.loss,
      metrics: task.metrics,
      classes,
      scaler: null,
      images: { height, width, channels, resize: size !== undefined },
    };
    const from = settings.images !== undefined ? `--images ${settings.images}` : `--idx ${settings.idx}`;
    await saveTrained(io, settings.out, model, run, metadata, (out) => `strata predict --model ${out} ${from}`);
    if (run.diverged) throw run.diverged.error;
    await signals.settle();
    if (signals.exitCode !== undefined) ctx.exitCode = signals.exitCode;
  } finally {
    signals.dispose();
  }
}
