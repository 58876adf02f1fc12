#!/usr/bin/python3
"""PyTorch 1.13 goldens for Recur's NeuralTuringMachine and Softplus (tests/golden/layers/ntm.safetensors).

The same machine built from torch modules with Recur's parameter names: "controller" (nn.LSTMCell over
[x_t | r]), "read_head" (Linear H -> M + 6), "write_head" (Linear H -> 3M + 6), "output" (Linear H + M -> O);
addressing as in Graves et al. 2014 (cosine content with norms sqrt(v.v + 1e-8), softplus strength, sigmoid
gate, softmax over shifts -1/0/+1 applied circularly, sharpening (w + 1e-8)^gamma normalised, as a softmax of gamma log(w + 1e-8), with gamma = 1 + softplus),
read before write, erase (sigmoid) and add (tanh), memory starting at 1e-6 and both weightings on slot 0.
The loss L = sum(outputs * w_out) + sum(final memory * w_mem) is backpropagated; each case stores x, w_out,
w_mem, every parameter, the outputs, the final memory and read weights, and the gradients of L with respect
to x and every parameter. Run with Debian's python3:
    /usr/bin/python3 tools/golden/make_ntm_goldens.py
"""
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from make_rnn_goldens import write_safetensors  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "layers")
EPS = 1e-8


def address(memory, key, beta, gate, shift, gamma, previous):
    dot = torch.bmm(memory, key.unsqueeze(2)).squeeze(2)
    memory_norm = torch.sqrt((memory * memory).sum(2) + EPS)
    key_norm = torch.sqrt((key * key).sum(1, keepdim=True) + EPS)
    content = torch.softmax(beta * (dot / (memory_norm * key_norm)), dim=1)
    gated = gate * content + (1 - gate) * previous
    shifted = shift[:, 0:1] * torch.roll(gated, -1, 1) + shift[:, 1:2] * gated + shift[:, 2:3] * torch.roll(gated, 1, 1)
    return torch.softmax(gamma * torch.log(shifted + EPS), dim=1)


class Ntm(torch.nn.Module):
    def __init__(self, i, o, h, n, m):
        super().__init__()
        self.n, self.m = n, m
        self.controller = torch.nn.LSTMCell(i + m, h)
        self.read_head = torch.nn.Linear(h, m + 6)
        self.write_head = torch.nn.Linear(h, 3 * m + 6)
        self.output = torch.nn.Linear(h + m, o)

    def head(self, p, memory, previous):
        m = self.m
        return address(memory, p[:, :m], F.softplus(p[:, m:m + 1]), torch.sigmoid(p[:, m + 1:m + 2]),
                       torch.softmax(p[:, m + 2:m + 5], dim=1), 1 + F.softplus(p[:, m + 5:m + 6]), previous)

    def forward(self, x):
        b, t, _ = x.shape
        n, m, h_size = self.n, self.m, self.controller.hidden_size
        memory = torch.full((b, n, m), 1e-6)
        read = torch.zeros(b, m)
        read_w = torch.zeros(b, n)
        read_w[:, 0] = 1
        write_w = read_w.clone()
        h, c = torch.zeros(b, h_size), torch.zeros(b, h_size)
        outputs = []
        for i in range(t):
            h, c = self.controller(torch.cat([x[:, i], read], 1), (h, c))
            read_w = self.head(self.read_head(h), memory, read_w)
            read = torch.bmm(read_w.unsqueeze(1), memory).squeeze(1)
            wp = self.write_head(h)
            write_w = self.head(wp, memory, write_w)
            erase = torch.sigmoid(wp[:, m + 6:2 * m + 6]).unsqueeze(1)
            add = torch.tanh(wp[:, 2 * m + 6:3 * m + 6]).unsqueeze(1)
            column = write_w.unsqueeze(2)
            memory = memory * (1 - torch.bmm(column, erase)) + torch.bmm(column, add)
            outputs.append(self.output(torch.cat([h, read], 1)))
        return torch.stack(outputs, 1), memory, read_w


CASES = [dict(I=3, O=2, H=5, N=6, M=4, B=2, T=4), dict(I=2, O=3, H=4, N=3, M=2, B=3, T=6)]


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    tensors, configs = {}, []
    for i, c in enumerate(CASES):
        torch.manual_seed(200 + i)
        model = Ntm(c["I"], c["O"], c["H"], c["N"], c["M"])
        # Larger head weights than the default init, so the heads move sharply and every part of the addressing matters.
        with torch.no_grad():
            for head in (model.read_head, model.write_head):
                head.weight.uniform_(-1.5, 1.5)
                head.bias.uniform_(-1, 1)
        x = torch.empty(c["B"], c["T"], c["I"]).uniform_(-1, 1).requires_grad_()
        outputs, memory, read_w = model(x)
        w_out = torch.empty(outputs.shape).uniform_(-1, 1)
        w_mem = torch.empty(memory.shape).uniform_(-1, 1)
        ((outputs * w_out).sum() + (memory * w_mem).sum()).backward()
        name = f"case{i}"
        t = {"x": x, "w_out": w_out, "w_mem": w_mem, "outputs": outputs, "memory": memory, "read_weights": read_w, "grad/x": x.grad}
        for pname, p in model.named_parameters():
            t["param/" + pname] = p
            t["grad/" + pname] = p.grad
        tensors.update({f"{name}/{k}": v.detach().numpy() for k, v in t.items()})
        configs.append(dict(c, name=name))
    softplus_x = torch.tensor([-30.0, -5.0, -0.5, 0.0, 0.7, 4.0, 19.9, 20.0, 20.1, 50.0], requires_grad=True)
    y = F.softplus(softplus_x)
    y.backward(torch.ones_like(y))
    tensors.update({"softplus/x": softplus_x.detach().numpy(), "softplus/y": y.detach().numpy(), "softplus/grad": softplus_x.grad.numpy()})
    write_safetensors(os.path.join(OUT, "ntm.safetensors"), tensors, {"cases": json.dumps(configs), "torch": torch.__version__})
    print("wrote", os.path.join(OUT, "ntm.safetensors"))


if __name__ == "__main__":
    main()
