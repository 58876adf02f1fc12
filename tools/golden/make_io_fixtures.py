#!/usr/bin/env python3
"""Golden fixtures for Recur.IO (tests/golden/io): .npy files written by NumPy itself and a safetensors
file written by the small independent writer below, which follows the published format
(https://github.com/huggingface/safetensors#format): u64 little-endian header size N, N bytes of JSON
(padded with spaces to a multiple of 8), then the tensor bytes at the header's data_offsets.
expected.json lists every array's dtype, shape and values (floats as raw bit patterns, so NaN, -0.0 and
infinities compare exactly).

    /usr/bin/python3 tools/golden/make_io_fixtures.py            # (re)write tests/golden/io
    /usr/bin/python3 tools/golden/make_io_fixtures.py --check D  # verify files Recur wrote into D
"""
import json
import os
import struct
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "io")

ST_DTYPES = {np.dtype("<f4"): "F32", np.dtype("<f8"): "F64", np.dtype("<i4"): "I32", np.dtype("<i8"): "I64"}
NP_DTYPES = {v: k for k, v in ST_DTYPES.items()}
METADATA = {"format": "pt", "source": "recur golden io"}


def arrays():
    """The arrays every fixture is built from (deterministic, with awkward values)."""
    f4 = np.array([[1.5, -2.25, 0.0], [-0.0, 3.4028235e38, 1e-45]], dtype="<f4")
    f8 = np.array([np.pi, -np.e, np.inf, -np.inf, np.nan, 5e-324], dtype="<f8")
    i4 = np.array([[0, 1], [-1, 2**31 - 1], [-(2**31), 123456]], dtype="<i4")
    i8 = np.array([0, -1, 2**63 - 1, -(2**63), 9007199254740993], dtype="<i8")
    scalar = np.array(0.1, dtype="<f8")
    cube = (np.arange(24, dtype="<f4").reshape(2, 3, 4) - 11.5) / 7
    empty = np.zeros((0, 3), dtype="<f4")
    return f4, f8, i4, i8, scalar, cube, empty


def describe(a):
    a = a.copy(order="C")  # np.ascontiguousarray would turn a 0-d array into 1-d
    flat = a.reshape(-1)
    if a.dtype.kind == "f":
        bits = flat.view("<u4" if a.dtype.itemsize == 4 else "<u8")
        values = [int(b) for b in bits]
        kind = "bits"
    else:
        values = [int(v) for v in flat]
        kind = "values"
    return {"dtype": ST_DTYPES[a.dtype.newbyteorder("<")], "shape": list(a.shape), kind: values}


def write_safetensors(path, tensors, metadata):
    """An independent writer following the published spec; tensors is a list of (name, array)."""
    header = {}
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items()))
    offset = 0
    blobs = []
    for name, a in tensors:
        blob = a.astype(a.dtype.newbyteorder("<"), order="C").tobytes()
        header[name] = {"dtype": ST_DTYPES[a.dtype], "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    """An independent reader: returns (dict name -> array, metadata)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    metadata = header.pop("__metadata__", None) or {}
    out = {}
    for name, info in header.items():
        b, e = info["data_offsets"]
        dt = NP_DTYPES[info["dtype"]]
        out[name] = np.frombuffer(data[b:e], dtype=dt).reshape(info["shape"])
    return out, metadata


def safetensors_contents():
    f4, f8, i4, i8, scalar, cube, empty = arrays()
    return [("weight", f4), ("bias.f64", f8), ("ids", i4), ("big", i8),
            ("scalar", scalar.astype("<f4")), ("empty", np.zeros((0,), dtype="<i8")), ("cube", cube)]


def make():
    os.makedirs(OUT, exist_ok=True)
    f4, f8, i4, i8, scalar, cube, empty = arrays()
    expected = {}
    for name, a in [("f4", f4), ("f8", f8), ("i4", i4), ("i8", i8), ("scalar", scalar), ("cube", cube), ("empty", empty)]:
        np.save(os.path.join(OUT, name + ".npy"), a)
        expected[name + ".npy"] = describe(a)
    # Same values, other containers: big-endian, Fortran order (an error for Recur), versions 2.0 and 3.0.
    np.save(os.path.join(OUT, "bigendian.npy"), i8.astype(">i8"))
    expected["bigendian.npy"] = describe(i8)
    np.save(os.path.join(OUT, "bigendian_f4.npy"), f4.astype(">f4"))
    expected["bigendian_f4.npy"] = describe(f4)
    np.save(os.path.join(OUT, "fortran.npy"), np.asfortranarray(f4))
    np.save(os.path.join(OUT, "float16.npy"), np.array([1, 2, 3], dtype="<f2"))
    for version in [(2, 0), (3, 0)]:
        name = "v%d.npy" % version[0]
        with open(os.path.join(OUT, name), "wb") as f:
            np.lib.format.write_array(f, cube, version=version)
        expected[name] = describe(cube)
    tensors = safetensors_contents()
    write_safetensors(os.path.join(OUT, "model.safetensors"), tensors, METADATA)
    expected["model.safetensors"] = {"metadata": METADATA, "tensors": [[n, describe(a)] for n, a in tensors]}
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    # Self-check: the independent reader and NumPy agree with what was written.
    back, meta = read_safetensors(os.path.join(OUT, "model.safetensors"))
    assert meta == METADATA
    for n, a in tensors:
        assert back[n].dtype == a.dtype and back[n].shape == a.shape and back[n].tobytes() == a.tobytes(), n
    print("wrote", OUT, sum(os.path.getsize(os.path.join(OUT, p)) for p in os.listdir(OUT)), "bytes")


def check(directory):
    """Verifies files that Recur wrote (see IOGoldenTests): NumPy loads every .npy, the reader above
    loads the safetensors file, and all values equal the golden arrays bit for bit."""
    f4, f8, i4, i8, scalar, cube, empty = arrays()
    for name, a in [("f4", f4), ("f8", f8), ("i4", i4), ("i8", i8), ("scalar", scalar), ("cube", cube), ("empty", empty)]:
        path = os.path.join(directory, name + ".npy")
        with open(path, "rb") as f:
            version = np.lib.format.read_magic(f)
        b = np.load(path)
        assert version == (1, 0), (path, version)
        assert b.dtype == a.dtype and b.shape == a.shape and b.tobytes() == a.tobytes(), path
        assert (os.path.getsize(path) - b.nbytes) % 64 == 0, path + ": header not padded to 64 bytes"
        print("ok", path, b.dtype, b.shape)
    path = os.path.join(directory, "model.safetensors")
    back, meta = read_safetensors(path)
    assert meta == METADATA, meta
    for n, a in safetensors_contents():
        assert back[n].dtype == a.dtype and back[n].shape == a.shape and back[n].tobytes() == a.tobytes(), n
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
    assert n % 8 == 0, "header not padded to 8 bytes"
    print("ok", path, sorted(back), meta)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        make()
