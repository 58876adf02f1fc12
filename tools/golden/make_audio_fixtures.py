#!/usr/bin/python3
"""numpy fixtures for Recur.Audio (tests/golden/audio/features.safetensors), computed independently of
the C# code with numpy's FFT and the textbook formulas:

  signal   0.3 s at 8 kHz: a linear chirp 200 -> 3000 Hz (amplitude 0.5) plus a 440 Hz sine (0.2)
  frames   25 ms (200 samples) every 10 ms (80), periodic Hann window, zero-padded to a 256-point rfft
  power    |rfft|^2, shape [T, 129]
  mel      HTK mel scale mel(f) = 2595 log10(1 + f/700); 40 triangles with edges equally spaced in mel
           from 20 Hz to 4000 Hz, evaluated at the bin frequencies k * 8000 / 256, peak 1, no area
           normalisation ("htk" triangles, not Slaney's)
  log-mel  ln(max(fbank @ power, 1e-10))
  mfcc     DCT-II with norm='ortho' of log-mel, 13 coefficients (matrix built by hand)
  deltas   d_t = sum_{n=1..2} n (c_{t+n} - c_{t-n}) / (2 (1 + 4)), edge frames repeated; delta-deltas
           are the deltas of the deltas
All arrays are float64. Run: /usr/bin/python3 tools/golden/make_audio_fixtures.py
"""
import json
import os

import numpy as np

from safetensors_out import save

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "golden", "audio", "features.safetensors")

RATE, FRAME, HOP, NFFT, BANDS, LOW, HIGH, NMFCC, N = 8000, 200, 80, 256, 40, 20.0, 4000.0, 13, 2


def signal():
    t = np.arange(int(0.3 * RATE)) / RATE
    f0, f1, dur = 200.0, 3000.0, 0.3
    chirp = 0.5 * np.sin(2 * np.pi * (f0 * t + (f1 - f0) / (2 * dur) * t * t))
    return chirp + 0.2 * np.sin(2 * np.pi * 440.0 * t)


def power_spectrum(x):
    frames = 1 + (len(x) - FRAME) // HOP
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(FRAME) / FRAME)
    rows = []
    for t in range(frames):
        frame = np.zeros(NFFT)
        frame[:FRAME] = x[t * HOP:t * HOP + FRAME] * window
        spec = np.fft.rfft(frame)
        rows.append(np.abs(spec) ** 2)
    return np.array(rows)


def mel_filterbank():
    mel = lambda f: 2595.0 * np.log10(1.0 + f / 700.0)
    hz = lambda m: 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    edges = hz(np.linspace(mel(LOW), mel(HIGH), BANDS + 2))
    freqs = np.arange(NFFT // 2 + 1) * RATE / NFFT
    fb = np.zeros((BANDS, NFFT // 2 + 1))
    for m in range(BANDS):
        up = (freqs - edges[m]) / (edges[m + 1] - edges[m])
        down = (edges[m + 2] - freqs) / (edges[m + 2] - edges[m + 1])
        fb[m] = np.maximum(0.0, np.minimum(up, down))
    return fb


def dct_ortho(x, k):
    m = x.shape[1]
    n = np.arange(m)
    basis = np.array([np.cos(np.pi * q * (2 * n + 1) / (2 * m)) for q in range(k)])
    scale = np.full(k, np.sqrt(2.0 / m))
    scale[0] = np.sqrt(1.0 / m)
    return x @ (basis * scale[:, None]).T


def deltas(c):
    padded = np.concatenate([np.repeat(c[:1], N, axis=0), c, np.repeat(c[-1:], N, axis=0)])
    t = len(c)
    num = sum(n * (padded[N + n:N + n + t] - padded[N - n:N - n + t]) for n in range(1, N + 1))
    return num / (2 * sum(n * n for n in range(1, N + 1)))


def main():
    x = signal()
    power = power_spectrum(x)
    fb = mel_filterbank()
    log_mel = np.log(np.maximum(power @ fb.T, 1e-10))
    mfcc = dct_ortho(log_mel, NMFCC)
    d1 = deltas(mfcc)
    d2 = deltas(d1)
    config = dict(rate=RATE, frame=FRAME, hop=HOP, nfft=NFFT, bands=BANDS, low=LOW, high=HIGH, mfcc=NMFCC,
                  delta_window=N, mel_scale="htk", window="hann_periodic")
    save(OUT, {"signal": x, "power": power, "filterbank": fb, "log_mel": log_mel, "mfcc": mfcc,
               "delta": d1, "delta_delta": d2}, {"config": json.dumps(config)})
    print(f"wrote {OUT}: {power.shape[0]} frames")


if __name__ == "__main__":
    main()
