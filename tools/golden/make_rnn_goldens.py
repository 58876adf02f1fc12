#!/usr/bin/python3
"""PyTorch 1.13 goldens for Recur's recurrent layers and cells (tests/golden/rnn/*.safetensors).

Every case runs nn.RNN (tanh, relu) / nn.LSTM (with and without proj_size) / nn.GRU over
{1, 2 layers} x {one, two directions} x {batch_first or not} x {bias or not} x {with, without lengths}
with non-zero initial states, then backpropagates the symmetry-breaking loss
    L = sum(out * w_out) + sum(h_n * w_h) + sum(c_n * w_c)
with fixed random weights, and stores inputs, parameters, outputs, final states and the gradients of
L with respect to the input, the initial states and every parameter. Lengths go through
pack_padded_sequence(enforce_sorted=False) / pad_packed_sequence(total_length=T). Cells (RNNCell,
LSTMCell, GRUCell) get the same treatment for one step. wide.safetensors holds a few larger cases (WIDE below)
that reach the kernels' row-parallel, fused and blocked paths; their configs name their own sizes.

Each file holds tensors named "<case>/<what>" (what: x, h0, c0, lengths, w_out, w_h, w_c, out, h_n,
c_n, param/<state_dict name>, grad/x, grad/h0, grad/c0, grad/<state_dict name>); its __metadata__
"cases" entry is a JSON list of the case configurations. Run with Debian's python3:
    /usr/bin/python3 tools/golden/make_rnn_goldens.py
"""
import itertools
import json
import os
import struct

import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "rnn")
T, B, I, H, P = 4, 3, 3, 4, 2
LENGTHS = [4, 2, 3]  # unsorted, as Recur allows


