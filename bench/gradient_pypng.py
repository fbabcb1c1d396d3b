"""The seed article's gradient through pypng, rows from numpy: the pure-Python baseline.

usage: gradient_pypng.py SIZE OUT.png
"""
import sys

import numpy as np
import png

size = int(sys.argv[1])
x = np.arange(size, dtype=np.float64) / size
red = (x * 255).astype(np.uint8)
blue = ((1 - x) * 255).astype(np.uint8)


def rows():
    row = np.empty((size, 3), dtype=np.uint8)
    row[:, 0] = red
    row[:, 2] = blue
    for y in range(size):
        row[:, 1] = int(y / size * 255)
        yield row.reshape(-1)


png.Writer(size, size, greyscale=False, bitdepth=8).write(open(sys.argv[2], "wb"), rows())
