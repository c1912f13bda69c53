import { StateError } from '../core/errors.js';

/** The error for a call that would change a model while fit() is training it. */
export function busyModelError(where: string): StateError {
  return new StateError({
    where,
    expected: 'a model that is not training',
    received: 'a call while fit() is running on it',
    hint: 'Await fit() first; to end training early, set model.stopTraining = true in a callback.',
  });
}
