"""Tutorial 002 ("neural networks from scratch"), final demo: CompleteNeuralNetwork.

circles(2000), 80/20 split, [2, 32, 16, 8, 1], ReLU + sigmoid, inverted dropout 0.2 on
hidden layers, L2 lambda=0.01 (cost lambda/(2m)*sum W^2, gradient lambda/m*W, m = batch
size), Adam lr 0.001 (0.9, 0.999, 1e-8), mini-batch 32 reshuffled every epoch. Each epoch
also does the tutorial's bookkeeping: train accuracy, validation cost and accuracy, early
stopping (patience 30). Rows are examples (X: [m, 2], W: [in, out]); the tutorial uses
columns, the math is the same. Timed: ms per epoch over --epochs after 2 warm-up epochs.
--data circles: sklearn-style make_circles(noise=0.1, factor=0.5) (default);
--data tutorial: the tutorial's own generate_complex_dataset (radius < 0.5 vs >= 0.5).
"""
import common

args = common.parse_args("circles_complete", default_runs=5, dtype="float64", add=lambda ap: (
    ap.add_argument("--epochs", type=int, default=20, help="timed epochs per run (default 20)"),
    ap.add_argument("--data", choices=("circles", "tutorial"), default="circles")))
import numpy as np  # noqa: E402

DT = np.dtype(args.dtype)


def make_circles(n_samples, noise=0.1, factor=0.5):
    """scikit-learn's make_circles algorithm: outer circle = class 0, inner = class 1."""
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.c_[np.cos(t_out), np.sin(t_out)], factor * np.c_[np.cos(t_in), np.sin(t_in)]])
    Y = np.r_[np.zeros(n_out), np.ones(n_in)].reshape(-1, 1)
    p = np.random.permutation(n_samples)
    return X[p] + noise * np.random.randn(n_samples, 2), Y[p]


def generate_complex_dataset(n_samples=1000):
    """The tutorial's generator, transposed to rows: inner disc (r < 0.5) vs outer ring."""
    radius, angle = np.random.rand(n_samples), 2 * np.pi * np.random.rand(n_samples)
    inner = radius < 0.5
    X = np.vstack([np.c_[radius[m] * np.cos(angle[m]), radius[m] * np.sin(angle[m])] for m in (inner, ~inner)])
    Y = np.r_[np.zeros(inner.sum()), np.ones((~inner).sum())].reshape(-1, 1)
    return X + np.random.randn(*X.shape) * 0.1, Y


def split_train_validation(X, Y, validation_split=0.2):
    p = np.random.permutation(X.shape[0])
    split = int(X.shape[0] * (1 - validation_split))
    return X[p[:split]], Y[p[:split]], X[p[split:]], Y[p[split:]]


