import Papa from 'papaparse';
import { ConfigError, tensor, type Sequential } from '../../index.js';
import { writeFileAtomic } from '../atomic-write.js';
import { readCsv } from '../csv-table.js';
import { say, type Io } from '../io.js';
import type { CliMetadata, SeriesInput } from '../model-bundle.js';
import { readProgress } from '../read-progress.js';
import { seriesColumns } from '../series-data.js';

/** The most steps `--steps` continues a series by: past that, errors compound into noise anyway. */
export const MAX_STEPS = 100_000;

const round = (v: number) => Number(v.toPrecision(6));

/**
 * The series continued `steps` past its end: the model forecasts `horizon` values from the last `window` rows,
 * and for more steps than that its own forecasts are fed back as the newest inputs. Extra input columns have no
 * known future, so a model with them forecasts at most one horizon.
 */
export function continueSeries(
  model: Sequential,
  meta: CliMetadata & { series: SeriesInput },
  rows: readonly (readonly number[])[],
  steps: number,
): number[] {
  const { window } = meta.series;
  const { mean, scale } = meta.scaler!;
  const history = rows.slice(-window).map((row) => row.map((v, j) => (v - mean[j]) / scale[j]));
  const forecasts: number[] = [];
  while (forecasts.length < steps) {
    const x = tensor([history.slice(-window)]);
    const out = model.predict(x);
    x.dispose();
    const next = Array.from(out.data);
    out.dispose();
    for (const v of next.slice(0, steps - forecasts.length)) {
      forecasts.push(v * scale[0] + mean[0]);
      history.push([v]);
    }
  }
  return forecasts;
}

/**
 * `strata predict --model DIR --data series.csv [--steps K]` for a forecaster: the K values after the file's last
 * row (default one horizon), as CSV `step,predicted_<target>` on stdout or in --out.
 */
export function predictSeries(
  io: Io,
  model: Sequential,
  meta: CliMetadata & { series: SeriesInput },
  options: { model: string; data: string; out?: string; steps?: string },
): void {
  const { window, horizon } = meta.series;
  const steps = options.steps === undefined ? horizon : Number(options.steps);
  if (!Number.isSafeInteger(steps) || steps < 1 || steps > MAX_STEPS || !/^\+?\d+$/.test(options.steps ?? '1'))
    throw new ConfigError({
      where: '--steps',
      expected: `a whole number of steps from 1 to ${MAX_STEPS}`,
      received: JSON.stringify(options.steps),
      hint: `For example --steps ${horizon * 4}.`,
    });
  const extra = meta.features.slice(1);
  if (steps > horizon && extra.length > 0)
    throw new ConfigError({
      where: '--steps',
      expected: `at most the model's horizon, ${horizon}, for a model with extra input columns (${extra.join(', ')})`,
      received: String(steps),
      hint: 'Their future values are unknown, so forecasts cannot be fed back: train with a longer --horizon, or without --features.',
    });
  const progressOut =
    options.out === undefined
      ? { write: (t: string) => io.err(t), isTTY: false }
      : { write: (t: string) => io.out(t), isTTY: io.isTTY };
  const table = readCsv(options.data, readProgress(progressOut, options.data));
  const rows = seriesColumns(table, meta.features);
  if (rows.length < window)
    throw new ConfigError({
      where: options.data,
      expected: `at least the model's window, ${window} rows of '${meta.target}', to forecast from`,
      received: `${rows.length} rows`,
      hint: `Pass the series up to now (its last ${window} rows at least).`,
    });
  const forecasts = continueSeries(model, meta, rows, steps);
  const table2 = [['step', `predicted_${meta.target}`], ...forecasts.map((v, i) => [i + 1, round(v)])];
  const csv = Papa.unparse(table2, { newline: '\n' }) + '\n';
  if (options.out === undefined) return void io.out(csv);
  writeFileAtomic(options.out, csv, 'the predictions');
  const fed = steps > horizon ? ` (its own forecasts fed back after the first ${horizon})` : '';
  say(io, `Wrote ${steps} forecasts of '${meta.target}' past the end of ${options.data} to ${options.out}${fed}.`);
}
