import type { FloatArray } from '../../core/types.js';
import type { Kernels, ParamSet, UpdateRule } from '../kernels.js';

type Rules = Pick<
  Kernels,
  'sgdUpdate' | 'momentumUpdate' | 'sgdMomentumUpdate' | 'rmspropUpdate' | 'adamUpdate' | 'adagradUpdate'
>;

/** updateParams over any backend's per-parameter kernels: the reference, and the fallback for foreign arrays. */
export function updateParamsWith(k: Rules, set: ParamSet, rule: UpdateRule): number {
  const { values, grads, slots, backups } = set;
  for (let i = 0; i < values.length; i++) {
    const [p, g, s0, s1] = [values[i], grads[i], slots[0]?.[i], slots[1]?.[i]];
    backups?.[i].set(p);
    if (rule.kind === 'sgd') k.sgdUpdate(p, g, rule.lr);
    else if (rule.kind === 'momentum')
      k.momentumUpdate(p, g, s0, rule.lr, rule.momentum, rule.dampening, rule.nesterov);
    else if (rule.kind === 'sgdMomentum') k.sgdMomentumUpdate(p, g, s0, rule.lr, rule.momentum, rule.nesterov);
    else if (rule.kind === 'rmsprop') k.rmspropUpdate(p, g, s0, s1, rule.lr, rule.rho, rule.epsilon, rule.momentum);
    else if (rule.kind === 'adam')
      k.adamUpdate(p, g, s0, s1, rule.lr, rule.beta1, rule.beta2, rule.epsilon, rule.step, rule.weightDecay);
    else k.adagradUpdate(p, g, s0, rule.lr, rule.epsilon);
  }
  return backups === null ? -1 : values.findIndex((v) => !allFinite(v));
}

function allFinite(a: FloatArray): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] - a[i] !== 0) return false;
  return true;
}
