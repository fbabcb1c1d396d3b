"""Compares two PNGs as Python's png module (pure Python, no libpng) decodes them.

usage: png_compare.py EXPECTED ACTUAL
Both are expanded to RGBA (palette, tRNS, gray and low bit depths resolved by the png
module) and scaled to the actual file's bit depth; exits 0 when every value is equal.
"""
import sys

import numpy as np
import png


def rgba(path):
    width, height, rows, info = png.Reader(filename=path).asRGBA()
    return np.array([list(r) for r in rows], dtype=np.float64).reshape(height, width, 4), info['bitdepth']


expected, expected_bits = rgba(sys.argv[1])
actual, actual_bits = rgba(sys.argv[2])
expected = np.round(expected * (2 ** actual_bits - 1) / (2 ** expected_bits - 1))
same = expected.shape == actual.shape and np.array_equal(expected, actual)
diff = float(np.abs(expected - actual).max()) if expected.shape == actual.shape else float('inf')
print(f'expected {expected.shape} {expected_bits}-bit, actual {actual.shape} {actual_bits}-bit, max difference {diff}')
sys.exit(0 if same else 1)
