"""Shared helpers for the NumPy reference benchmarks.

Every script does, before importing numpy:

    import common
    args = common.parse_args("spiral", default_runs=5)
    import numpy as np

because OpenBLAS reads OPENBLAS_NUM_THREADS only when it is loaded, so
`--threads N` must set the environment before numpy is imported.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time

THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
# glibc malloc returns freed big blocks to the kernel and page-faults them back in on every
# allocation; for big per-step temporaries (mlp784) that is over half the run time.
MALLOC_VARS = ("MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")
_json_mode = False


def parse_args(name, default_runs=5, default_threads=None, dtype=None, add=None):
    """Common flags: --runs N, --json, --threads N (and --dtype when `dtype` is a default)."""
    global _json_mode
    ap = argparse.ArgumentParser(prog=f"{name}.py", description=f"NumPy reference benchmark: {name}")
    ap.add_argument("--runs", type=int, default=default_runs, help=f"timed repetitions (default {default_runs})")
    ap.add_argument("--json", action="store_true", help="print one JSON object on stdout, logs on stderr")
    ap.add_argument("--threads", type=int, default=default_threads,
                    help="BLAS threads (default: %s)" % (default_threads or "OpenBLAS default / environment"))
    if dtype:
        ap.add_argument("--dtype", choices=("float64", "float32"), default=dtype,
                        help=f"array dtype (default {dtype}, as in the tutorial)")
    ap.add_argument("--tune-malloc", action="store_true",
                    help="re-run with glibc %s=256MiB (no page-fault churn)" % "/".join(MALLOC_VARS))
    if add:
        add(ap)
    args = ap.parse_args()
    if args.tune_malloc and not all(v in os.environ for v in MALLOC_VARS):
        os.environ.update({v: str(256 << 20) for v in MALLOC_VARS})  # read by glibc at startup:
        os.execv(sys.executable, [sys.executable] + sys.argv)           # re-exec this script
    if args.threads:
        if "numpy" in sys.modules:
            print("warning: numpy already imported, --threads may have no effect", file=sys.stderr)
        for var in THREAD_VARS:
            os.environ[var] = str(args.threads)
    _json_mode = args.json
    return args


def log(*msg):
    """Progress output: stdout normally, stderr in --json mode (stdout holds only the JSON)."""
    print(*msg, file=sys.stderr if _json_mode else sys.stdout, flush=True)


def now():
    return time.perf_counter()


def stats(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": list(values)}


def _openblas():
    """The loaded OpenBLAS library (found through /proc/self/maps), or None."""
    import ctypes
    try:
        paths = sorted({l.split()[-1] for l in open("/proc/self/maps") if "openblas" in l.lower() and ".so" in l})
    except OSError:
        return None, (None, None)
    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for prefix, suffix in (("scipy_openblas_", "64_"), ("scipy_openblas_", ""), ("openblas_", "64_"), ("openblas_", "")):
            if hasattr(lib, prefix + "get_num_threads" + suffix):
                return lib, (prefix, suffix)
    return None, (None, None)


def blas_info():
    """numpy version, BLAS name/version/core and thread count, compactly."""
    import ctypes
    import numpy as np
    info = {"numpy": np.__version__, "python": platform.python_version(), "cpus": os.cpu_count()}
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        info["blas"] = f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # older numpy: no mode="dicts"
        info["blas"] = "unknown"
    lib, (prefix, suffix) = _openblas()
    if lib is not None:
        info["blas_threads"] = getattr(lib, prefix + "get_num_threads" + suffix)()
        core = getattr(lib, prefix + "get_corename" + suffix, None)
        if core is not None:
            core.restype = ctypes.c_char_p
            info["blas_core"] = core().decode()
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS") + MALLOC_VARS:
        if var in os.environ:
            info[var] = os.environ[var]
    return info


def report(name, unit, values, extra=None, args=None):
    """Print one result: JSON object with --json, else a readable line."""
    result = {"name": name, "unit": unit, **stats(values), "extra": {**(extra or {}), **blas_info()}}
    if args is not None and args.json:
        print(json.dumps(result))
    else:
        print(f"{name}: median {result['median']:.4g} {unit} (min {result['min']:.4g}, max {result['max']:.4g}, "
              f"{len(values)} runs)")
        print("  " + ", ".join(f"{k}={v}" for k, v in result["extra"].items()))
    return result


def report_entries(name, entries, extra=None, args=None):
    """Several results in one JSON object: {"name", "entries": [{name, unit, median, min, max, runs}], "extra"}."""
    result = {"name": name, "entries": entries, "extra": {**(extra or {}), **blas_info()}}
    if args is not None and args.json:
        print(json.dumps(result))
    else:
        for e in entries:
            print(f"{e['name']:<28} median {e['median']:9.3f} {e['unit']:<8} (min {e['min']:.3f}, max {e['max']:.3f})")
        print("  " + ", ".join(f"{k}={v}" for k, v in result["extra"].items()))
    return result
