#include "tilewright/open_screen.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <cstring>
#include <fstream>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#include "tilewright/error.h"
#include "tilewright/tiff_directories.h"

namespace tilewright {

namespace {

/// Text chunks larger than this are not inspected (libpng refuses chunks above 8 MB anyway).
constexpr uint32_t kMaxInspectedChunk = 64u << 20;
/// XMP inflated from a compressed PNG text chunk is inspected up to this size.
constexpr size_t kMaxInflatedXmp = 16u << 20;
const char kPngXmpKeyword[] = "XML:com.adobe.xmp";
const char kJpegXmpPrefix[] = "http://ns.adobe.com/xap/1.0/";

std::atomic<long long>& limitCell()
{
    static std::atomic<long long> limit{0};
    return limit;
}

long long physicalMemory()
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && size > 0 ? (long long)pages * size : (8LL << 30);
}

[[noreturn]] void refuse(const std::string& path, const std::string& cause, ErrorKind kind = ErrorKind::BadInput)
{
    throw Error(path, cause, kind);
}

uint32_t bigEndian32(const unsigned char* b) { return (uint32_t(b[0]) << 24) | (b[1] << 16) | (b[2] << 8) | b[3]; }

void requireShallowXmp(const std::string& path, const char* text, size_t length, const char* where)
{
    int depth = xmlNestingDepth(text, length, kMaxXmpDepth + 1);
    if (depth > kMaxXmpDepth)
        refuse(path, std::string("has XMP metadata (") + where + ") nested more than " + std::to_string(kMaxXmpDepth)
                         + " elements deep, which OpenImageIO cannot decode safely; strip it first (exiftool -xmp= FILE)");
}

/// zlib-inflates at most kMaxInflatedXmp bytes of `data` (a PNG zTXt/iTXt text).
std::string inflateText(const unsigned char* data, size_t length)
{
    std::string out;
    z_stream z{};
    if (inflateInit(&z) != Z_OK)
        return out;
    z.next_in = const_cast<unsigned char*>(data);
    z.avail_in = uInt(length);
    char buffer[65536];
    int status = Z_OK;
    while (status == Z_OK && out.size() < kMaxInflatedXmp) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        status = inflate(&z, Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - z.avail_out);
    }
    inflateEnd(&z);
    return out;
}

/// PNG: every tEXt, zTXt or iTXt chunk keyed XML:com.adobe.xmp (libpng hands OIIO all three)
/// before the image data — what OIIO's open reads; the walk never seeks through the IDATs.
void screenPng(const std::string& path, std::ifstream& in)
{
    in.seekg(8);
    unsigned char header[8];
    while (in.read(reinterpret_cast<char*>(header), 8)) {
        uint32_t length = bigEndian32(header);
        std::string type(reinterpret_cast<char*>(header + 4), 4);
        bool text = type == "tEXt" || type == "zTXt" || type == "iTXt";
        if (type == "IDAT" || type == "IEND")
            return;
        if (!text || length > kMaxInspectedChunk || length < sizeof kPngXmpKeyword) {
            in.seekg(std::streamoff(length) + 4, std::ios::cur);
            continue;
        }
        std::vector<unsigned char> data(length);
        if (!in.read(reinterpret_cast<char*>(data.data()), length))
            return;  // truncated: the decoder will say so
        in.seekg(4, std::ios::cur);
        if (std::memcmp(data.data(), kPngXmpKeyword, sizeof kPngXmpKeyword) != 0)
            continue;
        size_t at = sizeof kPngXmpKeyword;  // past the keyword's NUL
        bool compressed = type == "zTXt";
        if (type == "iTXt") {
            if (at + 2 > length)
                continue;
            compressed = data[at] != 0;
            at += 2;  // compression flag and method
            for (int field = 0; field < 2 && at < length; ++field)  // language tag, translated keyword
                at = size_t(std::find(data.begin() + long(at), data.end(), 0) - data.begin()) + 1;
        } else if (compressed) {
            at += 1;  // method
        }
        if (at >= length)
            continue;
        if (compressed) {
            std::string xmp = inflateText(data.data() + at, length - at);
            requireShallowXmp(path, xmp.data(), xmp.size(), "PNG text chunk");
        } else {
            requireShallowXmp(path, reinterpret_cast<char*>(data.data()) + at, length - at, "PNG text chunk");
        }
    }
}

