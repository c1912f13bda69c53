import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { CliContext } from './cli-context.js';
import { registerDemo } from './commands/demo.js';
import { registerEvaluate } from './commands/evaluate.js';
import { registerExport } from './commands/export.js';
import { registerGradcheck } from './commands/gradcheck.js';
import { registerImport } from './commands/import.js';
import { registerPlot } from './commands/plot.js';
import { registerPredict } from './commands/predict.js';
import { registerSummary } from './commands/summary.js';
import { registerTrain } from './commands/train.js';
import type { Io } from './io.js';
import { reportError } from './report-error.js';

function packageVersion(): string {
  try {
    // the same relative path from src/cli and dist/cli
    const json = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return json.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const EXAMPLES = `
Examples:
  strata demo moons
  strata train --data iris.csv --target species --standardize --out iris-model
  strata predict --model iris-model --data new.csv --out predictions.csv
  strata train --data sales.csv --target sales --window 24 --horizon 6 --out sales-model
  strata predict --model sales-model --data sales.csv --steps 12
  strata plot confusion --model iris-model --data test.csv --out confusion.png
  strata train --images digits/ --resize 28x28 --out digits-model
  strata plot misclassified --model digits-model --images test-digits/ --out wrong.png`;

/** The `strata` program; settings made before the commands are added are inherited by them. */
export function buildProgram(ctx: CliContext): Command {
  const program = new Command('strata')
    .description('Train, evaluate and draw neural networks from CSV files and images, with strata.')
    .version(packageVersion())
    .option('--verbose', 'print the stack trace with an error')
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', EXAMPLES);
  for (const register of [
    registerDemo,
    registerTrain,
    registerEvaluate,
    registerPredict,
    registerSummary,
    registerGradcheck,
    registerExport,
    registerImport,
    registerPlot,
  ])
    register(program, ctx);
  return program;
}

/**
 * Runs `strata` with the arguments after the program name and returns the exit code:
 * 0 success, 1 a user error (one line; the stack with --verbose), 2 bad usage, 130 stopped by Ctrl-C.
 */
export async function runCli(argv: readonly string[], io: Io): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0 };
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    return reportError(error, io, argv.includes('--verbose'));
  }
}
