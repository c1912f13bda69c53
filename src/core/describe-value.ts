/** What the user passed, as error messages print it. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return typeof value === 'number' || value === undefined || value === null ? String(value) : typeof value;
}
