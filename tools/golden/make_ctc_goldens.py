#!/usr/bin/python3
"""PyTorch 1.13 goldens for Recur.Losses.CtcLoss (tests/golden/ctc/ctc.safetensors).

Each case draws logits [B, T, C], takes log_probs = log_softmax(logits, -1), permutes to torch's [T, B, C]
and evaluates nn.CTCLoss(blank, reduction, zero_infinity) with per-sample input and target lengths
(targets concatenated). Reduced losses are backpropagated directly, unreduced ones through sum(loss * w)
with fixed random w. Stored per case "<case>/<what>": logits [B, T, C], targets (I64, concatenated),
input_lengths, target_lengths (I64), w (none only), loss, grad/logits (through log_softmax) and
grad/log_probs (torch's own gradient w.r.t. log_probs, [B, T, C]; torch's kernel adds exp(log_probs) to
the true derivative for t < T_b, which cancels behind log_softmax). Cases cover repeated labels (which
need a blank between), varied lengths, an empty target, a non-zero blank, all reductions and
zero_infinity with an impossible alignment. Run: /usr/bin/python3 tools/golden/make_ctc_goldens.py
"""
import json
import os

import torch

from safetensors_out import save

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "ctc", "ctc.safetensors")


def main():
    torch.manual_seed(2024)
    tensors, configs = {}, []

    def put(case, what, t):
        a = t.detach().numpy() if torch.is_tensor(t) else t
        tensors[f"{case}/{what}"] = a

    cases = [
        # name, T, C, targets per sample, input lengths, blank, reduction, zero_infinity
        ("basic_mean", 12, 5, [[1, 2, 3], [4, 1], [2, 2, 3, 4]], [12, 10, 9], 0, "mean", False),
        ("repeats_mean", 10, 4, [[1, 1, 2, 2], [3, 3, 3], [1]], [10, 8, 6], 0, "mean", False),
        ("varied_sum", 15, 6, [[5, 4, 3, 2, 1], [1], [2, 3], [4, 4]], [15, 7, 11, 5], 0, "sum", False),
        ("none_weighted", 9, 5, [[1, 2], [3, 3], [4]], [9, 9, 4], 0, "none", False),
        ("empty_target", 6, 3, [[], [1, 2], [2]], [6, 5, 3], 0, "mean", False),
        ("blank_last", 11, 5, [[0, 1, 2], [3, 0, 0]], [11, 9], 4, "mean", False),
        ("exact_fit", 5, 4, [[1, 2, 3], [1, 1]], [5, 3], 0, "none", False),
        ("zero_infinity", 8, 4, [[1, 2, 3], [1, 1, 1, 1, 2]], [8, 6], 0, "mean", True),
        ("long", 40, 11, [[3, 1, 4, 1, 5], [9, 2, 6], [5, 3, 5, 8, 9]], [40, 31, 25], 0, "mean", False),
    ]
    for name, t, c, targets, input_lengths, blank, reduction, zero_inf in cases:
        b = len(targets)
        logits = (torch.randn(b, t, c) * 2).requires_grad_()
        log_probs = logits.log_softmax(-1)
        log_probs.retain_grad()
        flat = torch.tensor([x for seq in targets for x in seq], dtype=torch.long)
        target_lengths = torch.tensor([len(s) for s in targets], dtype=torch.long)
        lengths = torch.tensor(input_lengths, dtype=torch.long)
        loss_fn = torch.nn.CTCLoss(blank=blank, reduction=reduction, zero_infinity=zero_inf)
        loss = loss_fn(log_probs.transpose(0, 1), flat, lengths, target_lengths)
        if reduction == "none":
            w = torch.rand(b) * 2 - 1
            put(name, "w", w)
            (loss * w).sum().backward()
        else:
            loss.backward()
        put(name, "logits", logits)
        put(name, "targets", flat.numpy())
        put(name, "input_lengths", lengths.numpy())
        put(name, "target_lengths", target_lengths.numpy())
        put(name, "loss", loss)
        put(name, "grad/logits", logits.grad)
        put(name, "grad/log_probs", log_probs.grad)
        configs.append(dict(name=name, blank=blank, reduction=reduction, zero_infinity=zero_inf))
    save(OUT, tensors, {"cases": json.dumps(configs)})
    print(f"wrote {OUT}: {len(configs)} cases")


if __name__ == "__main__":
    main()
