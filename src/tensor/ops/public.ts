import { sum } from './reduce.js';
import { reshape } from './reshape.js';

/** Tensor operations for user code (`st.ops`): each checks its inputs and allocates its result. */
export const ops = { reshape, sum } as const;
