"""Tutorial 000 ("Build and train multi-layer deep networks"), reproduced exactly.

Spiral data (N=100 per class, K=2, noise 0.2, np.random.seed(42)), DeepNeuralNetwork
2 -> 16 -> 8 -> 4 -> 1 with He init, ReLU hidden layers, sigmoid output, full-batch
gradient descent, lr 0.5, 1000 epochs. Times model.train() only (not data generation
nor model construction). Like the tutorial, train() computes loss/accuracy every 100
epochs; they are recorded instead of printed inside the timed loop.
"""
import common

args = common.parse_args("spiral", default_runs=5, dtype="float64")
import numpy as np  # noqa: E402  (after parse_args: --threads must be set first)

DT = np.dtype(args.dtype)


class DeepNeuralNetwork:
    def __init__(self, layer_dims):
        self.parameters = {}
        self.L = len(layer_dims) - 1
        # He initialization
        for l in range(1, len(layer_dims)):
            self.parameters[f'W{l}'] = (np.random.randn(
                layer_dims[l-1], layer_dims[l]) * np.sqrt(2 / layer_dims[l-1])).astype(DT)
            self.parameters[f'b{l}'] = np.zeros((1, layer_dims[l]), dtype=DT)

    def relu(self, Z):
        return np.maximum(0, Z)

    def relu_derivative(self, Z):
        return (Z > 0).astype(Z.dtype)  # tutorial: .astype(float); same in float64

    def sigmoid(self, Z):
        return 1 / (1 + np.exp(-np.clip(Z, -500, 500)))

    def forward_propagation(self, X):
        self.cache = {'A0': X}
        A = X
        # Hidden layers with ReLU
        for l in range(1, self.L):
            Z = np.dot(A, self.parameters[f'W{l}']) + self.parameters[f'b{l}']
            A = self.relu(Z)
            self.cache[f'Z{l}'] = Z
            self.cache[f'A{l}'] = A
        # Output layer with sigmoid
        Z = np.dot(A, self.parameters[f'W{self.L}']) + self.parameters[f'b{self.L}']
        A = self.sigmoid(Z)
        self.cache[f'Z{self.L}'] = Z
        self.cache[f'A{self.L}'] = A
        return A

    def backward_propagation(self, X, y, output):
        m = X.shape[0]
        grads = {}
        # Output layer
        dZ = output - y
        grads[f'dW{self.L}'] = (1/m) * np.dot(self.cache[f'A{self.L-1}'].T, dZ)
        grads[f'db{self.L}'] = (1/m) * np.sum(dZ, axis=0, keepdims=True)
        # Hidden layers
        for l in range(self.L-1, 0, -1):
            dA = np.dot(dZ, self.parameters[f'W{l+1}'].T)
            dZ = dA * self.relu_derivative(self.cache[f'Z{l}'])
            grads[f'dW{l}'] = (1/m) * np.dot(self.cache[f'A{l-1}'].T, dZ)
            grads[f'db{l}'] = (1/m) * np.sum(dZ, axis=0, keepdims=True)
        return grads

    def update_parameters(self, grads, learning_rate):
        for l in range(1, self.L + 1):
            self.parameters[f'W{l}'] -= learning_rate * grads[f'dW{l}']
            self.parameters[f'b{l}'] -= learning_rate * grads[f'db{l}']

    def train(self, X, y, epochs=1000, learning_rate=0.01):
        history = []
        for epoch in range(epochs):
            output = self.forward_propagation(X)
            grads = self.backward_propagation(X, y, output)
            self.update_parameters(grads, learning_rate)
            if epoch % 100 == 0:
                loss = -np.mean(y * np.log(output) + (1-y) * np.log(1-output))
                accuracy = np.mean((output > 0.5) == y)
                history.append((epoch, float(loss), float(accuracy)))
        return history


def spiral_data():
    np.random.seed(42)
    N, D, K = 100, 2, 2
    X = np.zeros((N*K, D))
    y = np.zeros((N*K, 1))
    for j in range(K):
        ix = range(N*j, N*(j+1))
        r = np.linspace(0.0, 1, N)
        t = np.linspace(j*4, (j+1)*4, N) + np.random.randn(N)*0.2
        X[ix] = np.c_[r*np.sin(t), r*np.cos(t)]
        y[ix] = j
    return X.astype(DT), y.astype(DT)


times, accs = [], []
for run in range(args.runs):
    X, y = spiral_data()                         # re-seeds 42: every run is identical
    model = DeepNeuralNetwork([2, 16, 8, 4, 1])  # init draws follow the data draws, as in the tutorial
    t0 = common.now()
    history = model.train(X, y, epochs=1000, learning_rate=0.5)
    times.append((common.now() - t0) * 1000)
    predictions = model.forward_propagation(X)
    accs.append(float(np.mean((predictions > 0.5) == y)))
    if run == 0:
        for epoch, loss, acc in history:
            common.log(f"Epoch {epoch}: Loss = {loss:.4f}, Accuracy = {acc:.4f}")
    common.log(f"run {run}: {times[-1]:.1f} ms, final accuracy {accs[-1]:.4f}")

common.report("spiral", "ms", times, {
    "final_accuracy": accs[-1], "epochs": 1000, "samples": int(X.shape[0]), "dtype": args.dtype,
    "what": "wall time of model.train(): 1000 full-batch GD epochs, 2-16-8-4-1",
}, args)
