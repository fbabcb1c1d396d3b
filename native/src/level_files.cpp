#include "tilewright/level_files.h"

#include <cstdio>

#include "tilewright/error.h"
#include "tilewright/image_writer.h"
#include "tilewright/pixel_type.h"

namespace tilewright {

namespace {

/// "<stem>.level<k><ext>" beside `writePath` (whose name already marks it temporary).
std::string levelPath(const std::string& writePath, int level)
{
    size_t slash = writePath.find_last_of('/');
    size_t dot = writePath.find_last_of('.');
    bool hasExtension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    std::string stem = hasExtension ? writePath.substr(0, dot) : writePath;
    std::string extension = hasExtension ? writePath.substr(dot) : std::string();
    return stem + ".level" + std::to_string(level) + extension;
}

}  // namespace

LevelFiles::LevelFiles(const std::string& displayPath, const std::string& writePath,
                       const OIIO::ImageSpec& level0, std::vector<LevelSize> sizes, PyramidFilter filter)
    : displayPath_(displayPath),
      chain_(sizes, level0.nchannels, level0.format, filter,
             [this](int level, int row, const char* pixels) {
                 const OIIO::ImageSpec& s = specs_[size_t(level)];
                 writers_[size_t(level)]->writeScanlines(s.y + row, s.y + row + 1, toTypeCode(s.format), pixels,
                                                         (long long)s.scanline_bytes());
             })
{
    specs_.resize(sizes.size());
    paths_.resize(sizes.size());
    writers_.resize(sizes.size());
    try {
        for (size_t k = 1; k < sizes.size(); ++k) {
            OIIO::ImageSpec s = level0;
            s.width = sizes[k].width;
            s.height = sizes[k].height;
            const long long scale = 1LL << k;
            s.full_width = int((level0.full_width + scale - 1) / scale);
            s.full_height = int((level0.full_height + scale - 1) / scale);
            specs_[k] = s;
            paths_[k] = levelPath(writePath, int(k));
            // The temporary level is a plain single-level file of the same kind.
            OIIO::ImageSpec plain = s;
            plain.erase_attribute("textureformat");
            plain.erase_attribute("openexr:roundingmode");
            writers_[k] = std::make_unique<ImageWriter>(displayPath_, paths_[k], Spec(plain));
        }
    } catch (...) {
        abandonAll();  // no destructor runs for a constructor that throws
        throw;
    }
}

void LevelFiles::abandonAll() noexcept
{
    for (size_t k = 1; k < writers_.size(); ++k) {
        writers_[k].reset();  // closes without committing
        removeLevel(int(k));
    }
}

LevelFiles::~LevelFiles() { abandonAll(); }

OIIO::ImageSpec LevelFiles::levelSpec(int level) const { return specs_.at(size_t(level)); }

std::string LevelFiles::finishLevel(int level)
{
    std::unique_ptr<ImageWriter>& writer = writers_.at(size_t(level));
    if (!writer)
        throw Error(displayPath_, "level " + std::to_string(level) + " was already finished");
    writer->finish();  // its errors name the output, as the level is part of it
    writer.reset();
    return paths_[size_t(level)];
}

bool LevelFiles::levelUsesFastTiff(int level) const
{
    const auto& writer = writers_.at(size_t(level));
    return writer && writer->usesFastTiff();
}

void LevelFiles::removeLevel(int level) noexcept
{
    if (size_t(level) < paths_.size() && !paths_[size_t(level)].empty()) {
        std::remove(paths_[size_t(level)].c_str());
        paths_[size_t(level)].clear();
    }
}

}  // namespace tilewright
