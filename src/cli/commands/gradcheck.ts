import type { Command } from 'commander';
import { gradientCheck } from '../../index.js';
import type { CliContext } from '../cli-context.js';
import { say } from '../io.js';
import { loadBundle, requireMetadata } from '../model-bundle.js';
import { modelData } from '../model-data.js';
import { positiveNumberOption, wholeNumberOption } from '../options.js';
import { EXIT_USER_ERROR } from '../report-error.js';
import { withData, withModel } from './model-options.js';

interface GradcheckOptions {
  model: string;
  data: string;
  dropMissing?: boolean;
  samples: number;
  maxParams: number;
  epsilon: number;
}

/** `strata gradcheck`: backpropagation against finite differences (in float64) on the first rows of a CSV. */
export async function gradcheck(options: GradcheckOptions, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  const { model, metadata } = await loadBundle(options.model);
  const meta = requireMetadata(options.model, metadata, 'gradcheck');
  const data = modelData(meta, options.data, { withTarget: true, dropMissing: options.dropMissing });
  const n = Math.min(options.samples, data.x.length);
  const y = data.y!.slice(0, n) as number[] | number[][];
  const result = gradientCheck(model, data.x.slice(0, n), y, {
    maxParamsPerTensor: options.maxParams,
    epsilon: options.epsilon,
  });
  say(io, `Gradient check on ${n} rows of ${options.data}, up to ${options.maxParams} entries per weight:`);
  const width = Math.max(...result.perParameter.map((p) => p.name.length));
  for (const p of result.perParameter)
    say(
      io,
      `  ${p.name.padEnd(width)}  max relative error ${p.maxRelativeError === 0 ? '0 (within rounding)' : `${p.maxRelativeError.toExponential(2)} at index ${p.worstIndex}`}`,
    );
  const difference = result.difference.toExponential(2);
  if (result.passed) {
    say(io, `Passed: difference ${difference} < 1e-7`);
    return;
  }
  io.err(
    `Failed: difference ${difference} ≥ 1e-7. Tiny gradients (a confident model on rows it gets right) or a ReLU kink within epsilon of an input can cause this: try rows it gets wrong, or --epsilon 1e-5.\n`,
  );
  ctx.exitCode = EXIT_USER_ERROR;
}

/** Adds `strata gradcheck` and its options to the program. */
export function registerGradcheck(program: Command, ctx: CliContext): void {
  const command = program
    .command('gradcheck')
    .description("check a saved model's gradients against finite differences on rows of a labelled CSV file");
  withData(withModel(command), 'CSV file with the feature columns and the target column')
    .option('--samples <n>', 'rows to check (default: 8)', wholeNumberOption(1), 8)
    .option('--max-params <n>', 'entries checked per weight (default: 20)', wholeNumberOption(1), 20)
    .option('--epsilon <step>', 'step of the central differences (default: 1e-7)', positiveNumberOption, 1e-7)
    .action((options: GradcheckOptions) => gradcheck(options, ctx));
}
