import { dirname, resolve } from 'node:path';
import {
  activations,
  ConfigError,
  optimizers,
  type ActivationName,
  type LossName,
  type OptimizerName,
} from '../index.js';
import { didYouMean } from './did-you-mean.js';
import { readTextFile } from './read-text-file.js';
import { UsageError } from './report-error.js';
import { parseNumber } from './table-data.js';
import { LOSSES } from './task.js';

/** The widest hidden layer `--layers` accepts: past it, memory runs out before the first epoch ends. */
export const MAX_UNITS = 65_536;

/** Everything `strata train` needs, from flags, a --config file, or the defaults. */
export interface TrainSettings {
  /** A CSV file and its target column; absent when training on images. */
  data?: string;
  target?: string;
  /** A folder with one subfolder of PNG/JPEG images per class. */
  images?: string;
  /** An IDX images file (.gz read as well) and its labels file. */
  idx?: string;
  idxLabels?: string;
  /** Resize every image to [height, width]. */
  resize?: [number, number];
  features?: string[];
  dropMissing: boolean;
  layers: number[];
  activation: ActivationName;
  dropout: number;
  batchNorm: boolean;
  loss: LossName | 'auto';
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  batchSize: number;
  validationSplit: number;
  earlyStopping?: number;
  standardize: boolean;
  /** Regression: train on the standardized target (un-scaled again in predict and evaluate). */
  standardizeTarget: boolean;
  seed: number;
  out?: string;
  /** Series mode: time steps each forecast sees, and steps it predicts (either one switches it on). */
  window?: number;
  horizon?: number;
  /** Stream the CSV from disk instead of loading it (automatic for big files). */
  stream: boolean;
  /** A CSV file of held-out rows to validate on instead of a share of the training file. */
  validation?: string;
}

/** Settings for a CSV file: its path and target column are known. */
export type CsvTrainSettings = TrainSettings & { data: string; target: string };

/** A setting's name: the camelCase of its flag, and its key in a --config file. */
export type SettingKey = keyof TrainSettings;

/** A check takes a flag's text or a config file's JSON value and returns the setting, or throws "expected …". */
type Check = (value: unknown) => unknown;

class Invalid extends Error {}
const invalid = (expected: string, value: unknown): never => {
  throw new Invalid(`expected ${expected}, got ${JSON.stringify(value)}`);
};

// plain decimal text only: Number() would also take '0x10' (16), '0b1', 'Infinity' and ' '
const numberFrom = (value: unknown): number =>
  typeof value === 'number' ? value : typeof value === 'string' ? (parseNumber(value.trim()) ?? NaN) : NaN;

// digits only, and exactly representable: '1e300' is a whole number to Number() but no count or seed
const wholeFrom = (value: unknown): number =>
  typeof value === 'number' ? value : typeof value === 'string' && /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;

const wholeNumber =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (value) => {
    const n = wholeFrom(value);
    return Number.isSafeInteger(n) && n >= min && n <= max
      ? n
      : invalid(`a whole number ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''}`, value);
  };

const fraction =
  (what: string): Check =>
  (value) => {
    const n = numberFrom(value);
    return n >= 0 && n < 1 ? n : invalid(`${what} in [0, 1)`, value);
  };

const text: Check = (value) => (typeof value === 'string' && value.trim() !== '' ? value : invalid('text', value));
const flag: Check = (value) => (typeof value === 'boolean' ? value : invalid('true or false', value));

const oneOf =
  (known: readonly string[]): Check =>
  (value) => {
    if (typeof value === 'string' && known.includes(value)) return value;
    const hint = typeof value === 'string' ? didYouMean(value, known) : '';
    return invalid(`one of ${known.join(', ')}${hint ? ` (${hint})` : ''}`, value);
  };

const names: Check = (value) => {
  const list = typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value;
  if (Array.isArray(list) && list.length > 0 && list.every((s) => typeof s === 'string' && s !== '')) return list;
  return invalid('column names separated by commas', value);
};

const layerSizes: Check = (value) => {
  if (value === 'none' || value === '' || (Array.isArray(value) && value.length === 0)) return [];
  const list = typeof value === 'string' ? value.split(',').map(wholeFrom) : Array.isArray(value) ? value : [NaN];
  if (list.every((n) => Number.isInteger(n) && n >= 1 && n <= MAX_UNITS)) return list;
  return invalid(`hidden layer sizes from 1 to ${MAX_UNITS} like 64,32 (or 'none')`, value);
};

const imageSize: Check = (value) => {
  const m = typeof value === 'string' ? /^(\d+)x(\d+)$/i.exec(value.trim()) : null;
  const size = m ? [Number(m[1]), Number(m[2])] : value;
  if (Array.isArray(size) && size.length === 2 && size.every((n) => Number.isInteger(n) && n >= 1 && n <= 4096))
    return size;
  return invalid('a size HxW in pixels from 1 to 4096, like 28x28', value);
};

