// regularizers (rank 3): weight penalties added to the loss; imports core and tensor only
import { l1, l1l2, l2 } from './l1l2.js';

export const regularizers = { l1, l2, l1l2 } as const;
export type { Regularizer } from '../tensor/param.js';
