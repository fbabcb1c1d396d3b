#include "tilewright/fast_png_output.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <libdeflate.h>
#include <zlib.h>

#include <OpenImageIO/strutil.h>

#include "tilewright/piece_deflater.h"
#include "tilewright/thread_budget.h"
#include "tilewright/rows.h"

namespace tilewright {

namespace {

/// Rows per deflate piece aim at this many bytes: big enough that restarting the
/// compressor's window costs almost nothing in size.
constexpr size_t kPieceBytes = size_t(1) << 20;

void putBigEndian32(unsigned char* p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

inline unsigned char paeth(int a, int b, int c)
{
    int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    return (unsigned char)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

/// Filters one row with each of PNG's five filters and keeps the one whose bytes, read
/// as signed, sum to the least (libpng's heuristic). `out` receives filter byte + row.
/// One tight loop per filter: this runs over every byte of the image five times.
void filterRow(const unsigned char* row, const unsigned char* prior, size_t n, size_t bpp,
               std::vector<unsigned char>& trial, unsigned char* out)
{
    trial.resize(5 * n);
    std::vector<unsigned char> none;
    const unsigned char* up = prior;
    if (!up) {
        none.assign(n, 0);
        up = none.data();
    }
    unsigned char* t[5];
    for (int k = 0; k < 5; ++k)
        t[k] = trial.data() + size_t(k) * n;
    std::memcpy(t[0], row, n);
    size_t head = std::min(bpp, n);
    for (size_t i = 0; i < head; ++i) {
        t[1][i] = row[i];
        t[2][i] = (unsigned char)(row[i] - up[i]);
        t[3][i] = (unsigned char)(row[i] - (up[i] >> 1));
        t[4][i] = (unsigned char)(row[i] - up[i]);  // Paeth with a = c = 0 predicts b
    }
    for (size_t i = head; i < n; ++i)
        t[1][i] = (unsigned char)(row[i] - row[i - bpp]);
    for (size_t i = head; i < n; ++i)
        t[2][i] = (unsigned char)(row[i] - up[i]);
    for (size_t i = head; i < n; ++i)
        t[3][i] = (unsigned char)(row[i] - ((row[i - bpp] + up[i]) >> 1));
    for (size_t i = head; i < n; ++i)
        t[4][i] = (unsigned char)(row[i] - paeth(row[i - bpp], up[i], up[i - bpp]));
    unsigned long best = ~0UL;
    int bestType = 0;
    for (int k = 0; k < 5; ++k) {
        unsigned long sum = 0;
        for (size_t i = 0; i < n; ++i)
            sum += (unsigned long)std::abs(int((signed char)t[k][i]));
        if (sum < best) {
            best = sum;
            bestType = k;
        }
    }
    out[0] = (unsigned char)bestType;
    std::memcpy(out + 1, t[bestType], n);
}

}  // namespace

bool FastPngOutput::handles(const OIIO::ImageSpec& spec)
{
    if (spec.format != OIIO::TypeUInt8 && spec.format != OIIO::TypeUInt16)
        return false;
    if (spec.nchannels < 1 || spec.nchannels > 4 || spec.tile_width > 0 || spec.depth > 1)
        return false;
    if (spec.x != 0 || spec.y != 0)
        return false;
    for (const auto& attribute : spec.extra_attribs) {
        std::string name = attribute.name().string();
        if (name != "compression" && name != "oiio:UnassociatedAlpha" && name != "png:compressionLevel")
            return false;
    }
    std::string compression = OIIO::Strutil::lower(spec.decode_compression_metadata().first);
    return compression.empty() || compression == "zip" || compression == "deflate";
}

FastPngOutput::~FastPngOutput()
{
    if (file_)
        std::fclose(file_);
}

int FastPngOutput::supports(OIIO::string_view feature) const
{
    return feature == "alpha" || feature == "nchannels";
}

bool FastPngOutput::open(const std::string& name, const OIIO::ImageSpec& spec, OpenMode mode)
{
    if (mode != Create) {
        errorfmt("png only creates new files");
        return false;
    }
    m_spec = spec;
    // Level 4 by default: run-length matches, on photographic data smaller than libpng's
    // level 6 with this filter choice and several times as fast (see PieceDeflater);
    // pngj defaults to 9.
    int quality = spec.decode_compression_metadata("zip", 4).second;
    level_ = std::clamp(spec.get_int_attribute("png:compressionLevel", quality > 0 ? quality : 4), 0, 9);
    pixelBytes_ = size_t(spec.nchannels) * spec.format.size();
    rowBytes_ = size_t(spec.width) * pixelBytes_;
    errno = 0;
    file_ = std::fopen(name.c_str(), "wb");
    if (!file_) {
        errorfmt("Could not open \"{}\": {}", name, std::strerror(errno));
        return false;
    }
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char header[13];
    putBigEndian32(header, uint32_t(spec.width));
    putBigEndian32(header + 4, uint32_t(spec.height));
    header[8] = (unsigned char)(spec.format.size() * 8);
    static const unsigned char colourTypes[5] = {0, 0, 4, 2, 6};  // by channel count
    header[9] = colourTypes[spec.nchannels];
    header[10] = header[11] = header[12] = 0;  // deflate, adaptive filtering, no interlace
    if (std::fwrite(signature, 1, 8, file_) != 8 || !writeChunk("IHDR", header, 13))
        return failIo("writing the PNG header");
    static const unsigned char zlibHeader[2] = {0x78, 0x9C};
    if (!writeChunk("IDAT", zlibHeader, 2))
        return failIo("writing the PNG header");
    return true;
}

bool FastPngOutput::writeChunk(const char type[4], const unsigned char* data, size_t size)
{
    unsigned char head[8];
    putBigEndian32(head, uint32_t(size));
    std::memcpy(head + 4, type, 4);
    uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(type), 4);
    if (size > 0)
        crc = crc32(crc, data, uInt(size));
    unsigned char tail[4];
    putBigEndian32(tail, uint32_t(crc));
    return std::fwrite(head, 1, 8, file_) == 8 && (size == 0 || std::fwrite(data, 1, size, file_) == size)
           && std::fwrite(tail, 1, 4, file_) == 4;
}

bool FastPngOutput::failIo(const std::string& what)
{
    errorfmt("{} failed: {}", what, errno ? std::strerror(errno) : "write error");
    return false;
}

bool FastPngOutput::write_scanline(int y, int z, OIIO::TypeDesc format, const void* data,
                                   OIIO::stride_t xstride)
{
    return write_scanlines(y, y + 1, z, format, data, xstride, OIIO::AutoStride);
}

bool FastPngOutput::write_scanlines(int ybegin, int yend, int, OIIO::TypeDesc format, const void* data,
                                    OIIO::stride_t xstride, OIIO::stride_t ystride)
{
    if (!file_ || ybegin != rowsDone_ + pendingRows_) {
        errorfmt("png rows must be written in order (expected row {}, got {})", rowsDone_ + pendingRows_, ybegin);
        return false;
    }
    int rows = yend - ybegin;
    size_t at = pending_.size();
    if (!appendRows(m_spec, rows, format, data, xstride, ystride, m_spec.format, pending_)) {
        errorfmt("converting rows to {} failed", m_spec.format);
        return false;
    }
    unsigned char* dst = pending_.data() + at;
    if (m_spec.format == OIIO::TypeUInt16)  // PNG stores 16-bit samples big-endian
        for (size_t i = 0; i + 1 < size_t(rows) * rowBytes_; i += 2)
            std::swap(dst[i], dst[i + 1]);
    pendingRows_ += rows;
    bool last = rowsDone_ + pendingRows_ == m_spec.height;
    if (last || pending_.size() >= kPieceBytes * size_t(2 * budget_.threads()))
        return flush(last);
    return true;
}

bool FastPngOutput::flush(bool final)
{
    int rowsPerPiece = int(std::max<size_t>(1, kPieceBytes / (rowBytes_ + 1)));
    int pieces = (pendingRows_ + rowsPerPiece - 1) / rowsPerPiece;
    if (!final && pieces > 1) {  // keep a partial piece for the next call
        pieces = pendingRows_ / rowsPerPiece;
    }
    int rows = std::min(pendingRows_, pieces * rowsPerPiece);
    struct Out {
        std::vector<unsigned char> bytes;
        uLong adler = 1;
        size_t inputLength = 0;
        bool ok = true;
    };
    const PieceDeflater deflater(level_);
    std::vector<Out> outs(static_cast<size_t>(pieces));
    budget_.parallelFor(size_t(pieces), [&](size_t p) {
        int first = int(p) * rowsPerPiece;
        int count = std::min(rowsPerPiece, rows - first);
        // Kept per worker thread: a fresh megabyte per piece faulted in every page.
        thread_local std::vector<unsigned char> filtered, trial;
        filtered.resize(size_t(count) * (rowBytes_ + 1));
        for (int r = 0; r < count; ++r) {
            const unsigned char* row = pending_.data() + size_t(first + r) * rowBytes_;
            const unsigned char* prior = first + r > 0 ? row - rowBytes_
                                         : previousRow_.empty() ? nullptr : previousRow_.data();
            filterRow(row, prior, rowBytes_, pixelBytes_, trial, filtered.data() + size_t(r) * (rowBytes_ + 1));
        }
        Out& o = outs[p];
        // libdeflate's checksum is vectorised: zlib's took a twentieth of a gradient's time.
        o.adler = libdeflate_adler32(1, filtered.data(), filtered.size());
        o.inputLength = filtered.size();
        o.ok = deflater.deflate(filtered.data(), filtered.size(), final && p + 1 == size_t(pieces), o.bytes);
    });
    for (Out& o : outs) {
        if (!o.ok) {
            errorfmt("deflating rows failed");
            return false;
        }
        // The stream's checksum covers all pieces: combine them in order.
        adler_ = adler32_combine(adler_, o.adler, z_off_t(o.inputLength));
        if (!writeChunk("IDAT", o.bytes.data(), o.bytes.size()))
            return failIo("writing the PNG data");
    }
    previousRow_.assign(pending_.begin() + size_t(rows - 1) * rowBytes_, pending_.begin() + size_t(rows) * rowBytes_);
    pending_.erase(pending_.begin(), pending_.begin() + size_t(rows) * rowBytes_);
    pendingRows_ -= rows;
    rowsDone_ += rows;
    return true;
}

bool FastPngOutput::close()
{
    if (!file_)
        return true;
    bool ok = pendingRows_ == 0 || flush(true);
    if (ok && rowsDone_ == m_spec.height) {
        unsigned char trailer[4];
        putBigEndian32(trailer, uint32_t(adler_));
        ok = writeChunk("IDAT", trailer, 4) && writeChunk("IEND", nullptr, 0);
        if (!ok)
            failIo("writing the end of the PNG");
    }
    errno = 0;
    if (std::fclose(file_) != 0 && ok) {
        ok = failIo("closing the PNG");
    }
    file_ = nullptr;
    return ok;
}

}  // namespace tilewright
