import { ConfigError, DataError } from '../../core/errors.js';

/** The characters of a text as ids, and back: what a character-level model reads and writes. */
export interface CharVocabulary {
  /** Every distinct character, sorted by code point; a character's id is its index here. */
  readonly chars: readonly string[];
  /** How many characters there are (the one-hot width, or an embedding's inputDim). */
  readonly size: number;
  /** The id of each character of `text` (characters are Unicode code points). */
  encode(text: string): Int32Array;
  /** The text the ids spell. */
  decode(ids: ArrayLike<number>): string;
}

/**
 * The character vocabulary of `text`: sorted distinct characters, with `encode` and `decode` between text and ids.
 *
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const vocab = st.data.charVocabulary('hello world');
 * console.log(vocab.size, vocab.chars.join('')); // 8 ' dehlorw'
 * console.log(vocab.decode(vocab.encode('hello'))); // 'hello'
 * ```
 */
export function charVocabulary(text: string): CharVocabulary {
  const where = 'charVocabulary()';
  if (typeof text !== 'string' || text.length === 0)
    throw new ConfigError({
      where,
      expected: 'a non-empty string',
      received: typeof text === 'string' ? "''" : typeof text,
      hint: 'Pass the text the model will learn from, e.g. the contents of a file read as UTF-8.',
    });
  const chars = [...new Set(text)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const ids = new Map(chars.map((c, i) => [c, i]));
  return {
    chars,
    size: chars.length,
    encode(input: string): Int32Array {
      if (typeof input !== 'string')
        throw new ConfigError({
          where: 'charVocabulary().encode()',
          expected: 'a string',
          received: typeof input,
          hint: 'Pass text made of the vocabulary’s characters.',
        });
      const out = new Int32Array([...input].length);
      let i = 0;
      for (const c of input) {
        const id = ids.get(c);
        if (id === undefined)
          throw new DataError({
            where: 'charVocabulary().encode()',
            expected: 'characters of the vocabulary',
            received: `${JSON.stringify(c)} at position ${i}`,
            hint: 'Build the vocabulary from text that includes it, or remove it from the input.',
          });
        out[i++] = id;
      }
      return out;
    },
    decode(input: ArrayLike<number>): string {
      if (typeof input !== 'object' || input === null || typeof input.length !== 'number')
        throw new ConfigError({
          where: 'charVocabulary().decode()',
          expected: 'an array of ids',
          received: input === null ? 'null' : typeof input,
          hint: 'Pass ids as an array or Int32Array, e.g. decode(vocab.encode(text)).',
        });
      let s = '';
      for (let i = 0; i < input.length; i++) {
        const id = input[i];
        if (!Number.isInteger(id) || id < 0 || id >= chars.length)
          throw new DataError({
            where: 'charVocabulary().decode()',
            expected: `ids in [0, ${chars.length - 1}]`,
            received: `${String(id)} at position ${i}`,
            hint: 'Pass ids this vocabulary produced (e.g. a sampled argMax over its size).',
          });
        s += chars[id];
      }
      return s;
    },
  };
}
