#!/usr/bin/python3
"""Recur's recurrent layers against PyTorch (Debian python3-torch 1.13, CPU) in the same run, alternating.

    /usr/bin/python3 bench/compare_torch.py [--threads 2] [--rounds 5] [--seconds 1] [--out FILE.md]

For each configuration and round it runs `recur bench rnn --json` (median of its runs) and then the
same work in PyTorch in a fresh Python process (median over the same time), and reports the median over
rounds of each side's tokens per second, their ratio (Recur / PyTorch), the lowest and highest ratio of a
single round (the spread the shared machine causes) and each process's peak resident memory. Modes: step = one time step of a batch with carried state, no grad; infer = a whole sequence, no
grad; train = forward, MSE loss, backward, Adam step; charlm = embedding, LSTM, linear, cross-entropy,
backward, Adam step. Re-executes itself with OpenBLAS-OpenMP first in LD_LIBRARY_PATH.

Share of peak: in every round, `recur bench fma` measures the machine's FMA peak right before and right
after Recur's training measurements (two vCPUs can share a physical core, so the peak moves with the
host); each training configuration's GEMM flops per step divided by Recur's median time is reported as
GFLOP/s and as a share of the median of those peak samples and of the nominal 200 GFLOP/s.
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
# (cell, mode, batch, seq, input, hidden, layers, bidirectional, target ratio); charlm: input = embed, vocab 65
CONFIGS = [
    ("lstm", "step", 1, 1, 64, 256, 1, False, 10.0),
    ("gru", "step", 1, 1, 64, 256, 1, False, 10.0),
    ("lstm", "train", 32, 64, 64, 128, 1, False, 3.0),
    ("gru", "train", 32, 64, 64, 128, 1, False, 3.0),
    ("rnn", "train", 32, 64, 64, 128, 1, False, 3.0),
    ("lstm", "train", 64, 100, 128, 512, 2, False, 1.5),
    ("gru", "train", 64, 100, 128, 512, 2, False, 1.5),
    ("lstm", "charlm", 32, 128, 64, 512, 2, False, 1.5),
    ("lstm", "infer", 32, 64, 64, 128, 1, False, 3.0),
    ("lstm", "infer", 64, 100, 128, 512, 2, False, 1.3),
    ("lstm", "train", 32, 64, 64, 128, 1, True, 3.0),
]
VOCAB = 65
NOMINAL_PEAK = 200.0


def gemm_flops(cfg):
    """GEMM flops of one training step: forward projections (input and recurrent) per layer and direction,
    twice that in backward (dX and dW for each), less the first layer's dX (the input needs no gradient);
    charlm adds the output layer (forward, dX, dW)."""
    cell, mode, b, t, i, h, layers, bidir = cfg[:8]
    gates = {"lstm": 4, "gru": 3, "rnn": 1}[cell] * h
    d = 2 if bidir else 1
    rows = t * b
    total = 0.0
    for layer in range(layers):
        inp = i if layer == 0 else d * h
        fwd = 2.0 * rows * (inp + h) * gates * d
        total += 3 * fwd - (2.0 * rows * inp * gates * d if layer == 0 else 0.0)
    if mode == "charlm":
        total += 3 * 2.0 * rows * d * h * VOCAB
    return total


def fma_peak(threads):
    out = subprocess.run([os.path.join(ROOT, "recur"), "bench", "fma", "--threads", str(threads), "--seconds", "0.5", "--json"],
                         check=True, capture_output=True, text=True, timeout=300).stdout
    return json.loads(out.strip().splitlines()[-1])["median_gflops"]


def ensure_openblas():
    dirs = glob.glob("/usr/lib/*/openblas-openmp")
    if dirs and dirs[0] not in os.environ.get("LD_LIBRARY_PATH", "").split(":"):
        os.environ["LD_LIBRARY_PATH"] = dirs[0] + ":" + os.environ.get("LD_LIBRARY_PATH", "")
        os.execv(sys.executable, [sys.executable] + sys.argv)


def torch_measure(torch, cfg, threads, seconds):
    cell, mode, b, t, i, h, layers, bidir = cfg[:8]
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
    elif mode == "charlm":
        emb = torch.nn.Embedding(VOCAB, i)
        head = torch.nn.Linear(d * h, VOCAB)
        tokens = torch.randint(0, VOCAB, (t, b))
        targets = torch.randint(0, VOCAB, (t * b,))
        opt = torch.optim.Adam(list(emb.parameters()) + list(m.parameters()) + list(head.parameters()))

        def body():
            opt.zero_grad()
            out, _ = m(emb(tokens))
            torch.nn.functional.cross_entropy(head(out).reshape(-1, VOCAB), targets).backward()
            opt.step()
    else:
        x = torch.randn(t, b, i)
        target = torch.randn(t, b, d * h)
        opt = torch.optim.Adam(m.parameters())

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
    import resource
    return tokens / med, med * 1e3, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def torch_worker(cfg, threads, seconds):
    """Measures one configuration in a fresh process, so its peak memory is its own."""
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker", json.dumps(list(cfg)), "--threads",
                          str(threads), "--seconds", str(seconds)], check=True, capture_output=True, text=True, timeout=900).stdout
    return tuple(json.loads(out.strip().splitlines()[-1]))


def recur_measure(cfg, threads, seconds):
    cell, mode, b, t, i, h, layers, bidir = cfg[:8]
    cmd = [os.path.join(ROOT, "recur"), "bench", "rnn", "--cell", cell, "--mode", mode, "--batch", str(b), "--seq", str(t),
           "--input", str(i), "--hidden", str(h), "--layers", str(layers), "--threads", str(threads),
           "--seconds", str(seconds), "--json"] + (["--bidirectional"] if bidir else [])
    if mode == "charlm":
        cmd += ["--vocab", str(VOCAB), "--embed", str(i)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=900).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return r["tokens_per_s"], r["median_ms"], r["peak_rss_mb"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=1.0)
    ap.add_argument("--only", help="run only configurations whose mode matches")
    ap.add_argument("--out")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    ensure_openblas()
    import torch

    if args.worker:
        print(json.dumps(torch_measure(torch, tuple(json.loads(args.worker)), args.threads, args.seconds)))
        return
    subprocess.run([os.path.join(ROOT, "recur"), "--help"], check=True, capture_output=True)
    configs = [c for c in CONFIGS if not args.only or c[1] == args.only]
    results = {}
    peaks = []
    for rnd in range(args.rounds):
        for cfg in configs:
            training = cfg[1] in ("train", "charlm") and cfg[5] >= 512
            if training:
                peaks.append(fma_peak(args.threads))
            r = recur_measure(cfg, args.threads, args.seconds)
            if training:
                peaks.append(fma_peak(args.threads))
            p = torch_worker(cfg, args.threads, args.seconds)
            results.setdefault(cfg, []).append((r, p))
            print(f"round {rnd + 1} {cfg[:8]}: recur {r[1]:.3f} ms, torch {p[1]:.3f} ms", file=sys.stderr, flush=True)
    lines = [f"Recur vs PyTorch {torch.__version__} (CPU), {args.threads} threads, alternating, {args.rounds} rounds, "
             f"median of rounds; command: /usr/bin/python3 bench/compare_torch.py {' '.join(sys.argv[1:])}", "",
             "| cell | mode | B | T | I | H | L | bidir | Recur ms | PyTorch ms | Recur tokens/s | PyTorch tokens/s | ratio | rounds' ratios | target | met | Recur peak MiB | PyTorch peak MiB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for cfg, pairs in results.items():
        med = lambda side, k: statistics.median(p[side][k] for p in pairs)
        rt, pt = med(0, 0), med(1, 0)
        cell, mode, b, t, i, h, layers, bidir, target = cfg
        ratio = rt / pt
        rounds = sorted(p[0][0] / p[1][0] for p in pairs)
        lines.append(f"| {cell} | {mode} | {b} | {t if mode != 'step' else 1} | {i} | {h} | {layers} | {bidir} | {med(0, 1):.3f} | "
                     f"{med(1, 1):.3f} | {rt:.0f} | {pt:.0f} | {ratio:.2f} | {rounds[0]:.2f} to {rounds[-1]:.2f} | {target:g} | {'yes' if ratio >= target else 'no'} | "
                     f"{med(0, 2):.0f} | {med(1, 2):.0f} |")
    if peaks:
        peak = statistics.median(peaks)
        lines += ["", f"FMA peak (`recur bench fma --threads {args.threads}`, {len(peaks)} samples taken right before and after "
                  f"each large training measurement): median {peak:.0f} GFLOP/s, range {min(peaks):.0f} to {max(peaks):.0f}.", "",
                  "| cell | mode | B | T | I | H | L | GEMM GFLOP per step | Recur GFLOP/s | share of measured peak | share of nominal 200 |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for cfg, pairs in results.items():
            cell, mode, b, t, i, h, layers, bidir, target = cfg
            if mode not in ("train", "charlm") or h < 512:
                continue
            ms = statistics.median(p[0][1] for p in pairs)
            rate = gemm_flops(cfg) / (ms / 1e3) / 1e9
            lines.append(f"| {cell} | {mode} | {b} | {t} | {i} | {h} | {layers} | {gemm_flops(cfg) / 1e9:.1f} | {rate:.1f} | "
                         f"{100 * rate / peak:.0f} % | {100 * rate / NOMINAL_PEAK:.0f} % |")
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out + ".tmp", "w") as f:
            f.write(text + "\n")
        os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()
