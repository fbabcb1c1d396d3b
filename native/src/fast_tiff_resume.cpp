/// @file fast_tiff_resume.cpp
/// FastTiffOutput's file I/O and what a resumed job needs of it: replaying the appends an
/// earlier run made durable, reporting new ones for the journal, syncing, and reading
/// replayed tiles back (resume_journal.h says why replaying is enough).

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/stat.h>
#include <unistd.h>

#include <tiffio.h>

#include "tilewright/fast_tiff_output.h"
#include "tilewright/thread_budget.h"
#include "tilewright/zlib_codec.h"

namespace tilewright {

namespace {

/// Undoes TIFF predictor 2 (horizontal differencing) of `rows` rows in place.
template <typename T>
void accumulateRows(T* data, int width, int rows, int channels)
{
    for (int r = 0; r < rows; ++r) {
        T* row = data + size_t(r) * width * channels;
        for (int x = 1; x < width; ++x)
            for (int c = 0; c < channels; ++c)
                row[size_t(x) * channels + c] += row[size_t(x - 1) * channels + c];
    }
}

}  // namespace

int64_t FastTiffOutput::ioRead(void* self, void* buffer, int64_t size)
{
    auto* out = static_cast<FastTiffOutput*>(self);
    ssize_t n;
    do
        n = ::pread(out->fd_, buffer, size_t(size), off_t(out->position_));
    while (n < 0 && errno == EINTR);
    if (n > 0)
        out->position_ += uint64_t(n);
    return n;
}

int64_t FastTiffOutput::ioWrite(void* self, void* buffer, int64_t size)
{
    auto* out = static_cast<FastTiffOutput*>(self);
    if (!out->replaying_) {
        const char* p = static_cast<const char*>(buffer);
        for (int64_t done = 0; done < size;) {
            ssize_t n = ::pwrite(out->fd_, p + done, size_t(size - done), off_t(out->position_ + uint64_t(done)));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return done > 0 ? done : -1;
            done += n;
        }
    }
    out->position_ += uint64_t(size);
    out->end_ = std::max(out->end_, out->position_);
    return size;
}

uint64_t FastTiffOutput::ioSeek(void* self, uint64_t offset, int whence)
{
    auto* out = static_cast<FastTiffOutput*>(self);
    if (whence == SEEK_SET)
        out->position_ = offset;
    else if (whence == SEEK_CUR)
        out->position_ += offset;
    else
        out->position_ = out->end_ + offset;
    return out->position_;
}

uint64_t FastTiffOutput::ioSize(void* self) { return static_cast<FastTiffOutput*>(self)->end_; }

bool FastTiffOutput::replay(const FileProgress& progress)
{
    const bool tiles = m_spec.tile_width > 0;
    const size_t count = size_t(tiles ? TIFFNumberOfTiles(tif_) : TIFFNumberOfStrips(tif_));
    struct stat st{};
    if (fstat(fd_, &st) != 0 || uint64_t(st.st_size) < progress.length) {
        errorfmt("the partial file is shorter than its resume journal says ({} bytes, not {})",
                 uint64_t(st.st_size), progress.length);
        return false;
    }
    uint32_t largest = 0;
    for (size_t k = 0; k < progress.chunks.size(); ++k) {
        const ChunkRecord& r = progress.chunks[k];
        // Chunks are appended in index order (raster order of tiles, strips top down).
        if (r.index != k || r.index >= count || r.size == 0 || r.size > progress.length) {
            errorfmt("the resume journal does not describe this file (chunk {})", k);
            return false;
        }
        largest = std::max(largest, r.size);
    }
    // The bytes are not read (ioWrite skips them while replaying); libtiff only needs a buffer.
    std::vector<unsigned char> placeholder(largest);
    replayedAt_.assign(count, {0, 0});
    for (const ChunkRecord& r : progress.chunks) {
        uint64_t at = end_;  // libtiff appends every new chunk at its end of file
        tmsize_t written = tiles ? TIFFWriteRawTile(tif_, r.index, placeholder.data(), tmsize_t(r.size))
                                 : TIFFWriteRawStrip(tif_, r.index, placeholder.data(), tmsize_t(r.size));
        if (written != tmsize_t(r.size))
            return failWrite("replaying the partial file");
        replayedAt_[r.index] = {at, r.size};
        ++chunksWritten_;
    }
    if (end_ != progress.length) {
        errorfmt("the resume journal does not describe this file ({} bytes replayed, not {})", end_,
                 progress.length);
        return false;
    }
    errno = 0;
    if (ftruncate(fd_, off_t(end_)) != 0)  // what followed the last checkpoint is written again
        return failWrite("cutting the partial file to its last checkpoint");
    replaying_ = false;
    if (!tiles)
        pendingY_ = std::min(m_spec.height, int(progress.chunks.size()) * rowsPerStrip_);
    return true;
}

int FastTiffOutput::rowsWritten() const
{
    if (m_spec.tile_width <= 0)
        return std::min(m_spec.height, int(chunksWritten_) * rowsPerStrip_);
    size_t across = size_t((m_spec.width + m_spec.tile_width - 1) / m_spec.tile_width);
    return int(std::min<size_t>(size_t(m_spec.height), chunksWritten_ / across * size_t(m_spec.tile_height)));
}

void FastTiffOutput::takeAppended(FileProgress& into)
{
    into.length = end_;
    into.chunks.clear();
    into.chunks.swap(appended_);
}

bool FastTiffOutput::sync()
{
    errno = 0;
    if (fdatasync(fd_) != 0)
        return failWrite("making the partial file durable");
    return true;
}

bool FastTiffOutput::readTileRow(int tileRow, char* rows, size_t rowStride) const
{
    const int tw = m_spec.tile_width, th = m_spec.tile_height;
    const int across = (m_spec.width + tw - 1) / tw;
    const int rowsHere = std::min(th, m_spec.height - tileRow * th);
    const size_t tileBytes = size_t(tw) * th * pixelBytes_;
    std::vector<char> ok(size_t(across), 0);
    budget_.parallelFor(size_t(across), [&](size_t t) {
        size_t index = size_t(tileRow) * size_t(across) + t;
        if (index >= replayedAt_.size() || replayedAt_[index].second == 0)
            return;
        auto [offset, size] = replayedAt_[index];
        std::vector<unsigned char> stored(size), tile(tileBytes);
        if (::pread(fd_, stored.data(), size, off_t(offset)) != ssize_t(size))
            return;
        if (deflate_) {
            if (!zlibDecompress(stored.data(), size, tile.data(), tileBytes))
                return;
            if (predicts() && m_spec.format.size() == 1)
                accumulateRows(tile.data(), tw, th, m_spec.nchannels);
            else if (predicts() && m_spec.format.size() == 2)
                accumulateRows(reinterpret_cast<uint16_t*>(tile.data()), tw, th, m_spec.nchannels);
            else if (predicts())
                accumulateRows(reinterpret_cast<uint32_t*>(tile.data()), tw, th, m_spec.nchannels);
        } else if (size == tileBytes) {
            tile.swap(stored);
        } else {
            return;
        }
        int x = int(t) * tw;
        size_t bytes = size_t(std::min(tw, m_spec.width - x)) * pixelBytes_;
        for (int r = 0; r < rowsHere; ++r)
            std::memcpy(rows + size_t(r) * rowStride + size_t(x) * pixelBytes_, tile.data() + size_t(r) * tw * pixelBytes_,
                        bytes);
        ok[t] = 1;
    });
    return std::all_of(ok.begin(), ok.end(), [](char c) { return c != 0; });
}

}  // namespace tilewright
