import { describeValue } from '../core/describe-value.js';
import { ConfigError } from '../core/errors.js';
import type { Sequential } from './sequential.js';

/** Checks the model argument of a function that takes one (st.exportOnnx(model), …): a model, not its output or nothing. */
export function checkModel(where: string, model: unknown): asserts model is Sequential {
  const m = model as Partial<Sequential> | null;
  if (typeof m === 'object' && m !== null && Array.isArray(m.layers) && typeof m.build === 'function') return;
  throw new ConfigError({
    where,
    expected: 'a model made by st.sequential() or st.loadModel()',
    received: describeValue(model),
    hint: `Pass the model first: ${where.replace('()', '')}(model, …).`,
  });
}
