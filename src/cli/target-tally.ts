import { DataError } from '../index.js';
import { parseNumber } from './table-data.js';

/** Distinct target values kept for class names; a column with more is not a set of classes strata trains on. */
export const MAX_DISTINCT = 100_000;

/**
 * What task detection needs of a target column, gathered a cell at a time, so a file streamed from disk is detected
 * as a loaded one is without holding the column: its distinct values (capped), whether every cell is a number and a
 * whole one, the first text cell and where it was, and the count.
 */
export class TargetTally {
  count = 0;
  wholeNumbers = true;
  /** The first cell that is not a number, and its row's description. */
  firstText?: { readonly cell: string; readonly row: string };
  /** More than MAX_DISTINCT distinct values were seen (the sets stop growing). */
  overflow = false;
  readonly #texts = new Set<string>();
  readonly #numbers = new Set<number>();

  /** Counts one target cell; `rowOf` names its row, asked for only when it is the first text cell. */
  add(cell: string, rowOf: () => string): void {
    this.count++;
    const value = parseNumber(cell);
    if (value === undefined) this.firstText ??= { cell, row: rowOf() };
    else if (!Number.isInteger(value)) this.wholeNumbers = false;
    if (this.#texts.size >= MAX_DISTINCT) {
      this.overflow ||= !this.#texts.has(cell);
      return;
    }
    this.#texts.add(cell);
    if (value !== undefined) this.#numbers.add(value);
  }

  /** Class names in a stable order: numerically for numbers (as the number's text), else by code point. */
  classes(): string[] {
    if (this.firstText === undefined) return [...this.#numbers].sort((a, b) => a - b).map(String);
    return [...this.#texts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The class names, or a DataError when there were too many to keep. */
  checkedClasses(where: string, column: string): string[] {
    if (!this.overflow) return this.classes();
    throw new DataError({
      where,
      expected: `at most ${MAX_DISTINCT.toLocaleString('en-US')} classes in target column '${column}'`,
      received: 'more',
      hint: 'Check --target: a column of ids or free text is not a set of classes.',
    });
  }
}
