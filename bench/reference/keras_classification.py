"""Tutorial 001 ("What is Deep Learning?"), "Complete Deep Learning Example", in NumPy.

The tutorial's Keras model, written out by hand (no TensorFlow): 1000 x 20 data, 3 classes
(make_classification-like), 80/20 train/test split, StandardScaler fit on train, then
  Dense64-relu, BN, Dropout0.3, Dense32-relu, BN, Dropout0.3, Dense16-relu, BN, Dropout0.2,
  Dense3-softmax
with Keras semantics: glorot_uniform kernels, zero biases; BN uses batch statistics (biased
variance) while training and moving statistics (momentum 0.99, eps 1e-3) at inference;
inverted dropout; sparse categorical cross-entropy; Keras' Adam (lr 1e-3, 0.9, 0.999,
eps 1e-7); fit(epochs=50, batch_size=32, validation_split=0.2): the last 20% of the training
arrays are the validation set, training rows reshuffled each epoch, validation loss and
accuracy evaluated every epoch. Timed: the whole fit (50 epochs x 20 steps).
"""
import common

args = common.parse_args("keras_classification", default_runs=3, dtype="float64")
import numpy as np  # noqa: E402

DT = np.dtype(args.dtype)


def make_classification(n_samples=1000, n_features=20, n_informative=15, n_redundant=2, n_classes=3,
                        n_clusters_per_class=2, class_sep=1.0, flip_y=0.01):
    """scikit-learn's algorithm, simplified: Gaussian clusters on hypercube vertices."""
    n_clusters = n_classes * n_clusters_per_class
    vertices = np.random.choice(2 ** n_informative, n_clusters, replace=False)
    centroids = (((vertices[:, None] >> np.arange(n_informative)) & 1) * 2 - 1) * class_sep
    cluster = np.arange(n_samples) % n_clusters
    y = cluster % n_classes
    X = np.random.randn(n_samples, n_informative)
    for k in range(n_clusters):  # random covariance per cluster, then shift to its vertex
        X[cluster == k] = X[cluster == k] @ (2 * np.random.rand(n_informative, n_informative) - 1) + centroids[k]
    redundant = X @ (2 * np.random.rand(n_informative, n_redundant) - 1)
    noise = np.random.randn(n_samples, n_features - n_informative - n_redundant)
    X = np.hstack([X, redundant, noise])
    flip = np.random.rand(n_samples) < flip_y
    y[flip] = np.random.randint(0, n_classes, flip.sum())
    rows, cols = np.random.permutation(n_samples), np.random.permutation(n_features)
    return X[rows][:, cols], y[rows]


