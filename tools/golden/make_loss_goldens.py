#!/usr/bin/python3
"""PyTorch 1.13 goldens for Recur.Losses (tests/golden/losses/losses.safetensors).

Each case evaluates one torch loss (MSELoss, L1Loss, HuberLoss, CrossEntropyLoss, BCEWithLogitsLoss)
on small random inputs and backpropagates: a reduced loss directly, an unreduced one through the
symmetry-breaking sum(loss * w) with fixed random w. Tensors are named "<case>/<what>" with what in
input, target, mask, pos_weight, w, loss, grad/input, grad/target, grad/pos_weight. Class-index
targets are stored as I64, everything else as F32. Recur puts the class axis last ([N, T, C]), so
sequence cases permute to torch's [N, C, T]; the masked sequence case is torch's per-position loss
(reduction='none' over N*T rows) followed by a masked sum or mean. The __metadata__ entry "cases" is a
JSON list of the case configurations. Run with Debian's python3:
    /usr/bin/python3 tools/golden/make_loss_goldens.py
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "losses", "losses.safetensors")
DTYPES = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}


def save_safetensors(path, tensors, metadata):
    """Writes the safetensors layout: u64 little-endian header length, JSON header padded with
    spaces to a multiple of 8, then each tensor's little-endian bytes in header order."""
    entries, chunks, position = {}, [], 0
    for name, value in tensors.items():
        array = np.array(value, order="C")  # not ascontiguousarray: it turns a 0-d array into shape [1]
        raw = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        entries[name] = {"dtype": DTYPES[array.dtype], "shape": list(array.shape),
                         "data_offsets": [position, position + len(raw)]}
        chunks.append(raw)
        position += len(raw)
    entries["__metadata__"] = metadata
    header = json.dumps(entries, separators=(",", ":")).encode("utf-8")
    header += b" " * (-len(header) % 8)
    with open(path + ".partial", "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header)
        for raw in chunks:
            f.write(raw)
    os.replace(path + ".partial", path)


def uniform(*shape, scale=1.0):
    return (torch.rand(*shape) * 2 - 1) * scale


class Cases:
    def __init__(self):
        self.tensors, self.configs = {}, []

    def put(self, case, what, value):
        array = value.detach().numpy() if torch.is_tensor(value) else np.asarray(value)
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        self.tensors[f"{case}/{what}"] = array

    def run(self, config, fn, tensors):
        """fn(**tensors) -> loss; grads are taken for the float tensors that require grad."""
        name = config["name"]
        loss = fn(**tensors)
        if loss.dim() == 0:
            loss.backward()
        else:
            w = uniform(*loss.shape)
            self.put(name, "w", w)
            (loss * w).sum().backward()
        self.put(name, "loss", loss)
        for what, t in tensors.items():
            if t is None:
                continue
            self.put(name, what, t)
            if t.requires_grad:
                self.put(name, "grad/" + what, t.grad)
        self.configs.append(config)


def regression_cases(cases):
    for loss, make in (("mse", lambda r, d: torch.nn.MSELoss(reduction=r)),
                       ("mae", lambda r, d: torch.nn.L1Loss(reduction=r)),
                       ("huber", lambda r, d: torch.nn.HuberLoss(reduction=r, delta=d))):
        for delta in ((1.0, 0.5) if loss == "huber" else (1.0,)):
            for reduction in ("mean", "sum", "none"):
                x = uniform(3, 4, scale=2).requires_grad_()
                y = uniform(3, 4, scale=2)
                with torch.no_grad():
                    y[0, 0] = x[0, 0]  # a zero difference: MAE's sign(0) = 0
                y.requires_grad_()
                m = make(reduction, delta)
                name = f"{loss}_{reduction}" + (f"_delta{delta}" if loss == "huber" else "")
                cases.run({"name": name, "loss": loss, "reduction": reduction, "delta": delta,
                           "description": f"{type(m).__name__}(reduction='{reduction}'" +
                                          (f", delta={delta})" if loss == "huber" else ")") + " on [3, 4]"},
                          lambda input, target: m(input, target), {"input": x, "target": y})


def cross_entropy_index_cases(cases):
    configs = [
        ("ce_index", (5, 4), -100, 0.0, [0, 3, 1, 2, 3]),
        ("ce_index_ignore", (6, 4), 2, 0.0, [0, 2, 1, 3, 2, 0]),
        ("ce_index_smooth", (5, 4), -100, 0.1, [0, 3, 1, 2, 3]),
        ("ce_index_ignore_smooth", (6, 4), -1, 0.2, [0, -1, 1, 3, -1, 0]),
        ("ce_seq", (2, 3, 5), -100, 0.0, [[0, 4, 1], [2, 3, 4]]),
        ("ce_seq_ignore_smooth", (2, 3, 5), 0, 0.15, [[0, 4, 1], [2, 0, 4]]),
    ]
    for base, shape, ignore, smoothing, targets in configs:
        for reduction in ("mean", "sum", "none"):
            x = uniform(*shape, scale=3).requires_grad_()
            t = torch.tensor(targets, dtype=torch.int64)
            m = torch.nn.CrossEntropyLoss(ignore_index=ignore, label_smoothing=smoothing, reduction=reduction)

            def fn(input, target, m=m):
                return m(input.permute(0, 2, 1), target) if input.dim() == 3 else m(input, target)

            cases.run({"name": f"{base}_{reduction}", "loss": "cross_entropy", "targets": "index",
                       "reduction": reduction, "ignore_index": ignore, "label_smoothing": smoothing,
                       "description": f"CrossEntropyLoss(ignore_index={ignore}, label_smoothing={smoothing}, "
                                      f"reduction='{reduction}'), logits {list(shape)} (class axis last)"},
                      fn, {"input": x, "target": t})


def cross_entropy_probability_cases(cases):
    for base, shape, smoothing in (("ce_prob", (5, 4), 0.0), ("ce_prob_smooth", (5, 4), 0.1),
                                   ("ce_prob_seq", (2, 3, 4), 0.0)):
        for reduction in ("mean", "sum", "none"):
            x = uniform(*shape, scale=3).requires_grad_()
            q = torch.softmax(uniform(*shape, scale=2), dim=-1).requires_grad_()
            m = torch.nn.CrossEntropyLoss(label_smoothing=smoothing, reduction=reduction)

            def fn(input, target, m=m):
                if input.dim() == 3:
                    return m(input.permute(0, 2, 1), target.permute(0, 2, 1))
                return m(input, target)

            cases.run({"name": f"{base}_{reduction}", "loss": "cross_entropy", "targets": "probability",
                       "reduction": reduction, "ignore_index": -100, "label_smoothing": smoothing,
                       "description": f"CrossEntropyLoss(label_smoothing={smoothing}, reduction='{reduction}') "
                                      f"with probability targets, logits {list(shape)} (class axis last)"},
                      fn, {"input": x, "target": q})


def masked_sequence_cases(cases):
    n, t, c = 3, 4, 5
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 0, 0], [1, 0, 0, 0]], dtype=torch.float32)
    for smoothing in (0.0, 0.1):
        for reduction in ("mean", "sum", "none"):
            x = uniform(n, t, c, scale=3).requires_grad_()
            targets = torch.randint(0, c, (n, t))

            def fn(input, target, mask, smoothing=smoothing, reduction=reduction):
                per = F.cross_entropy(input.reshape(n * t, c), target.reshape(n * t), reduction="none",
                                      label_smoothing=smoothing).reshape(n, t) * mask
                if reduction == "none":
                    return per
                return per.sum() / mask.sum() if reduction == "mean" else per.sum()

            cases.run({"name": f"ce_masked_smooth{smoothing}_{reduction}", "loss": "cross_entropy",
                       "targets": "index", "reduction": reduction, "ignore_index": -100,
                       "label_smoothing": smoothing,
                       "description": f"cross_entropy(reduction='none', label_smoothing={smoothing}) over "
                                      f"[N*T] = [{n * t}] rows, times a 0/1 mask [N, T], then {reduction} "
                                      f"(mean: over unmasked positions)"},
                      fn, {"input": x, "target": targets, "mask": mask})