/** Validation for every setting; the same for flags (exit 2 on failure) and config files (exit 1). */
export const CHECKS: Record<SettingKey, Check> = {
  data: text,
  target: text,
  images: text,
  idx: text,
  idxLabels: text,
  resize: imageSize,
  features: names,
  dropMissing: flag,
  layers: layerSizes,
  activation: oneOf(Object.keys(activations).filter((n) => n !== 'softmax')),
  dropout: fraction('a dropout rate'),
  batchNorm: flag,
  loss: oneOf(['auto', ...LOSSES]),
  optimizer: oneOf(Object.keys(optimizers)),
  lr: (value) => {
    const n = numberFrom(value);
    return n > 0 && Number.isFinite(n) ? n : invalid('a learning rate > 0', value);
  },
  epochs: wholeNumber(1),
  batchSize: wholeNumber(1),
  validationSplit: fraction('a validation share'),
  earlyStopping: wholeNumber(0),
  standardize: flag,
  standardizeTarget: flag,
  seed: wholeNumber(0),
  out: text,
  window: wholeNumber(1, 100_000),
  horizon: wholeNumber(1, 10_000),
  stream: flag,
  validation: text,
};

/** The value of every setting that has one when neither a flag nor the config file gives it. */
export const DEFAULTS = {
  dropMissing: false,
  layers: [64, 32],
  activation: 'relu',
  dropout: 0,
  batchNorm: false,
  loss: 'auto',
  optimizer: 'adam',
  lr: 0.001,
  epochs: 50,
  batchSize: 32,
  validationSplit: 0.2,
  standardize: false,
  standardizeTarget: true,
  seed: 42,
  stream: false,
} as const satisfies Partial<TrainSettings>;

/** A flag's parser for commander: the setting's check, failing as commander's usage error. */
export function flagParser(key: SettingKey, InvalidArgument: new (message: string) => Error) {
  return (value: string): unknown => {
    try {
      return CHECKS[key](value);
    } catch (e) {
      throw e instanceof Invalid ? new InvalidArgument(e.message) : e;
    }
  };
}

function readConfig(path: string): Partial<Record<SettingKey, unknown>> {
  const content = readTextFile(path, 'config file');
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch (e) {
    throw new ConfigError({
      where: path,
      expected: 'valid JSON',
      received: (e as Error).message,
      hint: 'Fix the JSON in the --config file (strings in double quotes, no trailing commas).',
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ConfigError({
      where: path,
      expected: 'a JSON object of settings',
      received: JSON.stringify(json),
      hint: 'Write the settings as an object, e.g. { "epochs": 20 }.',
    });
  const known = Object.keys(CHECKS);
  const settings: Partial<Record<SettingKey, unknown>> = {};
  for (const [key, value] of Object.entries(json)) {
    if (!known.includes(key))
      throw new ConfigError({
        where: path,
        expected: `settings among ${known.join(', ')}`,
        received: `'${key}'`,
        hint: didYouMean(key, known).trim() || 'Remove it.',
      });
    try {
      settings[key as SettingKey] = CHECKS[key as SettingKey](value);
    } catch (e) {
      if (!(e instanceof Invalid)) throw e;
      throw new ConfigError({
        where: `${path}: ${key}`,
        expected: e.message.replace(/^expected /, '').replace(/, got .*$/, ''),
        received: JSON.stringify(value),
        hint: 'Correct this setting in the --config file (the same values the command-line flag takes).',
      });
    }
  }
  // paths in a config file are relative to the file, so it works from any directory
  for (const key of ['data', 'out', 'images', 'idx', 'idxLabels', 'validation'] as const)
    if (typeof settings[key] === 'string') settings[key] = resolve(dirname(path), settings[key] as string);
  return settings;
}

/** Flags given on the command line win over the config file, which wins over the defaults. */
export function resolveTrainSettings(flags: Partial<Record<SettingKey, unknown>>, configPath?: string): TrainSettings {
  const config = configPath === undefined ? {} : readConfig(configPath);
  const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  const settings = { ...DEFAULTS, ...config, ...given } as Partial<TrainSettings>;
  const sources = (['data', 'images', 'idx'] as const).filter((key) => settings[key] !== undefined);
  if (sources.length > 1)
    throw new UsageError(
      `strata train: expected one of --data, --images and --idx, got ${sources.map((k) => `--${k}`).join(' and ')}.`,
    );
  if (settings.idx !== undefined && settings.idxLabels === undefined)
    throw new UsageError(
      'strata train: expected --idx-labels FILE with --idx, got none. For example: strata train --idx train-images-idx3-ubyte.gz --idx-labels train-labels-idx1-ubyte.gz',
    );
  if (settings.images !== undefined || settings.idx !== undefined) return settings as TrainSettings;
  for (const key of ['data', 'target'] as const)
    if (settings[key] === undefined) {
      const wanted = `--${key} ${key === 'data' ? 'FILE.csv (or --images DIR, or --idx FILE)' : 'COLUMN'}${configPath ? ` or "${key}" in ${configPath}` : ''}`;
      throw new UsageError(
        `strata train: expected ${wanted}, got none. For example: strata train --data iris.csv --target species --out iris-model`,
      );
    }
  return settings as TrainSettings;
}
