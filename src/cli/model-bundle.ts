import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  FormatError,
  loadModel,
  readModelArtifacts,
  type History,
  type LossName,
  type ModelArtifacts,
  type Sequential,
} from '../index.js';
import { writeFileAtomic } from './atomic-write.js';
import { readTextFile } from './read-text-file.js';
import type { TaskKind } from './task.js';
import { withWriteErrors } from './write-errors.js';

/** The file beside model.json that lets predict, evaluate and plot work from `--model` alone. */
export const METADATA_FILE = 'strata-cli.json';
/** The training history beside the model, for `strata plot history`. */
export const HISTORY_FILE = 'history.json';

/** Per-feature statistics of a StandardScaler: x' = (x − mean) / scale. */
export interface ScalerStats {
  readonly mean: number[];
  readonly scale: number[];
}

/** A regression target's standardization: the model predicts (y − mean) / scale. */
export interface TargetScaler {
  readonly mean: number;
  readonly scale: number;
}

/** The metadata version written: 2 added targetScaler (version 1 files are read as without one). */
export const METADATA_VERSION = 2;
/** Image models are written as version 3, so a strata without image input refuses them instead of asking for columns. */
export const IMAGE_METADATA_VERSION = 3;

/** Series models are written as version 4, so a strata without series mode refuses them instead of misreading them. */
export const SERIES_METADATA_VERSION = 4;

/** What a forecaster takes and gives: `window` steps of its input columns, the target's next `horizon` values. */
export interface SeriesInput {
  readonly window: number;
  readonly horizon: number;
}

/** What an image model takes: images of this size and channels, pixels in [0, 1]. */
export interface ImageInput {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** True when trained with --resize: other sizes are resized to this one instead of refused. */
  readonly resize: boolean;
}

/** What the CLI keeps with a model: the columns, the task, the class names and the scaling. */
export interface CliMetadata {
  readonly format: 'strata-cli';
  /** 2 since targetScaler; a strata that knows only 1 refuses the file instead of predicting in scaled units. 3: images. */
  readonly version: 1 | 2 | 3 | 4;
  readonly target: string;
  readonly features: string[];
  readonly task: TaskKind;
  readonly loss: LossName;
  readonly metrics: string[];
  /** Class names by id; null for regression. */
  readonly classes: string[] | null;
  readonly scaler: ScalerStats | null;
  /** Regression: the target's standardization, undone on the model's outputs; null or absent for none. */
  readonly targetScaler?: TargetScaler | null;
  /** Image models (version 3): the input images; `features` is empty. */
  readonly images?: ImageInput;
  /**
   * Series models (version 4): a window of steps in, the next values of the target out; `features` are the input
   * columns, the target first, and `scaler` covers them (targetScaler is the target's part).
   */
  readonly series?: SeriesInput;
}

/** A fit() History as JSON, for `strata plot history`. */
export interface SavedHistory {
  readonly epoch: number[];
  readonly history: Record<string, number[]>;
  readonly bestEpoch: number | null;
  readonly stoppedEpoch: number | null;
}

/** The parts of a History worth keeping, as plain JSON. */
export function savedHistory(history: History): SavedHistory {
  const { epoch, bestEpoch, stoppedEpoch } = history;
  return { epoch: [...epoch], history: history.history, bestEpoch, stoppedEpoch };
}

/** The key in model.json's userDefinedMetadata that holds the CLI's metadata and history. */
const BUNDLE_KEY = 'strata-cli';

/** What model.json itself carries for the CLI; null parts were saved without one. */
interface EmbeddedBundle {
  readonly metadata: unknown;
  readonly history: unknown;
}

/**
 * Saves the model into `dir` with strata-cli metadata and history inside model.json's userDefinedMetadata, so one
 * atomic step (model.json's rename) commits all three: a kill can never pair a new model with another run's classes
 * or scaler. strata-cli.json and history.json follow as readable copies; loading prefers what model.json holds.
 */
export async function saveBundle(
  dir: string,
  model: Sequential,
  metadata?: CliMetadata,
  history?: SavedHistory,
): Promise<void> {
  await withWriteErrors(dir, 'the model', async () => {
    const bundle: EmbeddedBundle = { metadata: metadata ?? null, history: history ?? null };
    await model.save(dir, { metadata: { [BUNDLE_KEY]: bundle } });
    if (metadata) writeFileAtomic(join(dir, METADATA_FILE), JSON.stringify(metadata, null, 2) + '\n');
    if (history) writeFileAtomic(join(dir, HISTORY_FILE), JSON.stringify(history) + '\n');
  });
}

/** The CLI's part of a model's userDefinedMetadata; undefined for models saved before it was kept there. */
function embedded(artifacts: ModelArtifacts): EmbeddedBundle | undefined {
  const bundle = artifacts.userDefinedMetadata?.[BUNDLE_KEY] as Partial<EmbeddedBundle> | undefined;
  return typeof bundle === 'object' && bundle !== null
    ? { metadata: bundle.metadata ?? null, history: bundle.history ?? null }
    : undefined;
}

