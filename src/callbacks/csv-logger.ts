import { ConfigError } from '../core/errors.js';
import { nodeFs, type NodeFs } from '../core/node-fs.js';
import type { Callback, Logs } from './callback.js';

export interface CsvLoggerOptions {
  separator?: string;
  /** Add to an existing file instead of starting a new one (default false). */
  append?: boolean;
}

/**
 * Writes one CSV row per epoch (`epoch` then the logs, in sorted column order) to `path`, flushed every epoch (Node).
 * @example
 * ```ts
 * import * as st from 'strata-nn';
 * const logger = st.callbacks.csvLogger('training-log.csv');
 * ```
 */
export function csvLogger(path: string, options: CsvLoggerOptions = {}): Callback {
  const where = 'csvLogger()';
  if (typeof path !== 'string' || path === '')
    throw new ConfigError({
      where,
      expected: 'a file path',
      received: JSON.stringify(path),
      hint: "Pass the CSV file to write, e.g. { path: 'strata-out/log.csv' }.",
    });
  const separator = options.separator ?? ',';
  let fs: NodeFs;
  let columns: string[] | undefined;
  return {
    onTrainBegin() {
      fs = nodeFs(where);
      columns = undefined;
      if (!options.append || !fs.existsSync(path)) fs.writeFileSync(path, '');
    },
    onEpochEnd(epoch: number, logs: Logs) {
      if (columns === undefined) {
        columns = Object.keys(logs).sort();
        if (!options.append) fs.appendFileSync(path, ['epoch', ...columns].join(separator) + '\n');
      }
      const row = [String(epoch), ...columns.map((c) => (logs[c] === undefined ? '' : String(logs[c])))];
      fs.appendFileSync(path, row.join(separator) + '\n');
    },
  };
}
