"""MNIST-sized MLP throughput, in the tutorials' NumPy style (float32, as the JS side).

784 -> 256 -> 128 -> 10, He init, ReLU, softmax + categorical cross-entropy, Adam
(lr 1e-3, 0.9, 0.999, 1e-8, tutorial 002's update), mini-batch 128 (469 batches, the last
one 96 rows), reshuffled every epoch, on 60,000 random float32 samples with random labels
(fixed seed). One warm-up epoch, then each run times one epoch: samples/s = 60000 / time.
Threads: OpenBLAS default unless --threads N (set before numpy is imported).
"""
import common

args = common.parse_args("mlp784", default_runs=5)
import numpy as np  # noqa: E402

F32 = np.float32
N_SAMPLES, BATCH, DIMS = 60_000, 128, (784, 256, 128, 10)


class MLP:
    def __init__(self, dims, rng):
        self.L, self.P = len(dims) - 1, {}
        for l in range(1, self.L + 1):  # He initialization
            self.P[f'W{l}'] = (rng.standard_normal((dims[l - 1], dims[l]), dtype=F32)
                               * F32(np.sqrt(2.0 / dims[l - 1])))
            self.P[f'b{l}'] = np.zeros((1, dims[l]), dtype=F32)
        self.v = {k: np.zeros_like(p) for k, p in self.P.items()}
        self.s = {k: np.zeros_like(p) for k, p in self.P.items()}
        self.t = 0

    def forward(self, X):
        cache, A = [], X
        for l in range(1, self.L):
            Z = A @ self.P[f'W{l}'] + self.P[f'b{l}']
            cache.append((A, Z))
            A = np.maximum(0, Z)
        Z = A @ self.P[f'W{self.L}'] + self.P[f'b{self.L}']
        cache.append((A, Z))
        e = np.exp(Z - Z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True), cache

    def backward(self, probs, y, cache):
        m, g = y.shape[0], {}
        dZ = probs.copy()  # softmax + cross-entropy: dZ = probs - onehot
        dZ[np.arange(m), y] -= 1
        dZ /= m
        for l in range(self.L, 0, -1):
            A_prev, _ = cache[l - 1]
            g[f'W{l}'] = A_prev.T @ dZ
            g[f'b{l}'] = dZ.sum(axis=0, keepdims=True)
            if l > 1:  # no gradient w.r.t. the input
                dZ = (dZ @ self.P[f'W{l}'].T) * (cache[l - 2][1] > 0)
        return g

    def adam(self, g, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.t += 1
        for k, p in self.P.items():
            self.v[k] = beta1 * self.v[k] + (1 - beta1) * g[k]
            self.s[k] = beta2 * self.s[k] + (1 - beta2) * np.square(g[k])
            v_hat = self.v[k] / (1 - beta1 ** self.t)
            s_hat = self.s[k] / (1 - beta2 ** self.t)
            p -= lr * v_hat / (np.sqrt(s_hat) + eps)

    def epoch(self, X, y, rng):
        perm = rng.permutation(X.shape[0])
        loss = 0.0
        for k in range(0, X.shape[0], BATCH):
            idx = perm[k:k + BATCH]
            bx, by = X[idx], y[idx]
            probs, cache = self.forward(bx)
            loss += -np.sum(np.log(probs[np.arange(len(by)), by] + 1e-7))
            self.adam(self.backward(probs, by, cache))
        return loss / X.shape[0]


rng = np.random.default_rng(42)
X = rng.random((N_SAMPLES, DIMS[0]), dtype=F32)
y = rng.integers(0, DIMS[-1], N_SAMPLES)
model = MLP(DIMS, rng)

t0 = common.now()
loss = model.epoch(X, y, rng)  # warm-up
common.log(f"warm-up epoch: {common.now() - t0:.2f} s, loss {loss:.4f}")
rates = []
for run in range(args.runs):
    t0 = common.now()
    loss = model.epoch(X, y, rng)
    seconds = common.now() - t0
    rates.append(N_SAMPLES / seconds)
    common.log(f"run {run}: {seconds:.3f} s/epoch, {rates[-1]:.0f} samples/s, loss {loss:.4f}")

assert all(p.dtype == F32 for p in model.P.values())
common.report("mlp784", "samples/s", rates, {
    "per": "epoch", "samples": N_SAMPLES, "batch_size": BATCH, "batches": -(-N_SAMPLES // BATCH),
    "layers": "784-256-128-10", "dtype": "float32", "threads_flag": args.threads or "default",
    "median_epoch_s": N_SAMPLES / float(np.median(rates)),
}, args)
