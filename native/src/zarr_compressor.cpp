#include "tilewright/zarr_compressor.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <zstd.h>

#include <OpenImageIO/strutil.h>

#include "tilewright/zlib_codec.h"

namespace tilewright {

ZarrCompressor::ZarrCompressor(const std::string& name, int level)
{
    if (OIIO::Strutil::iequals(name, "none")) {
        codec_ = Codec::None;
        level_ = 0;
    } else if (OIIO::Strutil::iequals(name, "zstd")) {
        // 3 is zstd's own default and numcodecs'; past 19 its memory per call grows a lot.
        codec_ = Codec::Zstd;
        level_ = std::clamp(level > 0 ? level : 3, 1, 22);
    } else {
        codec_ = Codec::Zlib;
        level_ = std::clamp(level > 0 ? level : 6, 1, 9);
    }
}

const void* ZarrCompressor::compress(const void* data, size_t size, std::vector<unsigned char>& out,
                                     size_t& stored) const
{
    switch (codec_) {
    case Codec::None:
        stored = size;
        return data;
    case Codec::Zlib:
        stored = zlibCompress(level_, data, size, out);
        if (stored == 0)
            throw std::runtime_error("zlib could not compress a chunk");
        return out.data();
    case Codec::Zstd:
        out.resize(ZSTD_compressBound(size));
        stored = ZSTD_compress(out.data(), out.size(), data, size, level_);
        if (ZSTD_isError(stored))
            throw std::runtime_error(std::string("zstd could not compress a chunk: ") + ZSTD_getErrorName(stored));
        return out.data();
    }
    return nullptr;
}

bool ZarrCompressor::decompress(const void* data, size_t size, void* out, size_t expected) const
{
    switch (codec_) {
    case Codec::None:
        if (size != expected)
            return false;
        std::memcpy(out, data, size);
        return true;
    case Codec::Zlib:
        return zlibDecompress(data, size, out, expected);
    case Codec::Zstd: {
        size_t got = ZSTD_decompress(out, expected, data, size);
        return !ZSTD_isError(got) && got == expected;
    }
    }
    return false;
}

std::string ZarrCompressor::json() const
{
    switch (codec_) {
    case Codec::Zlib: return "{\"id\": \"zlib\", \"level\": " + std::to_string(level_) + "}";
    case Codec::Zstd: return "{\"id\": \"zstd\", \"level\": " + std::to_string(level_) + "}";
    default: return "null";
    }
}

}  // namespace tilewright
