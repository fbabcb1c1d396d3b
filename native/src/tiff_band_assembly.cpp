#include "tilewright/tiff_band_assembly.h"

#include <algorithm>
#include <cerrno>
#include <memory>
#include <tiffio.h>

#include "tilewright/encoder.h"
#include "tilewright/error.h"
#include "tilewright/fast_tiff_output.h"
#include "tilewright/input_metadata.h"
#include "tilewright/output_factory.h"
#include "tilewright/piece_reader.h"
#include "tilewright/pyramid_sink.h"
#include "tilewright/thread_budget.h"

namespace tilewright {

namespace {

/// A part file opened at one of its directories with libtiff; closed by its owner.
struct PartFile {
    TIFF* tif = nullptr;
    PartFile(const std::string& path, int directory)
    {
        tif = TIFFOpen(path.c_str(), "rm");
        if (!tif)
            throw Error(path, "cannot open the band's part file", ErrorKind::BadInput);
        if (!TIFFSetDirectory(tif, tdir_t(directory)) || !TIFFIsTiled(tif)) {
            TIFFClose(tif);
            throw Error(path, "the band's part file has no tiled level " + std::to_string(directory), ErrorKind::BadInput);
        }
    }
    ~PartFile() { TIFFClose(tif); }
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;
};

}  // namespace

TiffBandAssembly::TiffBandAssembly(const OutputTarget& target, const Spec& spec, const OutputOptions& options)
    : target_(target), spec_(spec.oiio()), options_(options)
{
}

void TiffBandAssembly::addInput(const std::string& path) { inputs_.push_back(path); }

void TiffBandAssembly::addPart(const std::string& path) { parts_.push_back(path); }

void TiffBandAssembly::setPartLevels(int levels)
{
    if (levels < 1)
        throw Error(target_.finalPath(), "parts hold at least their full resolution", ErrorKind::BadArgument);
    partLevels_ = levels;
}

int TiffBandAssembly::levelCount(const Spec& spec, int pyramidRequest)
{
    if (pyramidRequest == 0)
        return 1;
    return int(OutputFactory::pyramidLevels(OutputKind::Tiff, spec.oiio(), pyramidRequest).size());
}

OIIO::ImageSpec TiffBandAssembly::inheritedSpec() const
{
    std::vector<StitchInput> inputs;
    for (const std::string& in : inputs_) {
        StitchInput s{};
        s.path = in;
        inputs.push_back(s);
    }
    OIIO::ImageSpec spec = spec_;
    inheritMetadata(inputs, spec);
    return spec;
}

Error TiffBandAssembly::notAssemblable(const OIIO::ImageSpec& spec, bool tiled) const
{
    return Error(target_.finalPath(),
                 "a banded stitch writes a tiled TIFF through Tilewright's own encoder (8- or 16-bit integer pixels,"
                 " 1 to 4 channels, zip or no compression), whose tiles it can copy; this output is "
                     + std::string(spec.format.c_str()) + " with " + std::string(spec.get_string_attribute("compression", "zip"))
                     + " compression" + (tiled ? "" : ", in strips"),
                 ErrorKind::BadOutput);
}

void TiffBandAssembly::check() const
{
    OIIO::ImageSpec spec = inheritedSpec();
    const bool tiled = spec.tile_width > 0 && spec.tile_height > 0;
    if (!isTiffKind(target_.kind()) || !tiled || !FastTiffOutput::handles(spec))
        throw notAssemblable(spec, tiled);
}

void TiffBandAssembly::run()
{
    const std::string& path = target_.finalPath();
    if (!isTiffKind(target_.kind()) || parts_.empty())
        throw Error(path, "a banded stitch assembles TIFF files from at least one part", ErrorKind::BadArgument);
    spec_ = inheritedSpec();
    ThreadBudget budget(options_.threads());
    ThreadBudget::Permit permit(budget);
    std::unique_ptr<Encoder> output = OutputFactory::open(target_, target_.temporaryPath(), spec_, options_, budget);
    if (!output->fastTiff() || !output->tiled())
        throw notAssemblable(spec_, output->tiled());
    const OIIO::ImageSpec level0 = output->spec();
    std::vector<LevelSize> sizes = options_.wantsPyramid()
                                       ? OutputFactory::pyramidLevels(target_.kind(), level0, options_.pyramidLevels())
                                       : std::vector<LevelSize>{{level0.width, level0.height}};
    const int inParts = std::min(partLevels_, int(sizes.size()));
    auto tilesOf = [&](LevelSize s) {
        return int64_t((s.width + level0.tile_width - 1) / level0.tile_width)
               * int64_t((s.height + level0.tile_height - 1) / level0.tile_height);
    };
    auto levelSpec = [&](int k) {
        return k == 0 ? level0 : PyramidSink::levelSpec(target_.kind(), level0, sizes[size_t(k)], k);
    };

    // Levels too coarse for a band: reduced from the last level the parts hold, first, so
    // that their files are complete when the levels are appended in order.
    std::unique_ptr<PyramidSink> tail;
    if (int(sizes.size()) > inParts) {
        OutputOptions tailOptions = options_;
        tailOptions.setPyramidLevels(int(sizes.size()) - (inParts - 1));
        OIIO::ImageSpec last = levelSpec(inParts - 1);
        tail = std::make_unique<PyramidSink>(target_, last, inParts - 1, tailOptions, budget);
        feedLevel(*tail, last, inParts - 1);
    }
    copyLevel(*output, 0, tilesOf(sizes[0]));
    for (int k = 1; k < inParts; ++k) {
        output->appendLevel(levelSpec(k), k);
        copyLevel(*output, k, tilesOf(sizes[size_t(k)]));
    }
    if (tail)
        tail->appendTo(*output);
    output->close();
}

void TiffBandAssembly::copyLevel(Encoder& output, int level, int64_t tilesInLevel)
{
    uint32_t next = 0;
    for (const std::string& part : parts_) {
        uint32_t copied = 0;
        errno = 0;
        if (!output.fastTiff()->copyBandTiles(part, level, next, copied))
            output.fail("copying level " + std::to_string(level) + " of a band");
        next += copied;
    }
    if (int64_t(next) != tilesInLevel)
        throw Error(target_.finalPath(), "the parts hold " + std::to_string(next) + " tiles of level "
                                             + std::to_string(level) + ", which has " + std::to_string(tilesInLevel),
                    ErrorKind::BadInput);
}

void TiffBandAssembly::feedLevel(PyramidSink& sink, const OIIO::ImageSpec& levelSpec, int level)
{
    const int tileW = levelSpec.tile_width, tileH = levelSpec.tile_height;
    const size_t pixelBytes = levelSpec.pixel_bytes();
    const size_t rowBytes = size_t(levelSpec.width) * pixelBytes;
    std::vector<char> rows(rowBytes * size_t(tileH));
    std::vector<char> tile(size_t(tileW) * tileH * pixelBytes);
    int y = levelSpec.y;
    for (const std::string& part : parts_) {
        PartFile file(part, level);
        uint32_t width = 0, height = 0;
        TIFFGetField(file.tif, TIFFTAG_IMAGEWIDTH, &width);
        TIFFGetField(file.tif, TIFFTAG_IMAGELENGTH, &height);
        if (int(width) != levelSpec.width || tmsize_t(tile.size()) != TIFFTileSize(file.tif))
            throw Error(part, "level " + std::to_string(level) + " of the band is not a band of the output's",
                        ErrorKind::BadInput);
        if (int64_t(y - levelSpec.y) + height > levelSpec.height)
            throw Error(part, "the parts hold more than the " + std::to_string(levelSpec.height) + " rows of level "
                                  + std::to_string(level) + " (are they another job's, or out of order?)",
                        ErrorKind::BadInput);
        for (uint32_t top = 0; top < height; top += uint32_t(tileH)) {
            const int h = int(std::min<uint32_t>(uint32_t(tileH), height - top));
            for (int x0 = 0; x0 < levelSpec.width; x0 += tileW) {
                ttile_t index = TIFFComputeTile(file.tif, uint32_t(x0), top, 0, 0);
                if (TIFFReadEncodedTile(file.tif, index, tile.data(), tmsize_t(tile.size())) != tmsize_t(tile.size()))
                    throw Error(part, "a tile of level " + std::to_string(level) + " cannot be decoded",
                                ErrorKind::BadInput);
                const size_t w = size_t(std::min(tileW, levelSpec.width - x0)) * pixelBytes;
                for (int r = 0; r < h; ++r)
                    std::copy_n(tile.data() + size_t(r) * tileW * pixelBytes, w,
                                rows.data() + size_t(r) * rowBytes + size_t(x0) * pixelBytes);
            }
            sink.observeRows(y, y + h, levelSpec.format, rows.data(), rowBytes);
            y += h;
        }
    }
    if (y != levelSpec.y + levelSpec.height)
        throw Error(target_.finalPath(), "the parts hold " + std::to_string(y - levelSpec.y) + " rows of level "
                                             + std::to_string(level) + ", which has " + std::to_string(levelSpec.height),
                    ErrorKind::BadInput);
}

}  // namespace tilewright
