// PyTorch modules of the convolution and pooling layers: channels-last in and out, moved to channels first around
// torch's ops, with TensorFlow's 'same' pads (the odd one after) applied explicitly
import type { ShapeSpec } from '../core/shape.js';
import type { WindowSpec } from '../tensor/ops/index.js';
import type { OnnxAttribute, PyTorchModule } from './layer-class.js';
import { windowAttributes } from './onnx-windows.js';
import { torchWeights } from './pytorch.js';
import type { SpatialRank } from './window-options.js';

const CONV_PY = `class StrataConv(nn.Module):
    """Keras' Conv1D/Conv2D on channels-last input: moved to channels first around nn.Conv1d/2d, with explicit pads
    (F.pad order: width's, then height's) since TensorFlow's 'same' puts the odd pad after."""

    def __init__(self, rank, channels, filters, kernel_size, stride, dilation, pads, bias, activation):
        super().__init__()
        conv = nn.Conv2d if rank == 2 else nn.Conv1d
        self.conv = conv(channels, filters, kernel_size, stride=stride, dilation=dilation, bias=bias)
        self.pads = pads
        self.activation = activation

    def forward(self, x):
        x = nn.functional.pad(x.movedim(-1, 1), self.pads)
        return self.activation(self.conv(x).movedim(1, -1))
`;

const POOL_PY = `class StrataPool(nn.Module):
    """Keras' max or average pooling on channels-last input: padding is never a maximum and is not counted in a
    mean (as TensorFlow), so max pads with -inf and average divides by the count of input pixels in each window."""

    def __init__(self, rank, kind, kernel_size, stride, pads):
        super().__init__()
        self.rank, self.kind, self.kernel_size, self.stride, self.pads = rank, kind, kernel_size, stride, pads

    def forward(self, x):
        f = nn.functional
        x = x.movedim(-1, 1)
        if self.kind == "max":
            pool = f.max_pool2d if self.rank == 2 else f.max_pool1d
            y = pool(f.pad(x, self.pads, value=float("-inf")), self.kernel_size, self.stride)
        else:
            pool = f.avg_pool2d if self.rank == 2 else f.avg_pool1d
            total = pool(f.pad(x, self.pads), self.kernel_size, self.stride)
            inside = pool(f.pad(torch.ones_like(x[:1, :1]), self.pads), self.kernel_size, self.stride)
            y = total / inside
        return y.movedim(1, -1)
`;

const GLOBAL_POOL_PY = `class StrataGlobalPool(nn.Module):
    """Keras' global max or average pooling on channels-last input: [b, (h,) w, c] to [b, c]."""

    def __init__(self, rank, kind):
        super().__init__()
        self.dims, self.kind = tuple(range(1, rank + 1)), kind

    def forward(self, x):
        return x.amax(dim=self.dims) if self.kind == "max" else x.mean(dim=self.dims)
`;

const tuple = (values: readonly number[]) => `(${values.join(', ')},)`;

/** kernel_size, stride, dilation and F.pad's pads (last axis first) from the ONNX attributes of the window. */
function window(rank: SpatialRank, spec: WindowSpec, inputShape: ShapeSpec) {
  const attributes = windowAttributes(rank, spec, inputShape, true);
  const get = (name: string) => (attributes.find((a: OnnxAttribute) => a.name === name)?.ints ?? []) as number[];
  const p = get('pads');
  return {
    kernel: tuple(get('kernel_shape')),
    stride: tuple(get('strides')),
    dilation: tuple(get('dilations')),
    // ONNX's [top, left, bottom, right] (or [left, right]) as F.pad's (left, right, top, bottom)
    pads: tuple(rank === 2 ? [p[1], p[3], p[0], p[2]] : p),
  };
}

/** A convolution as StrataConv: kernel [(kh,) kw, in, filters] as torch's weight [filters, in, (kh,) kw]. */
export function convPyTorch(
  rank: SpatialRank,
  spec: WindowSpec & { readonly filters: number; readonly useBias: boolean },
  inputShape: ShapeSpec,
  activation: string,
): PyTorchModule<'kernel' | 'bias'> {
  const w = window(rank, spec, inputShape);
  const channels = inputShape[inputShape.length - 1] as number;
  const bias = spec.useBias ? 'True' : 'False';
  return {
    module: `StrataConv(${rank}, ${channels}, ${spec.filters}, ${w.kernel}, ${w.stride}, ${w.dilation}, ${w.pads}, ${bias}, ${activation})`,
    helpers: { StrataConv: CONV_PY },
    ...torchWeights<'kernel' | 'bias'>({
      'conv.weight': ['kernel', rank === 2 ? [3, 2, 0, 1] : [2, 1, 0]],
      'conv.bias': ['bias'],
    }),
  };
}

/** A pooling layer as StrataPool. */
export function poolPyTorch(
  rank: SpatialRank,
  kind: 'max' | 'average',
  spec: WindowSpec,
  inputShape: ShapeSpec,
): PyTorchModule<never> {
  const w = window(rank, spec, inputShape);
  return {
    module: `StrataPool(${rank}, "${kind}", ${w.kernel}, ${w.stride}, ${w.pads})`,
    helpers: { StrataPool: POOL_PY },
    ...torchWeights<never>({}),
  };
}

/** A global pooling layer as StrataGlobalPool. */
export const globalPoolPyTorch = (rank: SpatialRank, kind: 'max' | 'average'): PyTorchModule<never> => ({
  module: `StrataGlobalPool(${rank}, "${kind}")`,
  helpers: { StrataGlobalPool: GLOBAL_POOL_PY },
  ...torchWeights<never>({}),
});
