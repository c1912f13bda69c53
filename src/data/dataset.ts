import type { Tensor } from '../tensor/tensor.js';

/** Examples `x` and their targets `y`, row by row; what every generator in `st.datasets` returns. */
export interface Dataset {
  readonly x: Tensor;
  readonly y: Tensor;
}