def bce_cases(cases):
    for with_weight in (False, True):
        for reduction in ("mean", "sum", "none"):
            x = uniform(3, 4, scale=4)
            with torch.no_grad():
                x[0, 0], x[1, 1] = 40.0, -40.0  # far out: the stable formula must not overflow
            x.requires_grad_()
            y = torch.tensor([[1, 0, 1, 0], [0, 1, 0.3, 1], [0.7, 0, 1, 1]], dtype=torch.float32).requires_grad_()
            pw = torch.tensor([0.5, 2.0, 1.0, 3.0]) if with_weight else None  # torch 1.13 has no pos_weight grad
            name = f"bce_{'posweight_' if with_weight else ''}{reduction}"

            def fn(input, target, pos_weight, reduction=reduction):
                return F.binary_cross_entropy_with_logits(input, target, reduction=reduction, pos_weight=pos_weight)

            cases.run({"name": name, "loss": "bce_with_logits", "reduction": reduction, "pos_weight": with_weight,
                       "description": f"BCEWithLogitsLoss(reduction='{reduction}'"
                                      f"{', pos_weight=[0.5, 2, 1, 3]' if with_weight else ''}) on [3, 4], logits up to +-40"},
                      fn, {"input": x, "target": y, "pos_weight": pw})


def main():
    torch.manual_seed(2024)
    cases = Cases()
    regression_cases(cases)
    cross_entropy_index_cases(cases)
    cross_entropy_probability_cases(cases)
    masked_sequence_cases(cases)
    bce_cases(cases)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    save_safetensors(OUT, cases.tensors, {"cases": json.dumps(cases.configs), "torch": torch.__version__})
    print(f"{len(cases.configs)} cases, {len(cases.tensors)} tensors -> {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
