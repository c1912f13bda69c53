import type { BatchNormalization } from './batch-normalization.js';
import type { PyTorchModule } from './layer-class.js';
import { pyNumber, torchWeights } from './pytorch.js';

type BatchNormWeight = 'gamma' | 'beta' | 'moving_mean' | 'moving_variance';

// torch's BatchNorm keeps the unbiased variance and 1 − Keras' momentum: this module keeps Keras' exactly
const BATCH_NORM_PY = `class StrataBatchNorm(nn.Module):
    """Keras' BatchNormalization on the last axis (channels-last, any rank): batch statistics with the biased
    variance in training, moving ones in eval; moving = momentum * moving + (1 - momentum) * batch."""

    def __init__(self, channels, momentum, epsilon, scale=True, center=True):
        super().__init__()
        self.momentum = momentum
        self.epsilon = epsilon
        self.weight = nn.Parameter(torch.ones(channels)) if scale else None
        self.bias = nn.Parameter(torch.zeros(channels)) if center else None
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x):
        if self.training:
            dims = tuple(range(x.dim() - 1))
            mean = x.mean(dim=dims)
            var = x.var(dim=dims, unbiased=False)
            with torch.no_grad():
                self.running_mean.mul_(self.momentum).add_(mean, alpha=1 - self.momentum)
                self.running_var.mul_(self.momentum).add_(var, alpha=1 - self.momentum)
        else:
            mean, var = self.running_mean, self.running_var
        y = (x - mean) * torch.rsqrt(var + self.epsilon)
        if self.weight is not None:
            y = y * self.weight
        if self.bias is not None:
            y = y + self.bias
        return y
`;

/** BatchNormalization as StrataBatchNorm: gamma, beta as weight, bias; the moving statistics as running_mean, running_var. */
export function batchNormPyTorch(layer: BatchNormalization, channels: number): PyTorchModule<BatchNormWeight> {
  const flag = (on: boolean) => (on ? 'True' : 'False');
  return {
    module: `StrataBatchNorm(${channels}, ${pyNumber(layer.momentum)}, ${pyNumber(layer.epsilon)}, scale=${flag(layer.scale)}, center=${flag(layer.center)})`,
    helpers: { StrataBatchNorm: BATCH_NORM_PY },
    ...torchWeights<BatchNormWeight>({
      weight: ['gamma'],
      bias: ['beta'],
      running_mean: ['moving_mean'],
      running_var: ['moving_variance'],
    }),
  };
}
