#!/usr/bin/python3
"""PyTorch 1.13 goldens for Recur's HierarchicalEncoder and IndexSelect (tests/golden/layers/hierarchical.safetensors).

A two-level encoder of documents (Yang et al. 2016) built from torch modules with the same parameter names
as Recur's: "word_encoder" (a batch-first nn.GRU/LSTM over each real sentence's words, packed with its
lengths), pooled into sentence vectors (the last real step of each direction, or additive attention
"word_attention" with Linear "project" and bias-free Linear "score" and padded steps at -1e9), scattered
back into [B, S, Dw] with zero vectors for padding sentences (index_select over [vectors; 0]), then
"sentence_encoder" over each document's sentences and the same pooling ("sentence_attention"). The loss
L = sum(sentences * w_s) + sum(document * w_d) is backpropagated; each case stores x, the word lengths, the
weights w_s and w_d, every parameter, both outputs and the gradients of L with respect to x and every
parameter. Tensors are named "<case>/<what>"; __metadata__ "cases" is a JSON list of the configurations.
Run with Debian's python3:
    /usr/bin/python3 tools/golden/make_hierarchical_goldens.py
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from make_rnn_goldens import write_safetensors  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "layers")


class Pool(torch.nn.Module):
    def __init__(self, features, size):
        super().__init__()
        self.project = torch.nn.Linear(features, size)
        self.score = torch.nn.Linear(size, 1, bias=False)

    def forward(self, out, lengths):
        scores = self.score(torch.tanh(self.project(out))).squeeze(-1)
        steps = torch.arange(out.shape[1]).unsqueeze(0)
        penalty = torch.where(steps < torch.tensor(lengths).unsqueeze(1), 0.0, -1e9)
        weights = torch.softmax(scores + penalty, dim=1)
        return (out * weights.unsqueeze(-1)).sum(1)


def rnn(kind, inputs, hidden, bidirectional):
    cls = torch.nn.LSTM if kind == "lstm" else torch.nn.GRU
    return cls(inputs, hidden, batch_first=True, bidirectional=bidirectional)


def last_step(out, lengths, bidirectional):
    rows = []
    for n, length in enumerate(lengths):
        if bidirectional:
            half = out.shape[2] // 2
            rows.append(torch.cat([out[n, length - 1, :half], out[n, 0, half:]]))
        else:
            rows.append(out[n, length - 1])
    return torch.stack(rows)


def run(module, x, lengths, steps):
    packed = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(lengths), batch_first=True, enforce_sorted=False)
    out, _ = module(packed)
    out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=steps)
    return out


class Hierarchical(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c = c
        dw = c["word_hidden"] * (2 if c["word_bidirectional"] else 1)
        ds = c["sentence_hidden"] * (2 if c["sentence_bidirectional"] else 1)
        self.word_encoder = rnn(c["word_cell"], c["embed"], c["word_hidden"], c["word_bidirectional"])
        self.sentence_encoder = rnn(c["sentence_cell"], dw, c["sentence_hidden"], c["sentence_bidirectional"])
        if c["pooling"] == "attention":
            self.word_attention = Pool(dw, c["attention_size"])
            self.sentence_attention = Pool(ds, c["attention_size"])

    def pool(self, out, lengths, level):
        if self.c["pooling"] == "attention":
            return getattr(self, level + "_attention")(out, lengths)
        return last_step(out, lengths, self.c[level + "_bidirectional"])

    def forward(self, x, word_lengths):
        b, s, w, e = x.shape
        rows = [i for i, n in enumerate(word_lengths) if n > 0]
        lengths = [word_lengths[i] for i in rows]
        counts = [sum(1 for n in word_lengths[d * s:(d + 1) * s] if n > 0) for d in range(b)]
        slot, k = [], 0
        for n in word_lengths:
            slot.append(k if n > 0 else len(rows))
            k += n > 0
        sentences = x.reshape(b * s, w, e).index_select(0, torch.tensor(rows))
        vectors = self.pool(run(self.word_encoder, sentences, lengths, w), lengths, "word")
        with_zero = torch.cat([vectors, torch.zeros(1, vectors.shape[1])])
        documents = with_zero.index_select(0, torch.tensor(slot)).reshape(b, s, -1)
        outputs = run(self.sentence_encoder, documents, counts, s)
        return outputs, self.pool(outputs, counts, "sentence")


CASES = [
    dict(word_cell="gru", word_hidden=4, word_bidirectional=True, sentence_cell="lstm", sentence_hidden=6,
         sentence_bidirectional=False, pooling="last", attention_size=0, embed=5, B=3, S=4, W=6,
         word_lengths=[6, 2, 4, 0, 3, 0, 0, 0, 1, 5, 6, 2]),
    dict(word_cell="lstm", word_hidden=5, word_bidirectional=False, sentence_cell="gru", sentence_hidden=3,
         sentence_bidirectional=True, pooling="attention", attention_size=4, embed=3, B=2, S=3, W=5,
         word_lengths=[5, 1, 0, 2, 3, 4]),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.set_num_threads(1)
    tensors, configs = {}, []
    for i, c in enumerate(CASES):
        torch.manual_seed(100 + i)
        model = Hierarchical(c)
        x = torch.empty(c["B"], c["S"], c["W"], c["embed"]).uniform_(-1, 1).requires_grad_()
        sentences, document = model(x, c["word_lengths"])
        w_s = torch.empty(sentences.shape).uniform_(-1, 1)
        w_d = torch.empty(document.shape).uniform_(-1, 1)
        ((sentences * w_s).sum() + (document * w_d).sum()).backward()
        name = f"case{i}"
        t = {"x": x, "word_lengths": torch.tensor(c["word_lengths"], dtype=torch.int64), "w_s": w_s, "w_d": w_d,
             "sentences": sentences, "document": document, "grad/x": x.grad}
        for pname, p in model.named_parameters():
            t["param/" + pname] = p
            t["grad/" + pname] = p.grad
        tensors.update({f"{name}/{k}": v.detach().numpy() for k, v in t.items()})
        configs.append(dict(c, name=name))
    write_safetensors(os.path.join(OUT, "hierarchical.safetensors"), tensors,
                      {"cases": json.dumps(configs), "torch": torch.__version__})
    print("wrote", os.path.join(OUT, "hierarchical.safetensors"))


if __name__ == "__main__":
    main()