/// Walks a JPEG's marker segments from SOI to the first scan. `visit(marker, payload)` may
/// read from the payload's start and returns how many bytes it read (the rest is sought
/// over), or -1 to stop the walk.
template <typename Visit>
void walkJpegSegments(std::istream& in, Visit visit)
{
    in.seekg(2);
    unsigned char b[4];
    for (int segments = 0; segments < 65536 && in.read(reinterpret_cast<char*>(b), 2); ++segments) {
        if (b[0] != 0xFF)
            return;  // not a marker where one must be: the decoder will say so
        unsigned char marker = b[1];
        if (marker == 0xFF) {  // fill byte before a marker
            in.seekg(-1, std::ios::cur);
            continue;
        }
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue;  // markers without a length
        if (marker == 0xDA || marker == 0xD9)
            return;  // the scan begins: metadata and frame header are behind us
        if (!in.read(reinterpret_cast<char*>(b + 2), 2))
            return;
        int payload = ((int(b[2]) << 8) | b[3]) - 2;
        if (payload < 0)
            return;
        long consumed = visit(marker, payload);
        if (consumed < 0 || !in)
            return;
        in.seekg(payload - consumed, std::ios::cur);
    }
}

bool isFrameHeader(unsigned char marker)
{
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

/// Coefficient bytes of a progressive frame (SOF2, 6, 10, 14) read from `in`, positioned at
/// its payload; 0 for a sequential frame, decoded a row of blocks at a time.
long long coefficientBytes(std::istream& in, unsigned char marker, int payload)
{
    if (marker != 0xC2 && marker != 0xC6 && marker != 0xCA && marker != 0xCE)
        return 0;
    unsigned char f[6 + 3 * 255];
    size_t size = std::min(sizeof f, size_t(payload));
    if (size < 6 || !in.read(reinterpret_cast<char*>(f), long(size)))
        return 0;
    long long height = (f[1] << 8) | f[2], width = (f[3] << 8) | f[4];
    int components = std::min<int>(f[5], int(size - 6) / 3);
    int hMax = 1, vMax = 1;
    for (int c = 0; c < components; ++c) {
        hMax = std::max(hMax, f[6 + 3 * c + 1] >> 4);
        vMax = std::max(vMax, f[6 + 3 * c + 1] & 15);
    }
    long long bytes = 0;
    for (int c = 0; c < components; ++c) {
        int h = std::max(1, f[6 + 3 * c + 1] >> 4), v = std::max(1, f[6 + 3 * c + 1] & 15);
        long long blocksWide = (width * h + 8LL * hMax - 1) / (8LL * hMax);
        long long blocksHigh = (height * v + 8LL * vMax - 1) / (8LL * vMax);
        bytes += blocksWide * blocksHigh * 64 * 2;
    }
    return bytes;
}

/// JPEG, in one walk to the first scan: the XMP APP1 segments, and a progressive frame's
/// coefficients against the decode limit.
void screenJpeg(const std::string& path, std::ifstream& in)
{
    long long coefficients = 0;
    walkJpegSegments(in, [&](unsigned char marker, int payload) -> long {
        if (marker == 0xE1 && payload > int(sizeof kJpegXmpPrefix)) {
            std::vector<char> data(static_cast<size_t>(payload), 0);
            if (!in.read(data.data(), long(data.size())))
                return -1;
            if (std::memcmp(data.data(), kJpegXmpPrefix, sizeof kJpegXmpPrefix) == 0)
                requireShallowXmp(path, data.data() + sizeof kJpegXmpPrefix, data.size() - sizeof kJpegXmpPrefix,
                                  "JPEG APP1 segment");
            return payload;
        }
        if (isFrameHeader(marker) && coefficients == 0) {
            std::streampos at = in.tellg();
            coefficients = coefficientBytes(in, marker, payload);
            in.clear();
            in.seekg(at);
        }
        return 0;
    });
    if (coefficients > wholeDecodeLimit())
        refuse(path,
               "is a progressive JPEG whose decoding holds " + std::to_string((coefficients + (1 << 20) - 1) >> 20)
                   + " MB at once (every coefficient of the image), more than the "
                   + std::to_string(wholeDecodeLimit() >> 20)
                   + " MB allowed; raise the memory budget (--memory) or convert it to a baseline JPEG or a tiled TIFF",
               ErrorKind::Limit);
}

/// TIFF, in every directory OIIO may read: the XMLPacket tag (700), and that every strip or
/// tile lies inside the file — libtiff replaces a strip size that runs past the end with one
/// computed from the image, and OIIO 2.4 then reads the missing rows as zeros, with no error.
void screenTiff(const std::string& path, uint64_t fileSize)
{
    TIFF* tif = openTiffQuietly(path);
    if (!tif)
        return;  // the decoder will say what is wrong
    try {
        int directory = 0;
        do {
            uint32_t count = 0;
            void* data = nullptr;
            if (TIFFGetField(tif, TIFFTAG_XMLPACKET, &count, &data) && data)
                requireShallowXmp(path, static_cast<const char*>(data), count, "TIFF tag 700");
            const uint32_t chunks = TIFFIsTiled(tif) ? TIFFNumberOfTiles(tif) : TIFFNumberOfStrips(tif);
            for (uint32_t i = 0; i < chunks; ++i) {
                const uint64_t offset = TIFFGetStrileOffset(tif, i), size = TIFFGetStrileByteCount(tif, i);
                if (offset == 0 && size == 0)
                    continue;  // a sparse file's empty tile (GDAL writes them): read as zeros by design
                if (offset > fileSize || size > fileSize - offset)
                    refuse(path, std::string("is cut short: its ") + (TIFFIsTiled(tif) ? "tile " : "strip ")
                                     + std::to_string(i) + (directory ? " of directory " + std::to_string(directory) : "")
                                     + " ends at byte " + std::to_string(offset + size) + " of a "
                                     + std::to_string(fileSize) + "-byte file");
            }
            ++directory;
        } while (TIFFReadDirectory(tif));
    } catch (...) {
        TIFFClose(tif);
        throw;
    }
    TIFFClose(tif);
}

}  // namespace

