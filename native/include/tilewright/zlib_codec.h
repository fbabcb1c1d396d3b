#pragma once
/// @file zlib_codec.h
/// One chunk (a TIFF tile or strip, an EXR tile, a Zarr chunk) to or from a zlib stream, with
/// libdeflate: a compressor per thread and level, never shared between threads.

#include <cstddef>
#include <vector>

namespace tilewright {

/// Compresses `size` bytes at `data` at `level` (1-12) into `out` (resized to fit the
/// bound); returns the compressed size, 0 on failure. Throws std::bad_alloc without memory.
size_t zlibCompress(int level, const void* data, size_t size, std::vector<unsigned char>& out);

/// Inflates the zlib stream `data` of `size` bytes into exactly `expected` bytes at `out`;
/// false when it is damaged or not that long.
bool zlibDecompress(const void* data, size_t size, void* out, size_t expected);

}  // namespace tilewright
