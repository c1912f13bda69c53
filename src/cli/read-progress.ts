/** Where a progress report goes: a stream, and whether it is a terminal (redrawn in place) or a log (lines). */
export interface ProgressOut {
  write(text: string): void;
  readonly isTTY: boolean;
}

/** Files at least this big get a progress report while they are read (a 200 MB file takes seconds). */
export const PROGRESS_MIN_BYTES = 8 << 20;
// a terminal redraws at most this often; a log gets a line per quarter
const REDRAW_MS = 200;
const STEP_PERCENT = 25;

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;

/**
 * A readCsvChunks onProgress that reports how far reading `path` got: redrawn in place on a terminal, a line per
 * quarter in logs and pipes, and a last line with the time it took. Quiet for files under `minBytes`.
 */
export function readProgress(
  out: ProgressOut,
  path: string,
  options: { minBytes?: number; now?: () => number } = {},
): (read: number, total: number) => void {
  const minBytes = options.minBytes ?? PROGRESS_MIN_BYTES;
  const now = options.now ?? (() => performance.now());
  const start = now();
  let lastDraw = -Infinity;
  let nextStep = 0;
  let finished = false;
  return (read, total) => {
    if (total < minBytes || finished) return;
    const t = now();
    const percent = Math.min(100, Math.floor((100 * read) / total));
    const seconds = ((t - start) / 1000).toFixed(1);
    finished = read >= total;
    const line = finished
      ? `Read ${path}: ${megabytes(total)} in ${seconds}s`
      : `Reading ${path}: ${percent}% (${megabytes(read)} of ${megabytes(total)}, ${seconds}s)`;
    if (out.isTTY) {
      if (!finished && t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      out.write(`\r${line}\x1b[K${finished ? '\n' : ''}`);
    } else if (finished || percent >= nextStep) {
      nextStep = (Math.floor(percent / STEP_PERCENT) + 1) * STEP_PERCENT;
      out.write(`${line}\n`);
    }
  };
}
