import { Option, type Command } from 'commander';
import { loadSafetensors, loadWeights } from '../../index.js';
import type { CliContext } from '../cli-context.js';
import { say } from '../io.js';
import { loadBundle, saveBundle } from '../model-bundle.js';
import { checkWritable } from '../write-errors.js';

interface ImportOptions {
  format: 'pytorch';
  weights: string;
  model: string;
  out: string;
}

/** `strata import --format pytorch`: the model in `model` with the weights of a safetensors file, saved to `out`. */
export async function importModel(options: ImportOptions, ctx: CliContext): Promise<void> {
  checkWritable(options.out, 'folder', 'the model');
  const { model, metadata } = await loadBundle(options.model);
  loadWeights(model, loadSafetensors(options.weights));
  // the CLI's metadata (features, scaler) carries over; the history was strata's, not this training's
  await saveBundle(options.out, model, metadata);
  say(ctx.io, `Wrote ${options.out}/: the architecture of ${options.model} with the weights of ${options.weights}.`);
}

/** Adds `strata import` and its options to the program. */
export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command('import')
    .description('give a saved model the weights trained elsewhere (PyTorch safetensors)')
    .addOption(new Option('--format <format>', 'the weights file format').choices(['pytorch']).makeOptionMandatory())
    .requiredOption('--weights <file>', 'a safetensors file (PyTorch names from train_ddp.py, or strata names)')
    .requiredOption('--model <dir>', 'the strata model whose architecture the weights belong to')
    .requiredOption('--out <dir>', 'the folder for the new model')
    .action((options: ImportOptions) => importModel(options, ctx));
}
