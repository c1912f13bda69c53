import { InvalidArgumentError } from 'commander';
import { parseNumber } from './table-data.js';

/** A commander parser for whole numbers ≥ min, in digits (bad values are usage errors, exit 2). */
export function wholeNumberOption(min: number) {
  return (value: string): number => {
    // digits only: Number() would take '0x10' as 16 and '1e300' as a whole number
    const n = /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}.`);
    return n;
  };
}

/** A commander parser for a positive number, in plain decimal notation. */
export function positiveNumberOption(value: string): number {
  const n = parseNumber(value.trim()) ?? NaN;
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number > 0.');
  return n;
}
