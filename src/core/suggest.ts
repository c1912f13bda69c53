function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** "Did you mean 'x'? " for the closest known name, or '' when nothing is close. */
export function didYouMean(name: string, known: readonly string[]): string {
  const lower = name.toLowerCase();
  let best = '';
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? `Did you mean '${best}'? ` : '';
}

/** The error fields for an unknown name out of a table: expected one of …, with a "did you mean". */
export function unknownName(kind: string, name: unknown, known: readonly string[]) {
  const received = typeof name === 'string' ? `'${name}'` : String(name);
  const hint = (typeof name === 'string' ? didYouMean(name, known) : '') + `Known: ${[...known].sort().join(', ')}.`;
  return { expected: `a known ${kind}`, received, hint };
}

/** Common names from other libraries for strata's options: the fix for `lr` is `learningRate`. */
const SYNONYMS: Record<string, string> = { lr: 'learningRate', learning_rate: 'learningRate', rate: 'learningRate' };

/**
 * The error fields for an option `key` that is not among `known` (a typo such as `activaton`, or another library's
 * spelling such as `lr` or `learning_rate`), or null when every key is known.
 */
export function unknownOption(options: object, known: readonly string[]) {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const synonym = SYNONYMS[key];
    const camel = key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
    const hint = (
      synonym && known.includes(synonym) ? `Did you mean '${synonym}'?` : didYouMean(camel, known) || 'Remove it.'
    ).trim();
    return { expected: `options among ${known.join(', ')}`, received: `'${key}'`, hint };
  }
  return null;
}