class KerasStyleModel:
    def __init__(self, dims=(20, 64, 32, 16, 3), rates=(0.3, 0.3, 0.2), momentum=0.99, bn_eps=1e-3):
        self.rates, self.momentum, self.bn_eps, self.P = rates, momentum, bn_eps, {}
        for l in range(1, len(dims)):  # glorot_uniform kernel, zero bias
            limit = np.sqrt(6.0 / (dims[l - 1] + dims[l]))
            self.P[f'W{l}'] = np.random.uniform(-limit, limit, (dims[l - 1], dims[l])).astype(DT)
            self.P[f'b{l}'] = np.zeros((1, dims[l]), dtype=DT)
        self.moving = {}
        for l in range(1, len(rates) + 1):
            self.P[f'gamma{l}'] = np.ones((1, dims[l]), dtype=DT)
            self.P[f'beta{l}'] = np.zeros((1, dims[l]), dtype=DT)
            self.moving[l] = [np.zeros((1, dims[l]), dtype=DT), np.ones((1, dims[l]), dtype=DT)]
        self.m = {k: np.zeros_like(p) for k, p in self.P.items()}
        self.v = {k: np.zeros_like(p) for k, p in self.P.items()}
        self.t = 0

    def forward(self, X, training=False):
        A, caches = X, []
        for l, rate in enumerate(self.rates, start=1):
            Z = A @ self.P[f'W{l}'] + self.P[f'b{l}']
            R = np.maximum(0, Z)                                     # Dense(..., activation='relu')
            if training:                                             # BatchNormalization
                mu, var = R.mean(axis=0, keepdims=True), R.var(axis=0, keepdims=True)
                mm, mv = self.moving[l]
                self.moving[l] = [mm * self.momentum + mu * (1 - self.momentum),
                                  mv * self.momentum + var * (1 - self.momentum)]
            else:
                mu, var = self.moving[l]
            inv_std = 1 / np.sqrt(var + self.bn_eps)
            xhat = (R - mu) * inv_std
            Y = self.P[f'gamma{l}'] * xhat + self.P[f'beta{l}']
            mask = np.random.rand(*Y.shape) >= rate if training else None  # Dropout (inverted)
            caches.append((A, Z, xhat, inv_std, mask))
            A = Y * mask / (1 - rate) if training else Y
        logits = A @ self.P['W4'] + self.P['b4']
        e = np.exp(logits - logits.max(axis=1, keepdims=True))      # softmax
        return e / e.sum(axis=1, keepdims=True), caches, A

    def backward(self, probs, y, caches, A_last):
        B, g = y.shape[0], {}
        dlogits = probs.copy()                                       # softmax + sparse CCE
        dlogits[np.arange(B), y] -= 1
        dlogits /= B
        g['W4'], g['b4'] = A_last.T @ dlogits, dlogits.sum(axis=0, keepdims=True)
        dA = dlogits @ self.P['W4'].T
        for l in range(len(self.rates), 0, -1):
            A_prev, Z, xhat, inv_std, mask = caches[l - 1]
            dY = dA * mask / (1 - self.rates[l - 1])
            g[f'gamma{l}'] = np.sum(dY * xhat, axis=0, keepdims=True)
            g[f'beta{l}'] = np.sum(dY, axis=0, keepdims=True)
            dxhat = dY * self.P[f'gamma{l}']
            dR = inv_std / B * (B * dxhat - dxhat.sum(axis=0, keepdims=True)
                                - xhat * np.sum(dxhat * xhat, axis=0, keepdims=True))
            dZ = dR * (Z > 0)
            g[f'W{l}'], g[f'b{l}'] = A_prev.T @ dZ, dZ.sum(axis=0, keepdims=True)
            dA = dZ @ self.P[f'W{l}'].T
        return g

    def adam(self, g, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):  # keras.optimizers.Adam
        self.t += 1
        alpha = lr * np.sqrt(1 - beta2 ** self.t) / (1 - beta1 ** self.t)
        for k, p in self.P.items():
            self.m[k] += (g[k] - self.m[k]) * (1 - beta1)
            self.v[k] += (np.square(g[k]) - self.v[k]) * (1 - beta2)
            p -= alpha * self.m[k] / (np.sqrt(self.v[k]) + eps)

    def evaluate(self, X, y):
        probs = self.forward(X, training=False)[0]
        loss = -np.mean(np.log(np.clip(probs[np.arange(len(y)), y], 1e-7, 1 - 1e-7)))
        return float(loss), float(np.mean(probs.argmax(axis=1) == y))

    def fit(self, X, y, epochs=50, batch_size=32, validation_split=0.2):
        split = int(len(X) * (1 - validation_split))                 # Keras: last rows = validation
        Xt, yt, Xv, yv = X[:split], y[:split], X[split:], y[split:]
        history = []
        for epoch in range(epochs):
            p = np.random.permutation(split)
            loss = acc = 0.0
            for k in range(0, split, batch_size):
                bx, by = Xt[p[k:k + batch_size]], yt[p[k:k + batch_size]]
                probs, caches, A_last = self.forward(bx, training=True)
                loss += -np.sum(np.log(np.clip(probs[np.arange(len(by)), by], 1e-7, 1 - 1e-7)))
                acc += np.sum(probs.argmax(axis=1) == by)
                self.adam(self.backward(probs, by, caches, A_last))
            history.append((loss / split, acc / split, *self.evaluate(Xv, yv)))
        return history


times = []
for run in range(args.runs):
    np.random.seed(42)
    X, y = make_classification()
    p = np.random.permutation(len(X))                                 # train_test_split(test_size=0.2)
    X_test, y_test, X_train, y_train = X[p[:200]], y[p[:200]], X[p[200:]], y[p[200:]]
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)             # StandardScaler
    X_train, X_test = ((X_train - mean) / std).astype(DT), ((X_test - mean) / std).astype(DT)
    model = KerasStyleModel()
    t0 = common.now()
    history = model.fit(X_train, y_train, epochs=50, batch_size=32, validation_split=0.2)
    times.append((common.now() - t0) * 1000)
    test_loss, test_acc = model.evaluate(X_test, y_test)
    common.log(f"run {run}: {times[-1]:.0f} ms; last epoch loss {history[-1][0]:.4f} acc {history[-1][1]:.4f} "
               f"val_loss {history[-1][2]:.4f} val_acc {history[-1][3]:.4f}; test accuracy {test_acc:.2%}")

common.report("keras_classification", "ms", times, {
    "per": "fit (50 epochs)", "epochs": 50, "steps_per_epoch": 20, "batch_size": 32,
    "train_loss": history[-1][0], "train_accuracy": history[-1][1], "val_loss": history[-1][2],
    "val_accuracy": history[-1][3], "test_accuracy": test_acc, "dtype": args.dtype,
}, args)
