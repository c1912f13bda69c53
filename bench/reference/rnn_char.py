"""Recurrent training throughput on PyTorch's CPU backend (the peer of bench/cases/char-lstm.ts).

char-lstm: one-hot vocabulary 65 -> LSTM 128 (every step's output) -> Linear 65 + softmax cross-entropy at every
step, sequence length 50, batch 32, Adam (lr 1e-3, 0.9, 0.999, eps 1e-7), on one fixed batch of random one-hot
characters and random labels (fixed seed). --cell gru: the same with a GRU (PyTorch's GRU is Keras' reset_after
form). --size small: LSTM 32 on 8 features, sequence 20, batch 16. PyTorch's LSTM/GRU carry two biases where Keras has
one; the input-side bias is zeroed and frozen so the trained parameters match Keras' (the math is the same).
Three warm-up steps, then each run times --steps training steps: sequences/s = steps * batch / time.
Threads: torch.set_num_threads(--threads, default 1).

PyTorch is not on pip here: Debian's python3-torch is installed for the system Python, so run it with the
interpreter that has it (bench/run.ts tries python3, then /usr/bin/python3, and skips with a message).
"""
import common


def add(ap):
    ap.add_argument("--cell", choices=("lstm", "gru"), default="lstm")
    ap.add_argument("--size", choices=("char", "small"), default="char")
    ap.add_argument("--steps", type=int, default=5, help="training steps per timed run (default 5, as the TypeScript case)")


args = common.parse_args("rnn_char", default_runs=5, default_threads=1, add=add)
import platform  # noqa: E402
import json  # noqa: E402

import torch  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(42)
BATCH, TIME, VOCAB, UNITS = (16, 20, 8, 32) if args.size == "small" else (32, 50, 65, 128)
WARMUP = 3
name = f"{args.cell}-small" if args.size == "small" else f"char-{args.cell}"


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        kind = torch.nn.LSTM if args.cell == "lstm" else torch.nn.GRU
        self.rnn = kind(VOCAB, UNITS, batch_first=True)
        with torch.no_grad():
            self.rnn.bias_ih_l0.zero_()  # Keras has one bias: keep bias_hh only
        self.rnn.bias_ih_l0.requires_grad_(False)
        self.out = torch.nn.Linear(UNITS, VOCAB)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h)  # logits; the loss applies log-softmax (softmax + cross-entropy, as Keras fuses them)


g = torch.Generator().manual_seed(42)
chars = torch.randint(0, VOCAB, (BATCH, TIME), generator=g)
x = torch.nn.functional.one_hot(chars, VOCAB).float()
y = torch.randint(0, VOCAB, (BATCH, TIME), generator=g)
model = Net()
optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3, eps=1e-7)
loss_fn = torch.nn.CrossEntropyLoss()


def step():
    optimizer.zero_grad()
    loss = loss_fn(model(x).reshape(-1, VOCAB), y.reshape(-1))
    loss.backward()
    optimizer.step()
    return loss.item()


t0 = common.now()
for _ in range(WARMUP):
    loss = step()
warmup_ms = (common.now() - t0) * 1000
common.log(f"warm-up: {warmup_ms:.1f} ms for {WARMUP} steps, loss {loss:.4f}")
rates = []
for run in range(args.runs):
    t0 = common.now()
    for _ in range(args.steps):
        loss = step()
    seconds = common.now() - t0
    rates.append(args.steps * BATCH / seconds)
    common.log(f"run {run}: {rates[-1]:.0f} sequences/s, loss {loss:.4f}")



def blas_library():
    """The BLAS PyTorch loaded (Debian's torch calls libblas.so.3: netlib's reference BLAS unless OpenBLAS is set)."""
    try:
        libs = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l.lower() and ".so" in l})
    except OSError:
        return "unknown"
    return ",".join(libs) or "none loaded"


extra = {"per": f"{args.steps} training steps", "warmup_steps": WARMUP, "warmup_ms": round(warmup_ms, 1),
         "batch_size": BATCH, "time_steps": TIME, "features": VOCAB, "units": UNITS, "cell": args.cell,
         "torch": torch.__version__, "torch_threads": torch.get_num_threads(), "threads_flag": args.threads,
         "python": platform.python_version(),
         "blas": blas_library()}
result = {"name": name, "unit": "sequences/s", **common.stats(rates), "extra": extra}
if args.json:
    print(json.dumps(result))
else:
    print(f"{name}: median {result['median']:.4g} sequences/s (min {result['min']:.4g}, max {result['max']:.4g}, "
          f"{len(rates)} runs, {args.threads} thread(s))")
