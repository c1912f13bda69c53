import type { Command } from 'commander';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import Papa from 'papaparse';
import { ConfigError, tensor } from '../../index.js';
import { UsageError } from '../report-error.js';
import { predictImages } from './predict-images.js';
import { predictSeries } from './predict-series.js';
import type { CliContext } from '../cli-context.js';
import { csvPieces } from '../csv-table.js';
import { say, type Io } from '../io.js';
import { applyScaler, loadBundle, requireMetadata, unscaleTarget } from '../model-bundle.js';
import { predictedIds } from '../model-data.js';
import { readProgress } from '../read-progress.js';
import { noUsableRows, tableData } from '../table-data.js';
import { checkWritable, writeFailure } from '../write-errors.js';
import { withModel } from './model-options.js';

interface PredictOptions {
  model: string;
  data?: string;
  images?: string;
  idx?: string;
  out?: string;
  dropMissing?: boolean;
  steps?: string;
}

const round = (v: number) => Number(v.toPrecision(6));

/** Where the CSV goes as it is made: appended piece by piece, then kept (or, on failure, dropped). */
interface CsvWriter {
  write(text: string): void;
  /** Resolves once the destination has taken what was written. */
  drain(): Promise<void>;
  commit(): void;
  abort(): void;
}

function stdoutWriter(io: Io): CsvWriter {
  return {
    write: (text) => io.out(text),
    drain: () => io.drain?.() ?? Promise.resolve(),
    commit: () => {},
    abort: () => {},
  };
}

/** A temporary file beside `path`, renamed over it once complete: readers never see half the predictions. */
function fileWriter(path: string): CsvWriter {
  const tmp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  const failed = (e: unknown) => {
    rmSync(tmp, { force: true });
    return writeFailure(e, path, 'the predictions');
  };
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw failed(e);
  }
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    write(text) {
      try {
        writeSync(fd, Buffer.from(text, 'utf8'));
      } catch (e) {
        close();
        throw failed(e);
      }
    },
    // writeSync has handed each piece to the kernel already
    drain: () => Promise.resolve(),
    commit() {
      try {
        fsyncSync(fd);
        close();
        renameSync(tmp, path);
      } catch (e) {
        close();
        throw failed(e);
      }
    },
    abort() {
      close();
      rmSync(tmp, { force: true });
    },
  };
}

/**
 * `strata predict`: the input rows with the prediction appended (`predicted_<target>`, and `p_<class>` per class for
 * classifiers), as CSV on stdout or in --out. The file is read, predicted and written a piece at a time, so memory
 * stays bounded however big it is.
 */
export async function predict(options: PredictOptions, ctx: CliContext): Promise<void> {
  const { io } = ctx;
  if (options.out !== undefined) checkWritable(options.out, 'file', 'the predictions');
  const data = options.data!;
  const { model, metadata } = await loadBundle(options.model);
  const meta = requireMetadata(options.model, metadata, 'predict');
  if (meta.images)
    throw new ConfigError({
      where: 'strata predict',
      expected: '--images DIR or --idx FILE for a model trained on images',
      received: `--data ${data}`,
      hint: `Pass the images: strata predict --model ${options.model} --images DIR.`,
    });
  if (meta.series) return predictSeries(io, model, { ...meta, series: meta.series }, { ...options, data });
  if (options.steps !== undefined)
    throw new ConfigError({
      where: '--steps',
      expected: 'a series model (trained with --window) to continue a series',
      received: `a model of ${meta.task === 'regression' ? 'regression' : 'classification'} on table rows (${options.model})`,
      hint: `Leave out --steps to predict a row at a time, or train a forecaster: strata train --data series.csv --target ${meta.target} --window 24.`,
    });
  const classes = meta.classes;
  const extra = [`predicted_${meta.target}`, ...(classes ?? []).map((c) => `p_${c}`)];
  // progress shares stdout with --out's messages; with the CSV on stdout it goes to stderr
  const progressOut =
    options.out === undefined
      ? { write: (t: string) => io.err(t), isTTY: false }
      : { write: (t: string) => io.out(t), isTTY: io.isTTY };
  const writer = options.out === undefined ? stdoutWriter(io) : fileWriter(options.out);
  let written = 0;
  let dropped = 0;
  try {
    const pieces = csvPieces(data, { onProgress: readProgress(progressOut, data) });
    let total = 0;
    try {
      for (let next = pieces.next(); !next.done; next = pieces.next()) {
        const table = next.value;
        total += table.rows.length;
        const data = tableData(table, {
          features: meta.features,
          dropMissing: options.dropMissing,
          featureSource: 'the model was trained on',
          allowEmpty: true,
        });
        if (table.firstRow === 0) writer.write(Papa.unparse([[...table.columns, ...extra]], { newline: '\n' }) + '\n');
        dropped += data.dropped;
        if (data.x.length === 0) continue;
        const x = tensor(applyScaler(data.x, meta.scaler));
        const output = model.predict(x);
        x.dispose();
        const units = output.shape[1];
        const values = classes === null ? unscaleTarget(output.data, meta.targetScaler) : [];
        const rows = data.kept.map((r, i) => {
          const cells = [...table.rows[r]];
          if (classes === null) return [...cells, round(values[i])];
          const p = Array.from(output.data.subarray(i * units, (i + 1) * units));
          // one sigmoid unit is P(second class)
          const probabilities = units === 1 ? [1 - p[0], p[0]] : p;
          return [...cells, classes[predictedIds(p, units)[0]], ...probabilities.map(round)];
        });
        output.dispose();
        writer.write(Papa.unparse(rows, { newline: '\n' }) + '\n');
        written += rows.length;
        // stdout to a slow pipe: wait until it has taken this piece, so memory stays bounded there too
        await writer.drain();
      }
    } finally {
      pieces.return(undefined as never);
    }
    if (written === 0) throw noUsableRows(data, total);
    writer.commit();
  } catch (e) {
    writer.abort();
    throw e;
  }
  if (options.out === undefined) {
    if (dropped > 0) io.err(`Skipped ${dropped} rows with missing values.\n`);
    return;
  }
  const skipped = dropped > 0 ? ` (${dropped} rows with missing values skipped)` : '';
  say(io, `Wrote ${written} predictions to ${options.out}${skipped}.`);
}

/** Adds `strata predict` and its options to the program. */
export function registerPredict(program: Command, ctx: CliContext): void {
  const command = program
    .command('predict')
    .description(
      "a saved model's predictions for the rows of a CSV file (the target column is not needed) or for images",
    );
  withModel(command)
    .option('--data <file>', 'CSV file with the feature columns the model was trained on')
    .option('--drop-missing', 'skip rows with missing values instead of failing')
    .option('--images <dir>', 'image model: a folder of PNG/JPEG images (loose, or in class subfolders)')
    .option('--idx <file>', 'image model: an IDX images file (.gz too)')
    .option('--out <file>', 'write the predictions here instead of to stdout')
    .option('--steps <n>', 'series model: continue the series this many steps past its end (default: its horizon)')
    .action((options: PredictOptions) => {
      const given = (['data', 'images', 'idx'] as const).filter((key) => options[key] !== undefined);
      if (given.length !== 1)
        throw new UsageError(
          `strata predict: expected one of --data FILE.csv, --images DIR and --idx FILE, got ${given.length === 0 ? 'none' : given.map((k) => `--${k}`).join(' and ')}.`,
        );
      return options.data !== undefined ? predict(options, ctx) : predictImages(options, ctx);
    });
}
