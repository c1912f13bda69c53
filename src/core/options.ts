import { describeValue } from './describe-value.js';
import { ConfigError } from './errors.js';

/**
 * Checks that a public function's options are an object (or omitted): null, a number, a string or an array is
 * refused with `where` and an example, before any setting is read from it (omitting it too, when `required`).
 */
export function checkOptionsObject(
  where: string,
  options: unknown,
  required = false,
): asserts options is object | undefined {
  if (options === undefined && !required) return;
  if (typeof options === 'object' && options !== null && !Array.isArray(options)) return;
  throw new ConfigError({
    where,
    expected: 'an options object',
    received: describeValue(options),
    hint: `Pass the settings as an object, e.g. ${where.replace('()', '')}({ … }).`,
  });
}
