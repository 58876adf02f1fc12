"""Writes tests/golden/layers/repr.json: PyTorch 1.13's repr() of the modules Recur mirrors, keyed by the
constructor call Recur's LayerReprTests build. Run with Debian's python3 (python3-torch):
    /usr/bin/python3 tools/golden/make_repr_goldens.py
"""
import json
import os

import torch
from torch import nn

CASES = {
    "linear": nn.Linear(512, 65),
    "linear_nobias": nn.Linear(3, 4, bias=False),
    "embedding": nn.Embedding(65, 64),
    "embedding_pad": nn.Embedding(100, 16, padding_idx=0),
    "dropout": nn.Dropout(0.2),
    "layernorm": nn.LayerNorm(64),
    "layernorm_plain": nn.LayerNorm(8, eps=1e-6, elementwise_affine=False),
    "conv1d": nn.Conv1d(13, 64, 3, padding=1),
    "conv1d_full": nn.Conv1d(4, 8, 5, stride=2, padding=0, dilation=2, bias=False),
    "maxpool1d": nn.MaxPool1d(2),
    "maxpool1d_full": nn.MaxPool1d(3, stride=1, padding=1),
    "avgpool1d": nn.AvgPool1d(2),
    "avgpool1d_full": nn.AvgPool1d(3, stride=1, padding=1),
    "relu": nn.ReLU(),
    "tanh": nn.Tanh(),
    "sigmoid": nn.Sigmoid(),
    "lstm": nn.LSTM(64, 512, num_layers=2, batch_first=True, dropout=0.2),
    "lstm_full": nn.LSTM(8, 16, num_layers=3, bias=False, bidirectional=True, proj_size=4),
    "gru": nn.GRU(64, 128),
    "gru_bi": nn.GRU(10, 20, bidirectional=True, batch_first=True),
    "rnn": nn.RNN(10, 20),
    "rnn_relu": nn.RNN(10, 20, nonlinearity="relu", num_layers=2),
    "lstmcell": nn.LSTMCell(64, 128),
    "grucell_nobias": nn.GRUCell(10, 20, bias=False),
    "rnncell": nn.RNNCell(10, 20),
    "rnncell_relu": nn.RNNCell(10, 20, nonlinearity="relu"),
    "sequential": nn.Sequential(nn.Embedding(65, 64), nn.LSTM(64, 128, batch_first=True), nn.Linear(128, 65)),
    "nested": nn.Sequential(nn.Linear(2, 3), nn.Sequential(nn.Tanh(), nn.Linear(3, 1))),
}

out = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "golden", "layers", "repr.json")
with open(out + ".tmp", "w") as f:
    json.dump({"torch": torch.__version__, "repr": {k: repr(v) for k, v in CASES.items()}}, f, indent=1)
    f.write("\n")
os.replace(out + ".tmp", out)
print(open(out).read())
