import { InvalidArgumentError } from 'commander';

/** A commander parser for whole numbers ≥ min (bad values are usage errors, exit 2). */
export function wholeNumberOption(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`expected a whole number ≥ ${min}.`);
    return n;
  };
}

/** A commander parser for a positive number. */
export function positiveNumberOption(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number > 0.');
  return n;
}
