#include "tilewright/zlib_codec.h"

#include <new>

#include <libdeflate.h>

namespace tilewright {

namespace {

/// This thread's compressor for `level`, kept for its next chunk (an EXR tile is small
/// enough that making one per call would show) and freed with the thread.
libdeflate_compressor* threadCompressor(int level)
{
    struct Owned {
        libdeflate_compressor* compressor = nullptr;
        int level = -1;
        ~Owned() { libdeflate_free_compressor(compressor); }
    };
    thread_local Owned owned;
    if (owned.level != level) {
        libdeflate_free_compressor(owned.compressor);
        owned.compressor = libdeflate_alloc_compressor(level);
        owned.level = owned.compressor ? level : -1;
    }
    if (!owned.compressor)
        throw std::bad_alloc();
    return owned.compressor;
}

}  // namespace

size_t zlibCompress(int level, const void* data, size_t size, std::vector<unsigned char>& out)
{
    libdeflate_compressor* compressor = threadCompressor(level);
    out.resize(libdeflate_zlib_compress_bound(compressor, size));
    return libdeflate_zlib_compress(compressor, data, size, out.data(), out.size());
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
