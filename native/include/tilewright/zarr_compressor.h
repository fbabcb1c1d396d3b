#pragma once
/// @file zarr_compressor.h
/// The compressor of an OME-Zarr array's chunks, as the output's "compression" names it:
/// zlib (libdeflate) or zstd (libzstd, which libtiff already brings), or none. It compresses
/// one chunk at a time from any thread (and reads one back), and writes the `.zarray`
/// entry numcodecs reads.

#include <cstddef>
#include <string>
#include <vector>

namespace tilewright {

class ZarrCompressor {
public:
    /// From a compression attribute's name and level ("zip", 6; "zstd", 0 for its default;
    /// "none", 0), already checked against the names an OME-Zarr output takes.
    ZarrCompressor(const std::string& name, int level);

    /// Compresses `size` bytes at `data` into `out`; returns the bytes to store (`data`
    /// itself when there is no compressor) and their count in `stored`. Throws on failure.
    const void* compress(const void* data, size_t size, std::vector<unsigned char>& out, size_t& stored) const;

    /// Decompresses a stored chunk of `size` bytes into exactly `expected` bytes at `out`;
    /// false when it is damaged or of another size.
    bool decompress(const void* data, size_t size, void* out, size_t expected) const;

    /// The `.zarray`'s "compressor" value: numcodecs' {"id": …, "level": …}, or null.
    std::string json() const;

private:
    enum class Codec { None, Zlib, Zstd };
    Codec codec_;
    int level_;
};

}  // namespace tilewright
