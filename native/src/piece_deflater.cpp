#include "tilewright/piece_deflater.h"

#include <climits>

#include <zlib.h>

namespace tilewright {

bool PieceDeflater::deflate(const unsigned char* data, size_t size, bool last, std::vector<unsigned char>& out) const
{
    if (size > size_t(UINT_MAX) / 2)
        return false;  // pieces are a megabyte or so; zlib counts in 32 bits
    // Streams are made in buffers kept per thread and copied out at their size: a fresh
    // megabyte per piece cost a page fault per 4 KB (a third of a gradient's run, in the kernel).
    thread_local std::vector<unsigned char> runLength, searched;
    if (level_ == 0)
        return zlibDeflate(data, size, last, 0, Z_DEFAULT_STRATEGY, runLength) && copyOut(runLength, out);
    // Run-length matches first: on photographs' filtered rows (noise the match search cannot
    // use) they are smaller than zlib's level 4 search and seven times as fast, on gradients
    // smaller and twice as fast. Above the default level, rows with structure (graphics,
    // dark backgrounds: under a quarter of the raw size) also get the level's full match
    // search, and the smaller stream is kept. Levels 1 to 3 are the default's: zlib's own
    // fast levels are both larger and slower here, and ISA-L's igzip, measured too, was 10 %
    // faster on photographs for 11 % more bytes, and slower on gradients.
    if (!zlibDeflate(data, size, last, level_, Z_RLE, runLength))
        return false;
    if (level_ <= kRunLengthOnlyLevel || runLength.size() * kStructuredRatio >= size)
        return copyOut(runLength, out);
    if (!zlibDeflate(data, size, last, level_, Z_FILTERED, searched))
        return false;
    return copyOut(searched.size() < runLength.size() ? searched : runLength, out);
}

bool PieceDeflater::copyOut(const std::vector<unsigned char>& stream, std::vector<unsigned char>& out)
{
    out.assign(stream.begin(), stream.end());
    return true;
}

bool PieceDeflater::zlibDeflate(const unsigned char* data, size_t size, bool last, int level, int strategy,
                                std::vector<unsigned char>& out)
{
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, strategy) != Z_OK)
        return false;
    out.resize(deflateBound(&z, uLong(size)) + 16);
    z.next_in = const_cast<unsigned char*>(data);
    z.avail_in = uInt(size);
    z.next_out = out.data();
    z.avail_out = uInt(out.size());
    int rc = ::deflate(&z, last ? Z_FINISH : Z_SYNC_FLUSH);
    bool ok = rc == (last ? Z_STREAM_END : Z_OK) && z.avail_in == 0;
    out.resize(out.size() - z.avail_out);  // keeps the capacity for the thread's next piece
    deflateEnd(&z);
    return ok;
}

}  // namespace tilewright
