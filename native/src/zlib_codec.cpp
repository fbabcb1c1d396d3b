#include "tilewright/zlib_codec.h"

#include <new>

#include <libdeflate.h>

namespace tilewright {

size_t zlibCompress(int level, const void* data, size_t size, std::vector<unsigned char>& out)
{
    libdeflate_compressor* compressor = libdeflate_alloc_compressor(level);
    if (!compressor)
        throw std::bad_alloc();
    out.resize(libdeflate_zlib_compress_bound(compressor, size));
    size_t written = libdeflate_zlib_compress(compressor, data, size, out.data(), out.size());
    libdeflate_free_compressor(compressor);
    return written;
}

bool zlibDecompress(const void* data, size_t size, void* out, size_t expected)
{
    libdeflate_decompressor* decompressor = libdeflate_alloc_decompressor();
    if (!decompressor)
        return false;
    size_t got = 0;
    libdeflate_result r = libdeflate_zlib_decompress(decompressor, data, size, out, expected, &got);
    libdeflate_free_decompressor(decompressor);
    return r == LIBDEFLATE_SUCCESS && got == expected;
}

}  // namespace tilewright
