import { ShapeError } from '../core/errors.js';
import type { FloatArray } from '../core/types.js';
import { expectElementwise } from '../tensor/ops/check.js';
import { assertLive, type Tensor } from '../tensor/tensor.js';
import type { Loss } from './loss.js';

/** yTrue and the weights against yPred [rows, cols]: one class id per row, or one value per prediction. */
function expectTargets(where: string, loss: Loss, yPred: Tensor, yTrue: Tensor, weights?: FloatArray): void {
  assertLive(yPred, `${where} (yPred)`);
  assertLive(yTrue, `${where} (yTrue)`);
  const rows = yPred.shape[0];
  const want = loss.targets === 'classIds' ? rows : yPred.size;
  const fail = (expected: string, received: string, hint: string) => {
    throw new ShapeError({ where, expected, received, hint });
  };
  if (yTrue.size !== want)
    fail(
      `yTrue with ${want} value${want === 1 ? '' : 's'} for yPred of shape [${yPred.shape.join(', ')}]${loss.targets === 'classIds' ? ' (one class id per row)' : ''}`,
      `shape [${yTrue.shape.join(', ')}]`,
      'Pass the targets of the same examples, shaped like the predictions.',
    );
  if (weights !== undefined && weights.length !== rows)
    fail(`one weight per row of yPred (${rows})`, `${weights.length} weights`, 'Pass one weight per example.');
}

/** The loss with its arguments checked before it reads them (for `st.losses`, called from user code). */
export function checkedLoss(loss: Loss): Loss {
  const where = `losses.${loss.name}`;
  return {
    ...loss,
    value(yPred, yTrue, weights) {
      expectTargets(`${where}.value()`, loss, yPred, yTrue, weights);
      return loss.value(yPred, yTrue, weights);
    },
    gradient(yPred, yTrue, dy, weights) {
      expectTargets(`${where}.gradient()`, loss, yPred, yTrue, weights);
      expectElementwise(`${where}.gradient()`, ['yPred', 'dy'], [yPred, dy]);
      loss.gradient(yPred, yTrue, dy, weights);
    },
  };
}
