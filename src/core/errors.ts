export type ErrorCode =
  | 'shape_mismatch'
  | 'invalid_config'
  | 'invalid_state'
  | 'invalid_data'
  | 'non_finite'
  | 'invalid_format'
  | 'out_of_memory'
  | 'write_failed';

/** The facts behind every strata error; the message is built from them in one form. */
export interface ErrorFacts {
  /** Who noticed: a function (`fit(x, y)`) or a layer (`dense_2 (Dense)`). */
  readonly where: string;
  readonly expected: string;
  readonly received: string;
  /** One sentence on what to change. */
  readonly hint?: string;
}

function formatMessage({ where, expected, received, hint }: ErrorFacts): string {
  return `${where}: expected ${expected}, got ${received}.${hint ? ' ' + hint : ''}`;
}

/** Every error strata throws on purpose: data (`code`, `where`, `expected`, `received`, `hint`) plus one sentence. */
export abstract class StrataError extends Error implements ErrorFacts {
  abstract readonly code: ErrorCode;
  readonly where: string;
  readonly expected: string;
  readonly received: string;
  readonly hint?: string;

  constructor(facts: ErrorFacts) {
    super(formatMessage(facts));
    this.where = facts.where;
    this.expected = facts.expected;
    this.received = facts.received;
    this.hint = facts.hint;
  }
}

/** A tensor or array has the wrong shape for where it is used. */
export class ShapeError extends StrataError {
  readonly code = 'shape_mismatch';
  override readonly name = 'ShapeError';
}

/** An option, name or setting is not valid. */
export class ConfigError extends StrataError {
  readonly code = 'invalid_config';
  override readonly name = 'ConfigError';
}

/** A call came in the wrong order, e.g. `fit()` before `compile()`. */
export class StateError extends StrataError {
  readonly code = 'invalid_state';
  override readonly name = 'StateError';
}

/** Values in the data are unusable: NaN, Infinity, or labels outside what the loss accepts. */
export class DataError extends StrataError {
  readonly code = 'invalid_data';
  override readonly name = 'DataError';
}

/** A saved model (model.json, weights) is missing, malformed or unsupported. */
export class FormatError extends StrataError {
  readonly code = 'invalid_format';
  override readonly name = 'FormatError';
}

/** WebAssembly memory cannot grow to hold what a call needs (the engine's or the 4 GiB wasm32 limit). */
export class MemoryError extends StrataError {
  readonly code = 'out_of_memory';
  override readonly name = 'MemoryError';
}

/** Training produced NaN or Infinity; `epoch` and `batch` (0-based) say where. */
export class NumericError extends StrataError {
  readonly code = 'non_finite';
  override readonly name = 'NumericError';
  constructor(
    facts: ErrorFacts,
    readonly epoch: number,
    readonly batch: number,
  ) {
    super(facts);
  }
}

/** Saving failed in the file system (a full disk, a read-only folder, a file where a folder should be); nothing is left behind. */
export class WriteError extends StrataError {
  readonly code = 'write_failed';
  override readonly name = 'WriteError';
  constructor(
    facts: ErrorFacts,
    override readonly cause?: unknown,
  ) {
    super(facts);
  }
}
