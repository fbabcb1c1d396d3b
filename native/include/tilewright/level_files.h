#pragma once
/// @file level_files.h
/// The reduced levels of a MIP-mapped TIFF or OpenEXR output while it is written.
///
/// TIFF and OpenEXR (through OIIO) store level 0 first and each smaller level after
/// it, but the levels are made as level 0 streams past. So, as libvips' tiffsave does,
/// each level is written as rows arrive to its own temporary tiled file beside the
/// output, compressed like the output (all of them together about a third of it), and
/// appended to the output once level 0 is complete. Memory: a tile row per level.

#include <memory>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

#include "tilewright/pyramid.h"

namespace tilewright {

class ImageWriter;

class LevelFiles {
public:
    /// Levels `sizes[1..]` of an output described by `level0` (file type, tiles and
    /// compression are shared), temporary files named after `writePath`; errors name
    /// `displayPath`.
    LevelFiles(const std::string& displayPath, const std::string& writePath,
               const OIIO::ImageSpec& level0, std::vector<LevelSize> sizes, PyramidFilter filter);
    /// Abandons and removes every temporary file still present; never throws.
    ~LevelFiles();

    LevelFiles(const LevelFiles&) = delete;
    LevelFiles& operator=(const LevelFiles&) = delete;

    /// Feeds `count` level-0 rows in the file's pixel type, top to bottom.
    void pushRows(const char* rows, int count, size_t rowStride) { chain_.pushRows(rows, count, rowStride); }
    /// Rows of level 0 fed so far.
    int rowsReceived() const { return chain_.rowsReceived(); }

    /// Number of levels, level 0 included.
    int levelCount() const { return int(chain_.sizes().size()); }
    /// The description of level `level` (>= 1), as appended to the output.
    OIIO::ImageSpec levelSpec(int level) const;
    /// Completes level `level`'s temporary file and returns its path.
    std::string finishLevel(int level);
    /// Whether level `level` went through the fast TIFF path (raw tiles can be copied).
    bool levelUsesFastTiff(int level) const;
    /// Removes level `level`'s temporary file once appended; never throws.
    void removeLevel(int level) noexcept;

private:
    void abandonAll() noexcept;

    std::string displayPath_;
    std::vector<OIIO::ImageSpec> specs_;                 ///< index k: level k (0 unused)
    std::vector<std::string> paths_;                     ///< temporary files, index k
    std::vector<std::unique_ptr<ImageWriter>> writers_;  ///< index k, null once finished
    LevelChain chain_;
};

}  // namespace tilewright