function readJson(path: string, what: string, hint: string): unknown {
  const text = readTextFile(path, what, hint);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FormatError({
      where: path,
      expected: 'valid JSON',
      received: (e as Error).message,
      hint: 'The file is damaged: save the model again.',
    });
  }
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((s) => typeof s === 'number');
const isWholes = (v: unknown[]) => v.every((n) => Number.isInteger(n) && (n as number) >= 1);

function checkMetadata(value: unknown, path: string): CliMetadata {
  const m = value as Partial<CliMetadata> | null;
  const problem =
    m?.format !== 'strata-cli'
      ? `format ${JSON.stringify(m?.format)}`
      : ![1, METADATA_VERSION, IMAGE_METADATA_VERSION, SERIES_METADATA_VERSION].includes(m.version as number)
        ? `version ${JSON.stringify(m.version)}`
        : typeof m.target !== 'string' || !isStrings(m.features) || (m.features.length === 0 && !m.images)
          ? 'no target or feature names'
          : m.images !== undefined && !isNumbers([m.images.height, m.images.width, m.images.channels])
            ? 'malformed images'
            : (m.version === SERIES_METADATA_VERSION) !== (m.series !== undefined) ||
                (m.series !== undefined && !isWholes([m.series.window, m.series.horizon]))
              ? 'a malformed series'
              : m.classes !== null && !isStrings(m.classes)
                ? 'classes that are not names'
                : m.scaler !== null && !(isNumbers(m.scaler?.mean) && isNumbers(m.scaler?.scale))
                  ? 'a malformed scaler'
                  : m.targetScaler != null &&
                      !(Number.isFinite(m.targetScaler.mean) && Number.isFinite(m.targetScaler.scale))
                    ? 'a malformed targetScaler'
                    : undefined;
  if (problem)
    throw new FormatError({
      where: path,
      expected: `strata-cli metadata (format 'strata-cli', version 1 to ${SERIES_METADATA_VERSION})`,
      received: problem,
      hint: 'Retrain with strata train to write it again.',
    });
  return m as CliMetadata;
}

/** A saved model, compiled with its saved loss and metrics when strata-cli.json is there. */
export async function loadBundle(dir: string): Promise<{ model: Sequential; metadata?: CliMetadata }> {
  if (!existsSync(join(dir, 'model.json')))
    throw new FormatError({
      where: dir,
      expected: 'a model directory with model.json',
      received: existsSync(dir) ? 'a directory without model.json' : 'no such directory',
      hint: 'Train one with strata train --out DIR (or strata demo), then pass --model DIR.',
    });
  const artifacts = readModelArtifacts(dir);
  const model = await loadModel(artifacts);
  const inside = embedded(artifacts);
  const path = join(dir, METADATA_FILE);
  // strata-cli.json is read only for models saved before model.json carried the metadata
  if (inside ? inside.metadata === null : !existsSync(path)) return { model };
  const metadata = inside
    ? checkMetadata(inside.metadata, join(dir, 'model.json'))
    : checkMetadata(readJson(path, 'metadata file', ''), path);
  model.compile({ loss: metadata.loss, optimizer: 'adam', metrics: metadata.metrics as never[] });
  return { model, metadata };
}

/** The metadata, or a user error saying why this command needs it. */
export function requireMetadata(dir: string, metadata: CliMetadata | undefined, command: string): CliMetadata {
  if (metadata) return metadata;
  throw new FormatError({
    where: dir,
    expected: `${METADATA_FILE} beside model.json (strata ${command} needs the column names)`,
    received: 'a model without it',
    hint: 'Models trained with strata train or strata demo have it.',
  });
}

/** history.json from a model directory. */
export function readHistory(dir: string): SavedHistory {
  const inside = existsSync(join(dir, 'model.json')) ? embedded(readModelArtifacts(dir))?.history : undefined;
  const path = inside ? join(dir, 'model.json') : join(dir, HISTORY_FILE);
  const h =
    inside ??
    readJson(path, 'training history', 'strata train --out and strata demo save history.json with the model.');
  if (!isNumbers((h as SavedHistory)?.epoch) || typeof (h as SavedHistory).history !== 'object')
    throw new FormatError({
      where: path,
      expected: 'a saved History { epoch, history }',
      received: typeof h,
      hint: 'The file is damaged: train and save the model again.',
    });
  return h as SavedHistory;
}

/** Applies saved scaler statistics: (x − mean) / scale per column. */
export function applyScaler(x: readonly (readonly number[])[], scaler: ScalerStats | null): number[][] {
  if (scaler === null) return x.map((row) => [...row]);
  return x.map((row) => row.map((v, j) => (v - scaler.mean[j]) / scaler.scale[j]));
}

/** The model's outputs in the target's units: y = output × scale + mean (unchanged without a target scaler). */
export function unscaleTarget(outputs: ArrayLike<number>, scaler: TargetScaler | null | undefined): number[] {
  const values = Array.from(outputs);
  return scaler ? values.map((v) => v * scaler.scale + scaler.mean) : values;
}