def create_mini_batches(X, Y, batch_size):
    p = np.random.permutation(X.shape[0])
    X, Y = X[p], Y[p]
    return [(X[k:k + batch_size], Y[k:k + batch_size]) for k in range(0, X.shape[0], batch_size)]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class CompleteNeuralNetwork:
    def __init__(self, dims, dropout_rate=0.0):
        self.L, self.keep_prob = len(dims) - 1, 1.0 - dropout_rate
        self.P = {}
        for l in range(1, self.L + 1):  # He initialization
            self.P[f'W{l}'] = (np.random.randn(dims[l - 1], dims[l]) * np.sqrt(2.0 / dims[l - 1])).astype(DT)
            self.P[f'b{l}'] = np.zeros((1, dims[l]), dtype=DT)
        self.v = {k: np.zeros_like(p) for k, p in self.P.items()}  # Adam first moment
        self.s = {k: np.zeros_like(p) for k, p in self.P.items()}  # Adam second moment
        self.t = 0

    def forward(self, X, training=True):
        caches, masks, A = [], [], X
        for l in range(1, self.L):
            Z = A @ self.P[f'W{l}'] + self.P[f'b{l}']
            caches.append((A, Z))
            A = np.maximum(0, Z)
            if training and self.keep_prob < 1:  # inverted dropout
                mask = np.random.rand(*A.shape) < self.keep_prob
                A = A * mask / self.keep_prob
                masks.append(mask)
        Z = A @ self.P[f'W{self.L}'] + self.P[f'b{self.L}']
        caches.append((A, Z))
        return sigmoid(Z), caches, masks

    def cost(self, AL, Y, lambd=0.0):
        m, eps = Y.shape[0], 1e-8
        ce = -np.sum(Y * np.log(AL + eps) + (1 - Y) * np.log(1 - AL + eps)) / m
        l2 = sum(np.sum(np.square(self.P[f'W{l}'])) for l in range(1, self.L + 1)) if lambd > 0 else 0
        return ce + (lambd / (2 * m)) * l2

    def backward(self, AL, Y, caches, masks, lambd=0.0):
        m, g = Y.shape[0], {}
        dA = -(np.divide(Y, AL + 1e-8) - np.divide(1 - Y, 1 - AL + 1e-8))
        dZ = dA * AL * (1 - AL)  # tutorial: dAL * sigmoid_derivative(Z), sigmoid' = s(1-s)
        for l in range(self.L, 0, -1):
            A_prev, _ = caches[l - 1]
            W = self.P[f'W{l}']
            g[f'W{l}'] = A_prev.T @ dZ / m + (lambd / m) * W
            g[f'b{l}'] = np.sum(dZ, axis=0, keepdims=True) / m
            if l > 1:
                dA = dZ @ W.T
                if masks:
                    dA = dA * masks[l - 2] / self.keep_prob
                dZ = dA * (caches[l - 2][1] > 0)
        return g

    def adam(self, g, lr, beta1=0.9, beta2=0.999, eps=1e-8):
        self.t += 1
        for k, p in self.P.items():
            self.v[k] = beta1 * self.v[k] + (1 - beta1) * g[k]
            self.s[k] = beta2 * self.s[k] + (1 - beta2) * np.square(g[k])
            v_hat = self.v[k] / (1 - beta1 ** self.t)
            s_hat = self.s[k] / (1 - beta2 ** self.t)
            p -= lr * v_hat / (np.sqrt(s_hat) + eps)

    def accuracy(self, X, Y):
        return float(np.mean((self.forward(X, training=False)[0] > 0.5) == Y) * 100)

    def train_epoch(self, Xt, Yt, Xv, Yv, lr=0.001, batch_size=32, lambd=0.01):
        """One epoch of the tutorial's train(); returns (seconds in batch loop, seconds in eval)."""
        t0 = common.now()
        for bx, by in create_mini_batches(Xt, Yt, batch_size):
            AL, caches, masks = self.forward(bx, training=True)
            self.batch_cost = self.cost(AL, by, lambd)
            self.adam(self.backward(AL, by, caches, masks, lambd), lr)
        t1 = common.now()
        self.train_acc = self.accuracy(Xt, Yt)
        self.val_cost = self.cost(self.forward(Xv, training=False)[0], Yv, lambd)
        self.val_acc = self.accuracy(Xv, Yv)
        if self.val_cost < self.best_cost:  # early-stopping bookkeeping
            self.best_cost, self.best_params, self.waited = self.val_cost, {k: p.copy() for k, p in self.P.items()}, 0
        else:
            self.waited += 1
        return t1 - t0, common.now() - t1


def run_once():
    np.random.seed(42)
    X, Y = make_circles(2000) if args.data == "circles" else generate_complex_dataset(2000)
    Xt, Yt, Xv, Yv = (a.astype(DT) for a in split_train_validation(X, Y, 0.2))
    net = CompleteNeuralNetwork([2, 32, 16, 8, 1], dropout_rate=0.2)
    net.best_cost, net.waited = float('inf'), 0
    for _ in range(2):  # warm-up epochs (not timed)
        net.train_epoch(Xt, Yt, Xv, Yv)
    train_s = eval_s = 0.0
    epochs = 0
    while epochs < args.epochs and net.waited < 30:  # patience 30, as in the final demo
        a, b = net.train_epoch(Xt, Yt, Xv, Yv)
        train_s, eval_s, epochs = train_s + a, eval_s + b, epochs + 1
    return 1000 * (train_s + eval_s) / epochs, 1000 * train_s / epochs, epochs, net


times, train_only = [], []
for run in range(args.runs):
    ms, ms_train, epochs, net = run_once()
    times.append(ms)
    train_only.append(ms_train)
    common.log(f"run {run}: {ms:.2f} ms/epoch ({ms_train:.2f} in the batch loop) over {epochs} epochs; "
               f"train acc {net.train_acc:.2f}%, val acc {net.val_acc:.2f}%, val cost {net.val_cost:.4f}")

common.report("circles_complete", "ms", times, {
    "per": "epoch", "train_loop_only_ms_median": float(np.median(train_only)), "timed_epochs": epochs,
    "warmup_epochs": 2, "batches_per_epoch": 50, "val_accuracy": net.val_acc / 100,
    "train_accuracy": net.train_acc / 100, "data": args.data, "dtype": args.dtype,
}, args)
