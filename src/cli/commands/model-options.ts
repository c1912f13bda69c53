import type { Command } from 'commander';

/** --model DIR, required. */
export const withModel = (command: Command): Command =>
  command.requiredOption('--model <dir>', 'model directory (from strata train --out or strata demo)');

/** --data FILE.csv, required, and --drop-missing. */
export const withData = (command: Command, what: string): Command =>
  command
    .requiredOption('--data <file>', what)
    .option('--drop-missing', 'skip rows with missing values instead of failing');
