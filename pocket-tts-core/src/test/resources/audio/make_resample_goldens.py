"""Makes resample_poly.safetensors: scipy.signal.resample_poly on float32 noise for rate pairs
beyond the tiny fixture's 22050 -> 24000 (run with numpy and scipy installed; made with
scipy 1.17.1, numpy 2.4.6). Tensors caseN.input / caseN.output, F32; __metadata__ caseN =
"from_rate to_rate"."""
import json
import struct
from math import gcd

import numpy as np
from scipy.signal import resample_poly

CASES = [(44100, 24000, 900), (16000, 24000, 700), (11025, 24000, 500), (8000, 24000, 300),
         (96000, 24000, 1200), (24000, 44100, 600), (44101, 24000, 800), (7, 3, 40),
         (22050, 24000, 1), (48000, 24000, 3)]

rng = np.random.default_rng(20240601)
tensors, meta = {}, {}
for i, (src, dst, n) in enumerate(CASES):
    x = (rng.standard_normal(n) * 0.3).astype(np.float32)
    g = gcd(src, dst)
    tensors[f"case{i}.input"] = x
    tensors[f"case{i}.output"] = resample_poly(x, dst // g, src // g).astype(np.float32)
    meta[f"case{i}"] = f"{src} {dst}"

header, blobs, offset = {"__metadata__": meta}, [], 0
for name, t in tensors.items():
    raw = t.astype("<f4").tobytes()
    header[name] = {"dtype": "F32", "shape": [len(t)], "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
head = json.dumps(header).encode()
head += b" " * (-len(head) % 8)
with open("resample_poly.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(head)) + head + b"".join(blobs))
