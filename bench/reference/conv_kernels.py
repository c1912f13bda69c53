"""PyTorch CPU reference for bench/cases/conv-kernels.ts: the same convolutions and poolings, timed the same way.

Every conv layer of the issue-12 nets (28x28x1 inputs; cnn-small batch 64, cnn-keras batch 128):
  cnn-small conv1 1->8 5x5 same, conv2 8->16 5x5 same on 14x14
  cnn-keras conv1 1->32 3x3 valid, conv2 32->64 3x3 valid on 26x26
forward (torch.nn.functional.conv2d with bias, then relu), input gradient and filter gradient
(torch.nn.grad.conv2d_input / conv2d_weight, what autograd calls), in GFLOP/s (2*M*K*N per call, as strata counts),
plus max_pool2d forward (with indices) and backward, in ms per call. PyTorch's own layout (NCHW, contiguous) is
used: the channels-last layout strata uses would be converted by any real PyTorch model too.
Each sample repeats the call for >= 50 ms. --threads N sets torch.set_num_threads (default 1). Skips with a
message when torch is not installed (Debian: apt install python3-torch).
"""
import sys

import common

args = common.parse_args("conv_kernels", default_runs=5, default_threads=1)
try:
    import torch
    import torch.nn.functional as F
except ImportError:
    print(f"conv_kernels.py: PyTorch is not installed for {sys.executable} (Debian: apt install python3-torch, "
          "then run /usr/bin/python3); skipped.", file=sys.stderr)
    sys.exit(0)

torch.set_num_threads(args.threads or 1)
MIN_SECONDS = 0.05

# (net, name, batch, size, in, out, kernel, padding)
LAYERS = [
    ("cnn-small", "conv1 1→8 5×5 same", 64, 28, 1, 8, 5, 2),
    ("cnn-small", "conv2 8→16 5×5 same", 64, 14, 8, 16, 5, 2),
    ("cnn-keras", "conv1 1→32 3×3 valid", 128, 28, 1, 32, 3, 0),
    ("cnn-keras", "conv2 32→64 3×3 valid", 128, 26, 32, 64, 3, 0),
]
# (net, name, batch, size, channels, pool)
POOLS = [
    ("cnn-small", "maxpool 2 on 28×28×8", 64, 28, 8, 2),
    ("cnn-small", "maxpool 3 on 14×14×16", 64, 14, 16, 3),
    ("cnn-keras", "maxpool 2 on 24×24×64", 128, 24, 64, 2),
]


def calls_per_sample(fn):
    n = 1
    while True:
        t0 = common.now()
        for _ in range(n):
            fn()
        if common.now() - t0 >= MIN_SECONDS:
            return n
        n *= 2


def timed(fn):
    n = calls_per_sample(fn)
    out = []
    for _ in range(args.runs):
        t0 = common.now()
        for _ in range(n):
            fn()
        out.append((common.now() - t0) / n)
    return out


entries = []
with torch.no_grad():
    for net, name, batch, size, cin, cout, k, pad in LAYERS:
        x = torch.randn(batch, cin, size, size)
        w = torch.randn(cout, cin, k, k)
        b = torch.randn(cout)
        y = F.conv2d(x, w, b, padding=pad)
        dy = torch.randn_like(y)
        out = y.shape[2]
        flop = 2 * batch * out * out * k * k * cin * cout
        ops = [
            ("forward (bias, relu)", lambda: F.relu(F.conv2d(x, w, b, padding=pad))),
            ("input gradient", lambda: torch.nn.grad.conv2d_input(x.shape, w, dy, padding=pad)),
            ("filter gradient", lambda: torch.nn.grad.conv2d_weight(x, w.shape, dy, padding=pad)),
        ]
        for op, fn in ops:
            seconds = timed(fn)
            gflops = [flop / s / 1e9 for s in seconds]
            entries.append({"name": f"{net} {name} {op}", "unit": "GFLOP/s", **common.stats(gflops), "net": net,
                            "batch": batch, "ms_per_call": 1e3 * sorted(seconds)[len(seconds) // 2]})
            common.log(f"{net} {name} {op}: {sorted(gflops)[len(gflops) // 2]:.1f} GFLOP/s")

for net, name, batch, size, c, p in POOLS:
    x = torch.randn(batch, c, size, size, requires_grad=True)
    y, idx = F.max_pool2d(x, p, return_indices=True)
    dy = torch.randn_like(y)

    def forward():
        with torch.no_grad():
            F.max_pool2d(x, p, return_indices=True)

    def backward():
        torch.ops.aten.max_pool2d_with_indices_backward(dy, x, [p, p], [p, p], [0, 0], [1, 1], False, idx)

    for op, fn in (("maxPool2d", forward), ("maxPool2dBackward", backward)):
        ms = [1e3 * s for s in timed(fn)]
        entries.append({"name": f"{net} {name} {op}", "unit": "ms", **common.stats(ms), "net": net, "batch": batch})
        common.log(f"{net} {name} {op}: {sorted(ms)[len(ms) // 2]:.3f} ms")

common.report_entries("conv-kernels", entries, {"torch": torch.__version__, "threads": torch.get_num_threads(),
                                                "runs": args.runs, "min_seconds_per_sample": MIN_SECONDS}, args)
