"""PyTorch CPU reference for bench/cases/cnn-train.ts: cnn-small and cnn-keras training samples/s (issue 12).

cnn-small (ConvNetJS's MNIST net, batch 64): conv 8@5x5 same relu, maxpool 2, conv 16@5x5 same relu, maxpool 3,
  flatten, dense 10 (softmax in the loss).
cnn-keras (Keras' mnist_cnn, batch 128): conv 32@3x3 relu, conv 64@3x3 relu, maxpool 2, dropout 0.25, flatten,
  dense 128 relu, dropout 0.5, dense 10.
Adam (lr 1e-3), cross-entropy on seeded random 28x28x1 inputs (NCHW, PyTorch's own layout) with random labels.
Each run builds the net, trains --warmup steps (default 3) untimed, then times --steps steps.
--threads N sets torch.set_num_threads (default 1). Skips with a message (exit 0, no JSON) when torch is not
installed: Debian's python3-torch is for the system Python, so run /usr/bin/python3.
"""
import sys

import common


def add(ap):
    ap.add_argument("--net", choices=("cnn-small", "cnn-keras"), default="cnn-small")
    ap.add_argument("--steps", type=int, default=None, help="timed steps per run (default 30 / 8)")
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps per run (default 3)")


args = common.parse_args("cnn_torch", default_runs=5, default_threads=1, add=add)
try:
    import torch
    from torch import nn
except ImportError:
    print(f"cnn_torch.py: PyTorch is not installed for {sys.executable} (Debian: apt install python3-torch, "
          "then run /usr/bin/python3); skipped.", file=sys.stderr)
    sys.exit(0)

torch.set_num_threads(args.threads or 1)
torch.manual_seed(42)
SMALL = args.net == "cnn-small"
BATCH = 64 if SMALL else 128
STEPS = args.steps or (30 if SMALL else 8)


def build():
    if SMALL:
        return nn.Sequential(
            nn.Conv2d(1, 8, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3),
            nn.Flatten(), nn.Linear(16 * 4 * 4, 10))
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Dropout(0.25),
        nn.Flatten(), nn.Linear(64 * 12 * 12, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


samples = (args.warmup + STEPS) * BATCH
# multiply-adds x2 per training sample: forward, weight gradient, and the input gradient except the first layer's
FLOP_PER_SAMPLE = (2 * (784 * 8 * 25 * 2 + 196 * 16 * 200 * 3 + 256 * 10 * 3) if SMALL else
                   2 * (676 * 32 * 9 * 2 + 576 * 64 * 288 * 3 + 9216 * 128 * 3 + 128 * 10 * 3))
x = torch.rand(samples, 1, 28, 28)
y = torch.randint(0, 10, (samples,))
loss_fn = nn.CrossEntropyLoss()
rates = []
for run in range(args.runs):
    model = build().train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in range(args.warmup + STEPS):
        if step == args.warmup:
            t0 = common.now()
        at = slice(step * BATCH, (step + 1) * BATCH)
        opt.zero_grad()
        loss = loss_fn(model(x[at]), y[at])
        loss.backward()
        opt.step()
    rates.append(STEPS * BATCH / (common.now() - t0))
    common.log(f"{args.net} run {run}: {rates[-1]:.0f} samples/s, loss {loss.item():.4f}")

common.report(args.net, "samples/s", rates, {
    "per": f"{STEPS} steps after {args.warmup} warm-up steps, per run", "samples": STEPS * BATCH, "steps": STEPS,
    "warmup": args.warmup, "batch_size": BATCH, "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
    "threads_flag": args.threads or 1, "gflop_per_sample": FLOP_PER_SAMPLE / 1e9,
    "median_gflops": round(common.stats(rates)["median"] * FLOP_PER_SAMPLE / 1e9, 2),
}, args)
