#!/usr/bin/python3
"""PyTorch 1.13 goldens for Recur.Optim (tests/golden/optim/optim.safetensors).

Optimizers: each case builds two parameters (shapes [2, 3] and [4]), replays five fixed gradients
(a mask can withhold a gradient, which PyTorch skips) and stores the parameters after every step.
Schedules: the learning rate after construction and after each of 15 scheduler steps (plateau cases
also store the metric sequence). Clipping: gradients before and after clip_grad_norm_ (p = 1, 2, inf)
and clip_grad_value_, with the returned total norm. CosineWithWarmup is Recur's own schedule; its
golden uses LambdaLR with the formula documented in src/Recur/Optim/CosineWithWarmup.cs.
Tensor names are "<case>/<what>"; __metadata__["cases"] is JSON {"optimizers", "schedules", "clips"}.
Run with Debian's python3:  /usr/bin/python3 tools/golden/make_optim_goldens.py
"""
import json
import math
import os
import struct

import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "optim", "optim.safetensors")
SHAPES = [(2, 3), (4,)]
STEPS = 5


def write_safetensors(path, tensors, metadata):
    """A minimal writer for the published safetensors format (u64 header size, JSON header, data)."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, array in tensors.items():
        a = np.ascontiguousarray(array, dtype=np.float32)
        data = a.astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    os.replace(tmp, path)


def make_optimizer(kind, params, o):
    if kind == "sgd":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o.get("momentum", 0), dampening=o.get("dampening", 0),
                               weight_decay=o.get("weightDecay", 0), nesterov=o.get("nesterov", False))
    if kind in ("adam", "adamw"):
        cls = torch.optim.Adam if kind == "adam" else torch.optim.AdamW
        extra = {} if "weightDecay" not in o else {"weight_decay": o["weightDecay"]}
        return cls(params, lr=o["lr"], betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)), eps=o.get("eps", 1e-8),
                   amsgrad=o.get("amsgrad", False), foreach=False, **extra)
    if kind == "rmsprop":
        return torch.optim.RMSprop(params, lr=o["lr"], alpha=o.get("alpha", 0.99), eps=o.get("eps", 1e-8),
                                   weight_decay=o.get("weightDecay", 0), momentum=o.get("momentum", 0),
                                   centered=o.get("centered", False), foreach=False)
    if kind == "adagrad":
        return torch.optim.Adagrad(params, lr=o["lr"], lr_decay=o.get("lrDecay", 0), weight_decay=o.get("weightDecay", 0),
                                   initial_accumulator_value=o.get("initialAccumulatorValue", 0),
                                   eps=o.get("eps", 1e-10), foreach=False)
    raise ValueError(kind)


OPTIMIZER_CASES = [
    ("sgd_plain", "sgd", {"lr": 0.1}),
    ("sgd_momentum", "sgd", {"lr": 0.1, "momentum": 0.9}),
    ("sgd_dampening_wd", "sgd", {"lr": 0.05, "momentum": 0.8, "dampening": 0.5, "weightDecay": 0.01}),
    ("sgd_nesterov_wd", "sgd", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weightDecay": 0.1}),
    ("sgd_momentum_skip", "sgd", {"lr": 0.1, "momentum": 0.9}, True),
    ("adam_default", "adam", {"lr": 0.01}),
    ("adam_betas_wd", "adam", {"lr": 0.02, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "weightDecay": 0.1}),
    ("adam_amsgrad", "adam", {"lr": 0.01, "amsgrad": True}),
    ("adam_skip", "adam", {"lr": 0.01}, True),
    ("adamw_default", "adamw", {"lr": 0.01}),
    ("adamw_wd_amsgrad", "adamw", {"lr": 0.02, "weightDecay": 0.1, "amsgrad": True, "beta2": 0.99}),
    ("rmsprop_default", "rmsprop", {"lr": 0.01}),
    ("rmsprop_centered_momentum_wd", "rmsprop", {"lr": 0.01, "momentum": 0.9, "centered": True, "weightDecay": 0.1}),
    ("rmsprop_alpha_momentum", "rmsprop", {"lr": 0.005, "alpha": 0.9, "momentum": 0.5, "eps": 1e-6}),
    ("adagrad_default", "adagrad", {"lr": 0.1}),
    ("adagrad_decay_wd_init", "adagrad", {"lr": 0.1, "lrDecay": 0.1, "weightDecay": 0.1,
                                          "initialAccumulatorValue": 0.5, "eps": 1e-8}),
]


def optimizer_case(tensors, index, case):
    name, kind, options = case[0], case[1], case[2]
    skip = len(case) > 3 and case[3]
    g = torch.Generator().manual_seed(1000 + index)
    params = [(torch.rand(*s, generator=g) * 2 - 1).requires_grad_() for s in SHAPES]
    grads = [torch.randn(STEPS, *s, generator=g) for s in SHAPES]
    mask = np.ones((STEPS, len(SHAPES)), dtype=np.float32)
    if skip:
        mask[1, 1] = 0  # the second parameter has no gradient at step 2
        mask[3, 0] = 0  # the first has none at step 4
    for k, p in enumerate(params):
        tensors[f"{name}/p{k}/init"] = p.detach().numpy().copy()
        tensors[f"{name}/p{k}/grads"] = grads[k].numpy()
    opt = make_optimizer(kind, params, options)
    after = [np.zeros((STEPS,) + s, dtype=np.float32) for s in SHAPES]
    for t in range(STEPS):
        for k, p in enumerate(params):
            p.grad = grads[k][t].clone() if mask[t, k] else None
        opt.step()
        for k, p in enumerate(params):
            after[k][t] = p.detach().numpy()
    for k in range(len(SHAPES)):
        tensors[f"{name}/p{k}/after"] = after[k]
    tensors[f"{name}/mask"] = mask
    return {"name": name, "type": kind, "options": options}


def cosine_with_warmup(warmup, total, base_lr, min_lr):
    def factor(e):
        if e < warmup:
            return e / warmup
        if e > total:
            return min_lr / base_lr
        return (min_lr + (base_lr - min_lr) * 0.5 * (1 + math.cos(math.pi * (e - warmup) / (total - warmup)))) / base_lr
    return factor


SCHEDULE_CASES = [
    ("step_lr", "step", {"lr": 0.1, "stepSize": 4, "gamma": 0.5}, None),
    ("step_lr_default_gamma", "step", {"lr": 0.2, "stepSize": 3}, None),
    ("exponential_lr", "exponential", {"lr": 0.1, "gamma": 0.9}, None),
    ("cosine_warmup", "cosine", {"lr": 0.1, "warmupSteps": 3, "totalSteps": 12, "minLr": 0.01}, None),
    ("cosine_no_warmup", "cosine", {"lr": 0.05, "warmupSteps": 0, "totalSteps": 10}, None),
    ("plateau_min", "plateau", {"lr": 0.1, "mode": "min", "factor": 0.5, "patience": 2, "cooldown": 1},
     [1.0, 0.9, 0.95, 0.92, 0.91, 0.85, 0.86, 0.87, 0.88, 0.89, 0.84, 0.8399, 0.84, 0.9, 0.95]),
    ("plateau_max_abs_minlr", "plateau", {"lr": 0.1, "mode": "max", "factor": 0.3, "patience": 1,
                                          "threshold": 0.05, "thresholdMode": "abs", "minLr": 0.005},
     [0.5, 0.52, 0.6, 0.61, 0.63, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.8, 0.8, 0.8]),
    ("plateau_default", "plateau", {"lr": 0.01},
     [5.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 3.9999, 4.0]),
]


def schedule_case(tensors, case):
    name, kind, o, metrics = case
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=o["lr"])
    if kind == "step":
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=o["stepSize"], gamma=o.get("gamma", 0.1))
    elif kind == "exponential":
        sched = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=o["gamma"])
    elif kind == "cosine":
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, cosine_with_warmup(o["warmupSteps"], o["totalSteps"], o["lr"], o.get("minLr", 0.0)))
    else:
        sched = torch.optim.lr_scheduler.ReduceLROnPlateau(
            opt, mode=o.get("mode", "min"), factor=o.get("factor", 0.1), patience=o.get("patience", 10),
            threshold=o.get("threshold", 1e-4), threshold_mode=o.get("thresholdMode", "rel"),
            cooldown=o.get("cooldown", 0), min_lr=o.get("minLr", 0))
    lrs = [opt.param_groups[0]["lr"]]
    for e in range(15):
        p.grad = torch.zeros(1)
        opt.step()
        if metrics is None:
            sched.step()
        else:
            sched.step(metrics[e])
        lrs.append(opt.param_groups[0]["lr"])
    tensors[f"{name}/lrs"] = np.array(lrs, dtype=np.float32)
    if metrics is not None:
        tensors[f"{name}/metrics"] = np.array(metrics, dtype=np.float32)
    return {"name": name, "type": kind, "options": o}


CLIP_CASES = [
    ("norm2_clipped", "norm", {"maxNorm": 1.0, "normType": 2.0}),
    ("norm2_unclipped", "norm", {"maxNorm": 100.0, "normType": 2.0}),
    ("norm1_clipped", "norm", {"maxNorm": 0.5, "normType": 1.0}),
    ("norminf_clipped", "norm", {"maxNorm": 0.25, "normType": "inf"}),
    ("value", "value", {"clipValue": 0.3}),
]


def clip_case(tensors, index, case):
    name, kind, o = case
    g = torch.Generator().manual_seed(2000 + index)
    params = [torch.zeros(*s, requires_grad=True) for s in SHAPES]
    for k, p in enumerate(params):
        p.grad = torch.randn(*SHAPES[k], generator=g)
        tensors[f"{name}/g{k}"] = p.grad.numpy().copy()
    if kind == "norm":
        norm_type = float("inf") if o["normType"] == "inf" else o["normType"]
        total = torch.nn.utils.clip_grad_norm_(params, o["maxNorm"], norm_type=norm_type)
        tensors[f"{name}/total_norm"] = np.array([float(total)], dtype=np.float32)
    else:
        torch.nn.utils.clip_grad_value_(params, o["clipValue"])
    for k, p in enumerate(params):
        tensors[f"{name}/clipped{k}"] = p.grad.numpy().copy()
    return {"name": name, "type": kind, "options": o}


def main():
    tensors = {}
    meta = {
        "optimizers": [optimizer_case(tensors, i, c) for i, c in enumerate(OPTIMIZER_CASES)],
        "schedules": [schedule_case(tensors, c) for c in SCHEDULE_CASES],
        "clips": [clip_case(tensors, i, c) for i, c in enumerate(CLIP_CASES)],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    write_safetensors(OUT, tensors, {"cases": json.dumps(meta), "torch": torch.__version__})
    print(f"wrote {len(tensors)} tensors to {OUT} ({os.path.getsize(OUT)} bytes)")


if __name__ == "__main__":
    main()
