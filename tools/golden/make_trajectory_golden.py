#!/usr/bin/python3
"""Loss-trajectory golden: 10 Adam steps (lr 0.01) of a tiny character language model in PyTorch 1.13:
Embedding(12, 8) -> LSTM(8, 16, batch_first) -> Linear(16, 12), cross-entropy over every position,
clip_grad_norm_(1.0) before each step. Writes tests/golden/training/charlm_trajectory.safetensors with
the initial parameters, the token batches and the 10 losses. Run with Debian's python3:
    /usr/bin/python3 tools/golden/make_trajectory_golden.py
"""
import json
import os
import struct

import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "training", "charlm_trajectory.safetensors")
V, E, H, B, T, STEPS = 12, 8, 16, 4, 10, 10


def write_safetensors(path, tensors, metadata):
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, a in tensors.items():
        a = np.ascontiguousarray(a)
        dtype = {np.float32: "F32", np.int64: "I64"}[a.dtype.type]
        data = a.tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    os.replace(path + ".tmp", path)


class CharLm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(V, E)
        self.lstm = torch.nn.LSTM(E, H, batch_first=True)
        self.linear = torch.nn.Linear(H, V)

    def forward(self, x):
        out, _ = self.lstm(self.embedding(x))
        return self.linear(out)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = CharLm()
    tensors = {"param/" + k: v.detach().numpy().copy() for k, v in model.state_dict().items()}
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    stream = torch.randint(0, V, (STEPS, B, T + 1))
    losses = []
    for s in range(STEPS):
        x, y = stream[s, :, :-1], stream[s, :, 1:]
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x).reshape(-1, V), y.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(loss.item())
    tensors["tokens"] = stream.numpy().astype(np.int64)
    tensors["losses"] = np.array(losses, dtype=np.float32)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    write_safetensors(OUT, tensors, {"torch": torch.__version__, "lr": "0.01", "clip": "1.0"})
    print("losses", losses)


if __name__ == "__main__":
    main()
