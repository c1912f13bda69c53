"""float32 matmul throughput of NumPy/OpenBLAS (what the tutorials' np.dot calls reach).

GFLOP/s (2*M*K*N per call) for (M, K, N) in (128,784,256), (128,256,128), (256,128,784),
(1024,1024,1024) and layouts
  NN: a[M,K] @ b[K,N]
  TN: a.T @ b with a a [K,M] array (a transposed view, no copy)
  NT: a @ b.T with b a [N,K] array
plus the per-call time of a tiny 32x16 @ 16x8 matmul in microseconds (call overhead).
Output arrays are allocated by each call, as in `A @ W`. Single-threaded by default
(--threads N for more, set before numpy is imported).
"""
import common

args = common.parse_args("gemm", default_runs=5, default_threads=1)
import numpy as np  # noqa: E402

SHAPES = [(128, 784, 256), (128, 256, 128), (256, 128, 784), (1024, 1024, 1024)]
MIN_SECONDS = 0.05  # each timed sample runs the call enough times to last at least this long


def operands(layout, M, K, N, rng):
    a = rng.standard_normal((K, M) if layout[0] == "T" else (M, K), dtype=np.float32)
    b = rng.standard_normal((N, K) if layout[1] == "T" else (K, N), dtype=np.float32)
    return (a.T if layout[0] == "T" else a), (b.T if layout[1] == "T" else b)


def calls_per_sample(fn):
    """Double the call count until one sample lasts MIN_SECONDS (also warms up)."""
    n = 1
    while True:
        t0 = common.now()
        for _ in range(n):
            fn()
        if common.now() - t0 >= MIN_SECONDS:
            return n
        n *= 2


def sample_seconds_per_call(fn, n):
    t0 = common.now()
    for _ in range(n):
        fn()
    return (common.now() - t0) / n


def entry(name, unit, values, **extra):
    return {"name": name, "unit": unit, **common.stats(values), **extra}


rng = np.random.default_rng(0)
entries = []
for M, K, N in SHAPES:
    for layout in ("NN", "TN", "NT"):
        a, b = operands(layout, M, K, N, rng)
        c = a @ b
        assert c.dtype == np.float32 and c.shape == (M, N)
        ref = a.astype(np.float64) @ b.astype(np.float64)
        assert np.allclose(c, ref, rtol=1e-3, atol=1e-3 * np.sqrt(K))
        fn = lambda: a @ b  # noqa: E731
        n = calls_per_sample(fn)
        gflops = [2 * M * K * N / sample_seconds_per_call(fn, n) / 1e9 for _ in range(args.runs)]
        entries.append(entry(f"{layout} {M}x{K}x{N}", "GFLOP/s", gflops, M=M, K=K, N=N, layout=layout,
                             calls_per_sample=n))
        common.log(f"{layout} {M}x{K}x{N}: {np.median(gflops):.1f} GFLOP/s")

a = rng.standard_normal((32, 16), dtype=np.float32)
b = rng.standard_normal((16, 8), dtype=np.float32)
fn = lambda: a @ b  # noqa: E731
n = calls_per_sample(fn)
us = [1e6 * sample_seconds_per_call(fn, n) for _ in range(args.runs)]
entries.append(entry("NN 32x16x8 per call", "us", us, M=32, K=16, N=8, layout="NN", calls_per_sample=n))
common.log(f"NN 32x16x8: {np.median(us):.2f} us per call")

common.report_entries("gemm", entries, {"dtype": "float32", "runs": args.runs,
                                        "min_seconds_per_sample": MIN_SECONDS}, args)
