"""Compares two rasters as GDAL reads them (an independent reader of TIFF, PNG and more).

usage: gdal_compare.py EXPECTED ACTUAL TOLERANCE [SCALE [invert]]
EXPECTED's values are multiplied by SCALE first (an n-bit file read as 8 or 16 bits), and
with "invert" taken from SCALE's full range (MinIsWhite). Prints the shapes, types and
largest difference; exits 0 when shapes match and every value is within TOLERANCE.
"""
import os
import subprocess
import sys
import tempfile

import numpy as np

ENVI_TYPES = {'1': np.uint8, '2': np.int16, '12': np.uint16, '3': np.int32, '13': np.uint32,
              '4': np.float32, '5': np.float64}


def read(path):
    """The raster as GDAL decodes it: rows x columns x bands."""
    folder = tempfile.mkdtemp()
    raw = os.path.join(folder, 'pixels.raw')
    subprocess.run(['gdal_translate', '-q', '-of', 'ENVI', '-co', 'INTERLEAVE=BIP', path, raw], check=True)
    header = open(os.path.join(folder, 'pixels.hdr')).read()
    keys = {k.strip(): v.strip() for k, v in (line.split('=', 1) for line in header.splitlines() if '=' in line)}
    dtype = np.dtype(ENVI_TYPES[keys['data type']]).newbyteorder('>' if keys.get('byte order') == '1' else '<')
    pixels = np.fromfile(raw, dtype=dtype)
    return pixels.reshape(int(keys['lines']), int(keys['samples']), int(keys['bands']))


expected, actual, tolerance = read(sys.argv[1]), read(sys.argv[2]), float(sys.argv[3])
scale = float(sys.argv[4]) if len(sys.argv) > 4 else 1.0
expected = expected.astype(np.float64) * scale
if len(sys.argv) > 5 and sys.argv[5] == 'invert':
    expected = float(np.iinfo(actual.dtype).max) - expected
same_shape = expected.shape == actual.shape
diff = float(np.abs(expected.astype(np.float64) - actual.astype(np.float64)).max()) if same_shape else float('inf')
print(f'expected {expected.dtype} {expected.shape}, actual {actual.dtype} {actual.shape}, max difference {diff}')
sys.exit(0 if same_shape and diff <= tolerance else 1)
