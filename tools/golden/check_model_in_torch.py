#!/usr/bin/python3
"""Checks that a Recur model file is a PyTorch state_dict: loads its tensors into the nn.RNN/LSTM/GRU its
config describes (load_state_dict, strict), runs both that module and `recur run` on the same random
input and prints the max difference.

    /usr/bin/python3 tools/golden/check_model_in_torch.py MODEL.safetensors
    /usr/bin/python3 tools/golden/check_model_in_torch.py --demo   # makes a model with recur first
"""
import json
import os
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    dtypes = {"F32": np.float32, "F64": np.float64, "I32": np.int32, "I64": np.int64}
    tensors = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[b:end], dtype=dtypes[e["dtype"]]).reshape(e["shape"]).copy())
    return tensors, meta


def check(path, work):
    state, meta = read_safetensors(path)
    c = json.loads(meta["recur.config"])
    args = dict(num_layers=c["num_layers"], bias=c["bias"], batch_first=c["batch_first"], bidirectional=c["bidirectional"])
    if c["kind"] == "lstm":
        m = torch.nn.LSTM(c["input_size"], c["hidden_size"], proj_size=c["proj_size"], **args)
    elif c["kind"] == "gru":
        m = torch.nn.GRU(c["input_size"], c["hidden_size"], **args)
    else:
        m = torch.nn.RNN(c["input_size"], c["hidden_size"], nonlinearity=c["nonlinearity"], **args)
    m.load_state_dict(state, strict=True)
    m.eval()
    x = torch.randn(7, 3, c["input_size"])
    np.save(os.path.join(work, "x.npy"), x.numpy())
    subprocess.run([os.path.join(ROOT, "recur"), "run", "--model", path, "--input", os.path.join(work, "x.npy"),
                    "--output", os.path.join(work, "y.npy")], check=True, capture_output=True)
    with torch.no_grad():
        y = m(x)[0].numpy()
    diff = np.abs(np.load(os.path.join(work, "y.npy")) - y).max()
    print(f"{path}: loaded into torch.nn.{type(m).__name__} (strict); max |recur - torch| = {diff:.3g}")
    return diff < 1e-5


def main():
    with tempfile.TemporaryDirectory() as work:
        if sys.argv[1:] == ["--demo"]:
            ok = True
            for kind, extra in [("lstm", ["--proj-size", "3"]), ("gru", []), ("rnn", ["--nonlinearity", "relu"])]:
                torch.manual_seed(0)
                if kind == "lstm":
                    ref = torch.nn.LSTM(5, 6, num_layers=2, bidirectional=True, proj_size=3)
                elif kind == "gru":
                    ref = torch.nn.GRU(5, 6, num_layers=2, bidirectional=True)
                else:
                    ref = torch.nn.RNN(5, 6, num_layers=2, bidirectional=True, nonlinearity="relu")
                sd = os.path.join(work, "sd.safetensors")
                write_state_dict(sd, ref.state_dict())
                model = os.path.join(work, kind + ".safetensors")
                subprocess.run([os.path.join(ROOT, "recur"), "import", "torch", "--kind", kind, "--input-size", "5",
                                "--hidden-size", "6", "--num-layers", "2", "--bidirectional", "--weights", sd,
                                "--out", model] + extra, check=True, capture_output=True)
                ok &= check(model, work)
            sys.exit(0 if ok else 1)
        sys.exit(0 if all(check(p, work) for p in sys.argv[1:]) else 1)


def write_state_dict(path, sd):
    header, blobs, offset = {}, [], 0
    for name, t in sd.items():
        data = t.detach().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


if __name__ == "__main__":
    main()
