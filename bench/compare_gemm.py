#!/usr/bin/python3
"""Recur's GEMM against numpy/OpenBLAS on the same shapes, in the same run, alternating.

Run with Debian's python3 (python3-numpy) and libopenblas0-openmp installed:
    /usr/bin/python3 bench/compare_gemm.py [--rounds 3] [--seconds 1] [--threads 1 2] [--out FILE.md]
For each round, shape and thread count it runs `recur bench gemm --json` (median of its runs) and then
numpy's matmul (median of as many runs over the same time), and reports the median over rounds of
each side's GFLOP/s and their ratio. Re-executes itself with OpenBLAS-OpenMP first in LD_LIBRARY_PATH
(Debian's default BLAS is the slow reference one).
"""
import argparse
import ctypes
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import time

SHAPES = [(256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (64, 2048, 512), (6400, 2048, 128)]
TARGET = {1: 0.85, 2: 0.90}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure_openblas():
    dirs = glob.glob("/usr/lib/*/openblas-openmp")
    if not dirs:
        sys.exit("libopenblas0-openmp is not installed: apt-get install libopenblas0-openmp")
    if dirs[0] not in os.environ.get("LD_LIBRARY_PATH", "").split(":"):
        os.environ["LD_LIBRARY_PATH"] = dirs[0] + ":" + os.environ.get("LD_LIBRARY_PATH", "")
        os.execv(sys.executable, [sys.executable] + sys.argv)
    return ctypes.CDLL("libopenblas.so.0")


def numpy_gemm(np, m, n, k, seconds):
    rng = np.random.default_rng(1)
    a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (k, n)).astype(np.float32)
    c = np.empty((m, n), np.float32)
    for _ in range(3):
        np.matmul(a, b, out=c)
    times = []
    start = time.perf_counter()
    while len(times) < 5 or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        np.matmul(a, b, out=c)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return 2.0 * m * n * k / med / 1e9, med * 1e3


def recur_gemm(m, n, k, threads, seconds):
    out = subprocess.run([os.path.join(ROOT, "recur"), "bench", "gemm", "--m", str(m), "--n", str(n), "--k", str(k),
                          "--threads", str(threads), "--seconds", str(seconds), "--json"],
                         check=True, capture_output=True, text=True, timeout=300).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return r["gflops"], r["median_ms"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--out", help="also write the table (markdown) to this file")
    args = ap.parse_args()
    blas = ensure_openblas()
    import numpy as np

    subprocess.run([os.path.join(ROOT, "recur"), "--help"], check=True, capture_output=True)  # build once
    results = {}
    for rnd in range(args.rounds):
        for (m, n, k) in SHAPES:
            for t in args.threads:
                blas.openblas_set_num_threads(t)
                rg, _ = recur_gemm(m, n, k, t, args.seconds)
                ng, _ = numpy_gemm(np, m, n, k, args.seconds)
                results.setdefault((m, n, k, t), []).append((rg, ng))
                print(f"round {rnd + 1}: {m}x{k} * {k}x{n} threads {t}: recur {rg:.1f}, numpy {ng:.1f} GFLOP/s",
                      file=sys.stderr, flush=True)

    lines = [
        f"GEMM, float32, C = A * B: Recur vs numpy {np.__version__} (OpenBLAS-OpenMP), alternating, "
        f"{args.rounds} rounds, median of rounds",
        f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"command: /usr/bin/python3 bench/compare_gemm.py {' '.join(sys.argv[1:])}",
        "",
        "| m x k * k x n | threads | Recur GFLOP/s | OpenBLAS GFLOP/s | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for (m, n, k, t), pairs in results.items():
        rg = statistics.median(p[0] for p in pairs)
        ng = statistics.median(p[1] for p in pairs)
        ratio = rg / ng
        target = TARGET.get(t, 0.9)
        lines.append(f"| {m}x{k} * {k}x{n} | {t} | {rg:.1f} | {ng:.1f} | {ratio:.2f} | {target:.2f} | "
                     f"{'yes' if ratio >= target else 'no'} |")
    text = "\n".join(lines)
    print(text)
    if args.out:
        tmp = args.out + ".tmp"
        with open(tmp, "w") as f:
            f.write(text + "\n")
        os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
