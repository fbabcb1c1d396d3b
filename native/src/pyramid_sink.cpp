#include "tilewright/pyramid_sink.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "tilewright/error.h"
#include "tilewright/fast_tiff_output.h"
#include "tilewright/image_reader.h"
#include "tilewright/output_factory.h"

namespace tilewright {

PyramidSink::PyramidSink(const OutputTarget& target, const Encoder& level0, const OutputOptions& options,
                         ThreadBudget& budget, const std::vector<FileProgress>* resumed)
    : displayPath_(target.finalPath()), level0_(level0.spec()), resumable_(resumed != nullptr)
{
    openLevels(target, OutputFactory::pyramidLevels(target.kind(), level0_, options.pyramidLevels()), options, budget,
               resumed);
}

PyramidSink::PyramidSink(const OutputTarget& target, const OIIO::ImageSpec& firstSpec, int firstLevel,
                         const OutputOptions& options, ThreadBudget& budget)
    : displayPath_(target.finalPath()), level0_(firstSpec), firstLevel_(firstLevel)
{
    openLevels(target, OutputFactory::pyramidLevels(target.kind(), level0_, options.pyramidLevels()), options, budget,
               nullptr);
}

OIIO::ImageSpec PyramidSink::levelSpec(OutputKind kind, const OIIO::ImageSpec& level0, LevelSize size, int k)
{
    OIIO::ImageSpec s = level0;
    s.width = size.width;
    s.height = size.height;
    const long long scale = 1LL << k;
    s.full_width = int((level0.full_width + scale - 1) / scale);
    s.full_height = int((level0.full_height + scale - 1) / scale);
    if (kind == OutputKind::Tiff)
        s.attribute("tiff:subfiletype", 1);  // FILETYPE_REDUCEDIMAGE: GDAL's overviews
    s.erase_attribute("tilewright:subifds");  // only level 0 holds them
    if (kind == OutputKind::OmeTiff)
        s.erase_attribute("ImageDescription");  // the OME-XML is the first IFD's alone
    return s;
}

void PyramidSink::openLevels(const OutputTarget& target, const std::vector<LevelSize>& sizes,
                             const OutputOptions& options, ThreadBudget& budget,
                             const std::vector<FileProgress>* resumed)
{
    // The temporary levels are plain single-level files of the same kind and codec.
    OutputOptions plainLevel = options;
    plainLevel.setPyramidLevels(0);
    levels_.resize(sizes.size());
    for (size_t k = 1; k < sizes.size(); ++k) {
        Level& level = levels_[k];
        level.spec = levelSpec(target.kind(), level0_, sizes[k], int(k));
        OIIO::ImageSpec plain = level.spec;
        plain.erase_attribute("textureformat");
        plain.erase_attribute("openexr:roundingmode");
        plain.erase_attribute("tiff:subfiletype");
        level.path = target.scratchPath("level" + std::to_string(firstLevel_ + int(k)));
        level.encoder = OutputFactory::open(target, level.path, plain, plainLevel, budget);
        if (resumable_)
            resumeLevel(level, k, *resumed);
        const OIIO::ImageSpec& opened = level.encoder->spec();
        level.gatherer = std::make_unique<TileRowGatherer>(opened, opened.format, opened.y + level.keptRows);
    }
    chain_ = std::make_unique<LevelChain>(sizes, level0_.nchannels, level0_.format, options.pyramidFilter(),
                                          [this](int k, int row, const char* pixels) {
                                              Level& level = levels_[size_t(k)];
                                              if (row < level.keptRows)
                                                  return;  // already in the level's file
                                              const OIIO::ImageSpec& s = level.encoder->spec();
                                              int y = s.y + row;
                                              level.gatherer->add(
                                                  y, y + 1, pixels, s.scanline_bytes(),
                                                  [&level, &s](int y0, int y1, const char* rows) {
                                                      level.encoder->writeTiles(s.x, s.x + s.width, y0, y1,
                                                                                s.format, rows, s.scanline_bytes());
                                                  });
                                          });
}

PyramidSink::~PyramidSink() = default;

void PyramidSink::observeRows(int yBegin, int yEnd, OIIO::TypeDesc format, const char* rows, size_t rowStride)
{
    if (yBegin - level0_.y != chain_->rowsReceived())
        throw Error(displayPath_, "rows out of order for the pyramid: row "
                                      + std::to_string(level0_.y + chain_->rowsReceived()) + " comes next, got rows "
                                      + rangeText(yBegin, yEnd) + " (levels are built as rows pass, top to bottom)",
                    ErrorKind::BadArgument);
    if (format == level0_.format) {
        chain_->pushRows(rows, yEnd - yBegin, rowStride);
        return;
    }
    // Levels reduce the stored values, so convert to the file's type first.
    size_t rowBytes = level0_.scanline_bytes();
    scratch_.resize(rowBytes);
    for (int y = yBegin; y < yEnd; ++y) {
        if (!OIIO::convert_pixel_values(format, rows + size_t(y - yBegin) * rowStride, level0_.format,
                                        scratch_.data(), level0_.width * level0_.nchannels))
            throw Error(displayPath_, std::string("cannot convert ") + format.c_str() + " rows to "
                                          + level0_.format.c_str(), ErrorKind::BadArgument);
        chain_->pushRow(scratch_.data());
    }
}

void PyramidSink::appendTo(Encoder& output)
{
    for (size_t k = 1; k < levels_.size(); ++k) {
        Level& level = levels_[k];
        bool raw = output.fastTiff() && level.encoder->fastTiff();
        level.encoder->close();  // its errors name the output, as the level is part of it
        level.encoder.reset();
        output.appendLevel(level.spec, firstLevel_ + int(k));
        if (raw) {
            // Same codec, tiles and predictor: the compressed tiles move as they are.
            errno = 0;
            if (!output.fastTiff()->appendRawTiles(level.path))
                output.fail("adding pyramid level " + std::to_string(firstLevel_ + int(k)));
        } else {
            copyDecoded(output, level.path);
        }
        if (!resumable_)
            std::remove(level.path.c_str());  // consumed; keeps the extra disk to the levels left
    }
}

void PyramidSink::resumeLevel(Level& level, size_t k, const std::vector<FileProgress>& resumed)
{
    FastTiffOutput* tiff = level.encoder->fastTiff();
    if (!tiff)
        throw Error(displayPath_, "--resume needs pyramid levels in Tilewright's TIFF encoder", ErrorKind::BadArgument);
    tiff->recordAppends();
    if (resumed.empty())
        return;
    if (!tiff->replay(resumed.at(k)))
        level.encoder->fail("continuing pyramid level " + std::to_string(k));
    level.keptRows = tiff->rowsWritten();
}

void PyramidSink::takeAppended(std::vector<FileProgress>& into)
{
    for (size_t k = 1; k < levels_.size(); ++k) {
        into.emplace_back();
        levels_[k].encoder->fastTiff()->takeAppended(into.back());
    }
}

void PyramidSink::sync()
{
    for (size_t k = 1; k < levels_.size(); ++k)
        if (!levels_[k].encoder->fastTiff()->sync())
            levels_[k].encoder->fail("making pyramid level " + std::to_string(k) + " durable");
}

void PyramidSink::copyDecoded(Encoder& output, const std::string& path)
{
    ImageReader reader(path);
    const OIIO::ImageSpec& s = reader.oiioSpec();
    const OIIO::ImageSpec& out = output.spec();
    size_t rowBytes = s.scanline_bytes();
    std::vector<char> tileRow(rowBytes * size_t(out.tile_height));
    for (int y = s.y; y < s.y + s.height; y += out.tile_height) {
        int rows = std::min(out.tile_height, s.y + s.height - y);
        reader.readRegionStrided(s.x, y, s.width, rows, 0, s.nchannels, s.format, tileRow.data(), rowBytes);
        int outY = out.y + (y - s.y);
        output.writeTiles(out.x, out.x + out.width, outY, outY + rows, s.format, tileRow.data(), rowBytes);
    }
}

}  // namespace tilewright
