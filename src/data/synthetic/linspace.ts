/** The i-th of n evenly spaced values from start to stop (stop included unless `endpoint` is false), as NumPy. */
export function linspace(start: number, stop: number, n: number, i: number, endpoint = true): number {
  const steps = endpoint ? n - 1 : n;
  return steps === 0 ? start : start + ((stop - start) * i) / steps;
}
