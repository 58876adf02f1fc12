"""Writes numpy arrays as a safetensors file (shared by make_audio_fixtures.py, make_conv_goldens.py and
make_ctc_goldens.py): u64 little-endian header length, JSON header padded with spaces to a multiple of
8, then each array's little-endian bytes in header order."""
import json
import os
import struct

import numpy as np

DTYPES = {np.dtype(np.float32): "F32", np.dtype(np.float64): "F64", np.dtype(np.int64): "I64"}


def save(path, tensors, metadata):
    entries, chunks, position = {}, [], 0
    for name, value in tensors.items():
        array = np.array(value, order="C")
        raw = array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()
        entries[name] = {"dtype": DTYPES[array.dtype], "shape": list(array.shape),
                         "data_offsets": [position, position + len(raw)]}
        chunks.append(raw)
        position += len(raw)
    entries["__metadata__"] = metadata
    header = json.dumps(entries, separators=(",", ":")).encode("utf-8")
    header += b" " * (-len(header) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".partial", "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header)
        for raw in chunks:
            f.write(raw)
    os.replace(path + ".partial", path)
