function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** "Did you mean 'x'?" for the closest known name (case-insensitive edit distance ≤ a third of its length), or ''. */
export function didYouMean(name: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3))
    ? `Did you mean '${best}'?`
    : '';
}

/** `'a', 'b', 'c'` for messages; past `max` names, the first ones and how many more (a 784-column file's error stays one short line). */
export const quoteList = (names: readonly string[], max = 12): string =>
  shortList(
    names.map((n) => `'${n}'`),
    max,
  );

/** Names for a line of output: all of them up to `max`, else the first ones and how many more (784 pixel names would fill a screen). */
export function shortList(names: readonly string[], max = 10): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max - 2).join(', ')}, …, ${names.at(-1)} (${names.length - max + 1} more)`;
}
