#include "tilewright/tile_row_gatherer.h"

#include <algorithm>
#include <cstring>

namespace tilewright {

TileRowGatherer::TileRowGatherer(const OIIO::ImageSpec& spec, OIIO::TypeDesc format)
    : TileRowGatherer(spec, format, spec.y)
{
}

TileRowGatherer::TileRowGatherer(const OIIO::ImageSpec& spec, OIIO::TypeDesc format, int firstRow)
    : y_(spec.y), height_(spec.height), tileHeight_(spec.tile_height),
      rowBytes_(size_t(spec.width) * spec.nchannels * format.size()), format_(format), top_(firstRow)
{
}

void TileRowGatherer::add(int yBegin, int yEnd, const char* rows, size_t rowStride, const Flush& flush)
{
    if (buffer_.empty())
        buffer_.resize(rowBytes_ * size_t(tileHeight_));
    for (int y = yBegin; y < yEnd; ++y) {
        std::memcpy(buffer_.data() + size_t(filled_) * rowBytes_, rows + size_t(y - yBegin) * rowStride,
                    rowBytes_);
        ++filled_;
        int rowsInTileRow = std::min(tileHeight_, y_ + height_ - top_);
        if (filled_ < rowsInTileRow)
            continue;
        flush(top_, top_ + filled_, buffer_.data());
        top_ += filled_;
        filled_ = 0;
        if (top_ == y_ + height_)
            std::vector<char>().swap(buffer_);
    }
}

}  // namespace tilewright
