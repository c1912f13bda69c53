import type { Sequential } from '../index.js';
import type { FitRun } from './fit-with-progress.js';
import { say, type Io } from './io.js';
import { savedHistory, saveBundle, type CliMetadata } from './model-bundle.js';

/**
 * How every train command ends: the bundle saved to `out` (unless there is no --out, or training diverged before any
 * finite weights were kept) and the command to run next, given the folder.
 */
export async function saveTrained(
  io: Io,
  out: string | undefined,
  model: Sequential,
  run: FitRun,
  metadata: CliMetadata,
  next: (out: string) => string,
): Promise<void> {
  if (out === undefined) return say(io, 'Not saved: pass --out DIR to keep the model.');
  if (run.diverged?.kept === 'none')
    return say(io, `Not saved to ${out}: training diverged before any finite weights were kept.`);
  await saveBundle(out, model, metadata, savedHistory(run.history));
  say(io, `Saved to ${out}/ (model.json + weights, strata-cli.json, history.json).`);
  if (!run.diverged) say(io, `Next: ${next(out)}`);
}
