#!/usr/bin/python3
"""Recur's recurrent layers against PyTorch (Debian python3-torch 1.13, CPU) in the same run, alternating.

    /usr/bin/python3 bench/compare_torch.py [--threads 2] [--rounds 5] [--seconds 1] [--out FILE.md]

For each configuration and round it runs `recur bench rnn --json` (median of its runs) and then the
same work in PyTorch (median over the same time), and reports the median over rounds of each side's
tokens per second and their ratio (Recur / PyTorch). Modes: step = one time step of a batch with carried
state, no grad; infer = a whole sequence, no grad; train = forward, MSE loss, backward, SGD update.
Re-executes itself with OpenBLAS-OpenMP first in LD_LIBRARY_PATH.
"""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# (cell, mode, batch, seq, input, hidden, layers, bidirectional)
CONFIGS = [
    ("lstm", "step", 1, 1, 64, 256, 1, False),
    ("gru", "step", 1, 1, 64, 256, 1, False),
    ("lstm", "train", 32, 64, 64, 128, 1, False),
    ("gru", "train", 32, 64, 64, 128, 1, False),
    ("rnn", "train", 32, 64, 64, 128, 1, False),
    ("lstm", "infer", 32, 64, 64, 128, 1, False),
]


def ensure_openblas():
    dirs = glob.glob("/usr/lib/*/openblas-openmp")
    if dirs and dirs[0] not in os.environ.get("LD_LIBRARY_PATH", "").split(":"):
        os.environ["LD_LIBRARY_PATH"] = dirs[0] + ":" + os.environ.get("LD_LIBRARY_PATH", "")
        os.execv(sys.executable, [sys.executable] + sys.argv)


def torch_measure(torch, cfg, threads, seconds):
    cell, mode, b, t, i, h, layers, bidir = cfg
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[cell]
    m = cls(i, h, num_layers=layers, bidirectional=bidir)
    d = 2 if bidir else 1
    if mode == "step":
        x = torch.randn(1, b, i)
        state = [torch.zeros(d * layers, b, h)] * (2 if cell == "lstm" else 1)
        state = tuple(state) if cell == "lstm" else state[0]

        def body():
            nonlocal state
            with torch.no_grad():
                _, state = m(x, state)
    elif mode == "infer":
        x = torch.randn(t, b, i)

        def body():
            with torch.no_grad():
                m(x)
    else:
        x = torch.randn(t, b, i)
        target = torch.randn(t, b, d * h)
        opt = torch.optim.SGD(m.parameters(), lr=1e-3)

        def body():
            opt.zero_grad()
            out, _ = m(x)
            torch.nn.functional.mse_loss(out, target).backward()
            opt.step()
    for _ in range(3):
        body()
    times = []
    start = time.perf_counter()
    while len(times) < 5 or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        body()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    tokens = b if mode == "step" else b * t
    return tokens / med, med * 1e3


def recur_measure(cfg, threads, seconds):
    cell, mode, b, t, i, h, layers, bidir = cfg
    cmd = [os.path.join(ROOT, "recur"), "bench", "rnn", "--cell", cell, "--mode", mode, "--batch", str(b), "--seq", str(t),
           "--input", str(i), "--hidden", str(h), "--layers", str(layers), "--threads", str(threads),
           "--seconds", str(seconds), "--json"] + (["--bidirectional"] if bidir else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=600).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return r["tokens_per_s"], r["median_ms"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--out")
    args = ap.parse_args()
    ensure_openblas()
    import torch

    subprocess.run([os.path.join(ROOT, "recur"), "--help"], check=True, capture_output=True)
    results = {}
    for rnd in range(args.rounds):
        for cfg in CONFIGS:
            r = recur_measure(cfg, args.threads, args.seconds)
            p = torch_measure(torch, cfg, args.threads, args.seconds)
            results.setdefault(cfg, []).append((r, p))
            print(f"round {rnd + 1} {cfg}: recur {r[1]:.3f} ms, torch {p[1]:.3f} ms", file=sys.stderr, flush=True)
    lines = [f"Recur vs PyTorch {torch.__version__} (CPU), {args.threads} threads, alternating, {args.rounds} rounds, "
             f"median of rounds; command: /usr/bin/python3 bench/compare_torch.py {' '.join(sys.argv[1:])}", "",
             "| cell | mode | B | T | I | H | L | bidir | Recur ms | PyTorch ms | Recur tokens/s | PyTorch tokens/s | ratio |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for cfg, pairs in results.items():
        rt = statistics.median(p[0][0] for p in pairs)
        pt = statistics.median(p[1][0] for p in pairs)
        rm = statistics.median(p[0][1] for p in pairs)
        pm = statistics.median(p[1][1] for p in pairs)
        cell, mode, b, t, i, h, layers, bidir = cfg
        lines.append(f"| {cell} | {mode} | {b} | {t if mode != 'step' else 1} | {i} | {h} | {layers} | {bidir} | {rm:.3f} | "
                     f"{pm:.3f} | {rt:.0f} | {pt:.0f} | {rt / pt:.2f} |")
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out + ".tmp", "w") as f:
            f.write(text + "\n")
        os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()