long long wholeDecodeLimit()
{
    long long set = limitCell().load();
    return set > 0 ? set : physicalMemory() / 4;
}

void setWholeDecodeLimit(long long bytes) { limitCell().store(std::max(0LL, bytes)); }

int xmlNestingDepth(const char* text, size_t length, int stopAt)
{
    int depth = 0, deepest = 0;
    for (size_t i = 0; i + 1 < length; ++i) {
        if (text[i] != '<')
            continue;
        char next = text[i + 1];
        if (next == '/') {
            depth = std::max(0, depth - 1);
        } else if (next != '?' && next != '!') {
            const char* close = static_cast<const char*>(std::memchr(text + i, '>', length - i));
            bool selfClosed = close && close > text + i + 1 && close[-1] == '/';
            if (!selfClosed && ++depth > deepest && (deepest = depth) >= stopAt)
                return deepest;
            if (close)
                i = size_t(close - text);
        }
    }
    return deepest;
}

long long progressiveJpegCoefficientBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    unsigned char soi[2];
    if (!in.read(reinterpret_cast<char*>(soi), 2) || soi[0] != 0xFF || soi[1] != 0xD8)
        return 0;
    long long bytes = 0;
    walkJpegSegments(in, [&](unsigned char marker, int payload) -> long {
        if (!isFrameHeader(marker))
            return 0;
        bytes = coefficientBytes(in, marker, payload);
        return -1;  // the first frame decides
    });
    return bytes;
}

void screenBeforeOpening(const std::string& path)
{
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0)
        refuse(path, "no such file");
    if (S_ISDIR(st.st_mode))
        refuse(path, "is a directory, not an image");
    if (!S_ISREG(st.st_mode))
        refuse(path, "is not a regular file (a device, FIFO or socket); Tilewright reads images from regular files only");
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in && (errno == EMFILE || errno == ENFILE))
        // The process is out of descriptors: not this file's fault, so never a missing input.
        refuse(path, "cannot be opened: too many open files (raise ulimit -n, or lower --max-open-files)",
               ErrorKind::Limit);
    if (!in)
        refuse(path, std::string("cannot be opened: ") + std::strerror(errno));
    unsigned char magic[4] = {};
    if (!in.read(reinterpret_cast<char*>(magic), 4))
        return;  // too short to be anything: the decoder will say so
    if (magic[0] == 0x89 && magic[1] == 'P' && magic[2] == 'N' && magic[3] == 'G') {
        screenPng(path, in);
    } else if (magic[0] == 0xFF && magic[1] == 0xD8) {
        screenJpeg(path, in);
    } else if ((magic[0] == 'I' && magic[1] == 'I' && (magic[2] == 42 || magic[2] == 43) && magic[3] == 0)
               || (magic[0] == 'M' && magic[1] == 'M' && magic[2] == 0 && (magic[3] == 42 || magic[3] == 43))) {
        screenTiff(path, uint64_t(st.st_size));
    }
}

}  // namespace tilewright
