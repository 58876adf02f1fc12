#!/usr/bin/python3
"""PyTorch 1.13 goldens for Recur's Conv1d, MaxPool1d and AvgPool1d (tests/golden/conv/conv.safetensors).

Each case runs torch.nn.functional.conv1d / max_pool1d / avg_pool1d (count_include_pad=True) on random
inputs and backpropagates the symmetry-breaking sum(y * w) with fixed random w. Tensors are named
"<case>/<what>": x, weight, bias, w, y, grad/x, grad/weight, grad/bias (all F32). The __metadata__ entry
"cases" is a JSON list of the configurations. Run: /usr/bin/python3 tools/golden/make_conv_goldens.py
"""
import json
import os

import torch
import torch.nn.functional as F

from safetensors_out import save

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "conv", "conv.safetensors")


def main():
    torch.manual_seed(1234)
    tensors, configs = {}, []

    def put(case, what, t):
        tensors[f"{case}/{what}"] = t.detach().numpy().astype("float32")

    conv_cases = [
        # name, B, Cin, T, Cout, K, stride, padding, dilation, bias
        ("conv_basic", 2, 3, 10, 4, 3, 1, 0, 1, True),
        ("conv_pad_same", 2, 5, 12, 6, 5, 1, 2, 1, True),
        ("conv_stride2", 3, 4, 15, 2, 3, 2, 1, 1, True),
        ("conv_dilation2", 2, 3, 16, 5, 3, 1, 2, 2, True),
        ("conv_stride3_dil2_nobias", 1, 2, 20, 3, 4, 3, 3, 2, False),
        ("conv_kernel1", 2, 7, 6, 3, 1, 1, 0, 1, True),
        ("conv_wide", 2, 13, 30, 16, 7, 2, 3, 1, True),
    ]
    for name, b, cin, t, cout, k, s, p, d, has_bias in conv_cases:
        x = torch.randn(b, cin, t, requires_grad=True)
        weight = (torch.rand(cout, cin, k) * 2 - 1).requires_grad_()
        bias = (torch.rand(cout) * 2 - 1).requires_grad_() if has_bias else None
        y = F.conv1d(x, weight, bias, stride=s, padding=p, dilation=d)
        w = torch.rand(*y.shape) * 2 - 1
        (y * w).sum().backward()
        for what, v in [("x", x), ("weight", weight), ("w", w), ("y", y), ("grad/x", x.grad), ("grad/weight", weight.grad)]:
            put(name, what, v)
        if has_bias:
            put(name, "bias", bias)
            put(name, "grad/bias", bias.grad)
        configs.append(dict(name=name, op="conv1d", stride=s, padding=p, dilation=d, bias=has_bias))

    pool_cases = [
        # name, op, B, C, T, kernel, stride, padding
        ("max_k2", "max", 2, 3, 10, 2, 2, 0),
        ("max_k3_s1_p1", "max", 2, 4, 9, 3, 1, 1),
        ("max_k4_s3_p2", "max", 1, 2, 13, 4, 3, 2),
        ("avg_k2", "avg", 2, 3, 11, 2, 2, 0),
        ("avg_k3_s1_p1", "avg", 2, 4, 9, 3, 1, 1),
        ("avg_k5_s2_p2", "avg", 1, 3, 14, 5, 2, 2),
    ]
    for name, op, b, c, t, k, s, p in pool_cases:
        x = torch.randn(b, c, t, requires_grad=True)
        if op == "max":
            y = F.max_pool1d(x, k, s, p)
        else:
            y = F.avg_pool1d(x, k, s, p, count_include_pad=True)
        w = torch.rand(*y.shape) * 2 - 1
        (y * w).sum().backward()
        for what, v in [("x", x), ("w", w), ("y", y), ("grad/x", x.grad)]:
            put(name, what, v)
        configs.append(dict(name=name, op=op + "_pool1d", kernel=k, stride=s, padding=p))

    save(OUT, tensors, {"cases": json.dumps(configs)})
    print(f"wrote {OUT}: {len(configs)} cases")


if __name__ == "__main__":
    main()
