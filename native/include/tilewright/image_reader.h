#pragma once
/// @file image_reader.h
/// Reading one image (subimage 0, MIP level 0 unless another is selected) through OIIO's ImageInput, by
/// scanlines, tiles or arbitrary regions, converting to a requested pixel type.
/// Regions are read a bounded chunk at a time, so an image far larger than RAM
/// can be read piece by piece. Coordinates are absolute (data window), ranges
/// half-open, channels [chBegin, chEnd).

#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/error.h"
#include "tilewright/tiff_tile_reader.h"
#include "tilewright/spec.h"

namespace tilewright {

class ImageReader {
public:
    /// Opens `path`; throws Error naming it if it is missing or unreadable.
    explicit ImageReader(const std::string& path);
    ~ImageReader();
    ImageReader(const ImageReader&) = delete;
    ImageReader& operator=(const ImageReader&) = delete;

    /// The image's description (a copy the caller owns).
    Spec spec() const { return Spec(in_->spec()); }
    std::string formatName() const;
    /// Number of subimages (pyramid levels, EXR parts…) in the file.
    int subimageCount();
    /// Number of MIP levels of the current subimage (1 for a plain image).
    int mipLevelCount();
    /// Makes `subimage`, MIP level `mipLevel` the image read and described by spec();
    /// throws Error naming the file if it has no such level.
    void selectLevel(int subimage, int mipLevel);
    /// Bytes decoding this file holds at once (see decode_footprint.h).
    long long decodeBytesAtOnce() const;
    /// The subimage (part, directory) being read.
    int subimage() const { return subimage_; }

    void readScanlines(int yBegin, int yEnd, int chBegin, int chEnd, int typeCode,
                       void* data, long long capacity);
    void readTiles(int xBegin, int xEnd, int yBegin, int yEnd, int chBegin, int chEnd,
                   int typeCode, void* data, long long capacity);
    /// Any rectangle inside the data window, tiled or not, into a contiguous
    /// `width` x `height` buffer.
    void readRegion(int x, int y, int width, int height, int chBegin, int chEnd, int typeCode,
                    void* data, long long capacity);
    /// readRegion into a buffer whose rows are `rowStride` bytes apart (a window of a
    /// larger buffer, such as a stitch band); C++ callers only. `data` must hold
    /// (height - 1) * rowStride + width * pixel bytes.
    void readRegionStrided(int x, int y, int width, int height, int chBegin, int chEnd,
                           OIIO::TypeDesc format, char* data, size_t rowStride);
    /// The open file's description, without a copy.
    const OIIO::ImageSpec& oiioSpec() const { return in_->spec(); }
    const std::string& path() const { return path_; }
    /// Caps OIIO's fan-out inside this file's reads (1: the calling thread decodes
    /// alone, as a stitch wants when it decodes many inputs on the job's threads).
    void setThreads(int threads) { if (in_) in_->threads(threads); }
    /// Releases the file (idempotent, never throws).
    void close() noexcept;

private:
    void requireOpen() const;
    /// Throws Error naming the file; a bad file unless `kind` says the call was wrong.
    [[noreturn]] void fail(const std::string& cause, ErrorKind kind = ErrorKind::BadInput) const;
    [[noreturn]] void failFromOiio(const std::string& operation);
    void checkChannels(int chBegin, int chEnd) const;
    void checkCapacity(long long needed, long long capacity) const;
    void checkRegion(int x, int y, int width, int height) const;
    void releaseScratch();
    /// Throws if the codec warned, during a read that returned success, that data ran out.
    void requireDataComplete();
    /// Refuses, at open, the TIFF kinds OIIO 2.4 decodes into wrong pixels or a crash.
    void refuseWhatOpenImageIOMisreads();
    /// Rows reads must start on a multiple of (1 unless libtiff cannot skip inside a strip).
    int stripAlignment() const;
    void readScanlineRegion(int x, int y, int width, int height, int chBegin, int chEnd,
                            OIIO::TypeDesc format, char* data, size_t rowStride);
    void readTiledRegion(int x, int y, int width, int height, int chBegin, int chEnd,
                         OIIO::TypeDesc format, char* data, size_t rowStride);

    std::string path_;
    std::unique_ptr<OIIO::ImageInput> in_;
    std::vector<char> scratch_;
    /// libtiff's reading of the tiles OIIO decodes wrongly (made on first use).
    std::unique_ptr<TiffTileReader> tiffTiles_;
    int subimage_ = 0;  ///< the level selectLevel chose
    int mipLevel_ = 0;
};

}  // namespace tilewright
