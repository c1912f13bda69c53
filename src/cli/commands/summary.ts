import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { shortList } from '../did-you-mean.js';
import { say } from '../io.js';
import { loadBundle } from '../model-bundle.js';

/** `strata summary`: the layer table, then what the CLI saved with the model. */
export async function summary(options: { model: string }, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const { model, metadata } = await loadBundle(options.model);
  model.summary({ printFn: (line) => say(io, line) });
  if (!metadata) {
    say(io, `(no strata-cli.json in ${options.model}: a plain model.json without CLI metadata)`);
    return;
  }
  say(io, `Target: ${metadata.target} (${metadata.task}, ${metadata.loss})`);
  const series = metadata.series;
  if (series)
    say(
      io,
      `Series: forecasts the next ${series.horizon} of '${metadata.target}' from the last ${series.window} rows (strata predict --steps K continues it)`,
    );
  if (metadata.classes) say(io, `Classes (${metadata.classes.length}): ${shortList(metadata.classes)}`);
  const images = metadata.images;
  if (images)
    say(
      io,
      `Input: images of ${images.height}×${images.width}×${images.channels}${images.resize ? ' (other sizes resized)' : ''}`,
    );
  else say(io, `Features (${metadata.features.length}): ${shortList(metadata.features)}`);
  say(io, `Scaling: ${metadata.scaler ? 'standardized (mean and std saved per feature)' : 'none'}`);
  const t = metadata.targetScaler;
  if (t)
    say(
      io,
      `Target scaling: standardized (mean ${t.mean.toPrecision(4)}, std ${t.scale.toPrecision(4)}); predictions are un-scaled`,
    );
}

/** Adds `strata summary` and its options to the program. */
export function registerSummary(program: Command, ctx: CliContext): void {
  program
    .command('summary')
    .description("a saved model's layers, parameters, target, classes and features")
    .requiredOption('--model <dir>', 'model directory')
    .action((options: { model: string }) => summary(options, ctx));
}