def write_safetensors(path, tensors, metadata):
    """A minimal writer for the published safetensors format (u64 header size, JSON header, data)."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, array in tensors.items():
        a = np.ascontiguousarray(array)
        dtype = {np.float32: "F32", np.int64: "I64"}[a.dtype.type]
        data = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
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


def rand(*shape):
    return torch.empty(*shape).uniform_(-1, 1)


# Wider cases for the kernels' other paths: batches past the row-parallel threshold (16 rows), past the
# in-place-A limit (48 rows) and past one GEMM row block (144 rows), with sizes that are not multiples of
# the 8-float vectors, unsorted lengths and both directions. Written to wide.safetensors.
WIDE = [
    # kind, layers, bidirectional, batch_first, bias, lengths, (T, B, I, H, P)
    ("lstm", 2, True, True, True, True, (5, 20, 7, 13, 0)),
    ("lstm_proj", 1, True, False, True, False, (4, 17, 5, 11, 6)),
    ("gru", 2, True, False, True, True, (4, 50, 6, 10, 0)),
    ("gru", 1, False, True, False, False, (6, 20, 9, 12, 0)),
    ("rnn_tanh", 2, False, True, True, False, (5, 50, 8, 9, 0)),
    ("rnn_relu", 1, True, False, True, True, (4, 9, 4, 7, 0)),
    ("lstm", 1, False, False, True, False, (3, 150, 5, 6, 0)),
]


def wide_lengths(batch, steps, seed):
    g = np.random.default_rng(seed)
    lengths = g.integers(1, steps + 1, size=batch)
    lengths[0] = steps  # pad_packed_sequence(total_length=T) needs one full row to keep T steps; any row will do
    g.shuffle(lengths)
    return [int(v) for v in lengths]


def sequence_case(kind, layers, bidirectional, batch_first, bias, with_lengths, seed, sizes=None):
    global T, B, I, H, P, LENGTHS
    saved = (T, B, I, H, P, LENGTHS)
    if sizes is not None:
        T, B, I, H, P = sizes
        LENGTHS = wide_lengths(B, T, seed)
    try:
        return sequence_case_at(kind, layers, bidirectional, batch_first, bias, with_lengths, seed)
    finally:
        T, B, I, H, P, LENGTHS = saved


def sequence_case_at(kind, layers, bidirectional, batch_first, bias, with_lengths, seed):
    torch.manual_seed(seed)
    d = 2 if bidirectional else 1
    proj = P if kind == "lstm_proj" else 0
    hout = proj or H
    if kind.startswith("lstm"):
        m = torch.nn.LSTM(I, H, layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional, proj_size=proj)
    elif kind == "gru":
        m = torch.nn.GRU(I, H, layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
    else:
        m = torch.nn.RNN(I, H, layers, nonlinearity=kind[4:], bias=bias, batch_first=batch_first,
                         bidirectional=bidirectional)
    lstm = kind.startswith("lstm")
    x = rand(B, T, I) if batch_first else rand(T, B, I)
    h0 = rand(d * layers, B, hout)
    c0 = rand(d * layers, B, H) if lstm else None
    w_out = rand(*((B, T) if batch_first else (T, B)), d * hout)
    w_h = rand(d * layers, B, hout)
    w_c = rand(d * layers, B, H) if lstm else None
    x.requires_grad_()
    h0.requires_grad_()
    if lstm:
        c0.requires_grad_()
    state = (h0, c0) if lstm else h0
    if with_lengths:
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=batch_first,
                                                         enforce_sorted=False)
        out, final = m(packed, state)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=batch_first, total_length=T)
    else:
        out, final = m(x, state)
    h_n, c_n = final if lstm else (final, None)
    loss = (out * w_out).sum() + (h_n * w_h).sum()
    if lstm:
        loss = loss + (c_n * w_c).sum()
    loss.backward()
    t = {"x": x, "h0": h0, "w_out": w_out, "w_h": w_h, "out": out, "h_n": h_n, "grad/x": x.grad, "grad/h0": h0.grad}
    if lstm:
        t.update({"c0": c0, "w_c": w_c, "c_n": c_n, "grad/c0": c0.grad})
    if with_lengths:
        t["lengths"] = torch.tensor(LENGTHS, dtype=torch.int64)
    for name, p in m.named_parameters():
        t["param/" + name] = p
        t["grad/" + name] = p.grad
    config = {"kind": kind, "layers": layers, "bidirectional": bidirectional, "batch_first": batch_first,
              "bias": bias, "lengths": with_lengths, "proj_size": proj, "input_size": I, "hidden_size": H}
    return config, {k: v.detach().numpy() for k, v in t.items()}


def cell_case(kind, bias, seed):
    torch.manual_seed(seed)
    if kind == "lstm":
        m = torch.nn.LSTMCell(I, H, bias=bias)
    elif kind == "gru":
        m = torch.nn.GRUCell(I, H, bias=bias)
    else:
        m = torch.nn.RNNCell(I, H, bias=bias, nonlinearity=kind[4:])
    x, h0 = rand(B, I).requires_grad_(), rand(B, H).requires_grad_()
    w_h = rand(B, H)
    t = {}
    if kind == "lstm":
        c0, w_c = rand(B, H).requires_grad_(), rand(B, H)
        h, c = m(x, (h0, c0))
        (h * w_h + c * w_c).sum().backward()
        t.update({"c0": c0, "w_c": w_c, "c_n": c, "grad/c0": c0.grad})
    else:
        h = m(x, h0)
        (h * w_h).sum().backward()
    t.update({"x": x, "h0": h0, "w_h": w_h, "h_n": h, "grad/x": x.grad, "grad/h0": h0.grad})
    for name, p in m.named_parameters():
        t["param/" + name] = p
        t["grad/" + name] = p.grad
    return {"kind": kind, "bias": bias, "input_size": I, "hidden_size": H}, {k: v.detach().numpy() for k, v in t.items()}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    seed = 0
    for kind in ["rnn_tanh", "rnn_relu", "lstm", "lstm_proj", "gru"]:
        tensors, configs = {}, []
        for layers, bidir, bf, bias, lengths in itertools.product([1, 2], [False, True], [False, True], [True, False],
                                                                  [False, True]):
            seed += 1
            config, arrays = sequence_case(kind, layers, bidir, bf, bias, lengths, seed)
            name = f"case{len(configs)}"
            configs.append(dict(config, name=name))
            tensors.update({f"{name}/{k}": v for k, v in arrays.items()})
        write_safetensors(os.path.join(OUT, f"{kind}.safetensors"), tensors,
                          {"cases": json.dumps(configs), "torch": torch.__version__})
    tensors, configs = {}, []
    for kind, bias in itertools.product(["rnn_tanh", "rnn_relu", "lstm", "gru"], [True, False]):
        seed += 1
        config, arrays = cell_case(kind, bias, seed)
        name = f"case{len(configs)}"
        configs.append(dict(config, name=name))
        tensors.update({f"{name}/{k}": v for k, v in arrays.items()})
    write_safetensors(os.path.join(OUT, "cells.safetensors"), tensors, {"cases": json.dumps(configs), "torch": torch.__version__})
    tensors, configs = {}, []
    for kind, layers, bidir, bf, bias, lengths, sizes in WIDE:
        seed += 1
        config, arrays = sequence_case(kind, layers, bidir, bf, bias, lengths, seed, sizes)
        name = f"case{len(configs)}"
        configs.append(dict(config, name=name))
        tensors.update({f"{name}/{k}": v for k, v in arrays.items()})
    write_safetensors(os.path.join(OUT, "wide.safetensors"), tensors, {"cases": json.dumps(configs), "torch": torch.__version__})
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
