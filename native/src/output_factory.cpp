#include "tilewright/output_factory.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <utility>
#include <vector>

#include <OpenImageIO/strutil.h>

#include "tilewright/deep_zoom_output.h"
#include "tilewright/ome_zarr_output.h"
#include "tilewright/error.h"
#include "tilewright/fast_exr_output.h"
#include "tilewright/fast_png_output.h"
#include "tilewright/fast_tiff_output.h"
#include "tilewright/library.h"
#include "tilewright/thread_budget.h"

namespace tilewright {

namespace {

bool isTiled(const OIIO::ImageSpec& spec) { return spec.tile_width > 0 && spec.tile_height > 0; }

/// The encoder for `kind`: ours where it handles the spec, else OIIO's plugin.
std::unique_ptr<OIIO::ImageOutput> chooseEncoder(const OutputTarget& target, const OIIO::ImageSpec& spec,
                                                  const OutputOptions& options, ThreadBudget& budget, bool multiPart)
{
    switch (target.kind()) {
    case OutputKind::OpenExr:
        if (!multiPart && !options.wantsPyramid() && FastExrOutput::handles(spec))
            return std::make_unique<FastExrOutput>(budget);  // deflates tiles on every permitted core
        return OIIO::ImageOutput::create(target.finalPath());
    case OutputKind::DeepZoom:
        return std::make_unique<DeepZoomOutput>(target.tileFolder(), options, budget);
    case OutputKind::OmeZarr:
        return std::make_unique<OmeZarrOutput>(options, budget);  // makes its levels itself
    case OutputKind::OmeTiff: {
        // SubIFDs and OME's rules are our TIFF encoder's; OIIO's writes neither. The OME-XML
        // carries the metadata: attributes it has no tag for are left out.
        if (!FastTiffOutput::handles(spec, FastTiffOutput::Profile::OmeTiff))
            throw Error(target.finalPath(), std::string("OME-TIFF is written for integer (8, 16, 32-bit) or 32-bit"
                                                        " float pixels of one type, 1 to 4 channels, zip or no"
                                                        " compression, from 0,0; this is ")
                                                + spec.format.c_str() + " with " + std::to_string(spec.nchannels)
                                                + " channel(s)", ErrorKind::BadOutput);
        auto tiff = std::make_unique<FastTiffOutput>(budget);
        if (options.keepExistingBytes())
            tiff->keepExistingBytes();
        return tiff;
    }
    case OutputKind::Tiff:
        if (FastTiffOutput::handles(spec)) {
            auto tiff = std::make_unique<FastTiffOutput>(budget);  // deflates on every permitted core
            if (options.keepExistingBytes())
                tiff->keepExistingBytes();
            return tiff;
        }
        return OIIO::ImageOutput::create("tiff");
    case OutputKind::Png:
        if (FastPngOutput::handles(spec))
            return std::make_unique<FastPngOutput>(budget);   // filters and deflates in parallel
        return OIIO::ImageOutput::create("png");
    case OutputKind::Unknown:
        return nullptr;
    default:
        return OIIO::ImageOutput::create(target.finalPath());  // OIIO's plugin for the extension
    }
}

/// OIIO 2.4's TIFF writer silently turns any name it does not know (zstd, say) into
/// deflate; refuse instead, so that what is asked for is what is written.
void requireKnownCompression(OutputKind kind, const OIIO::ImageSpec& spec, const std::string& path)
{
    /// Each kind's codecs, and the range of the ":N" a codec takes (0, 0: none).
    struct Codec { const char* name; int lowest, highest; };
    static const std::vector<std::pair<OutputKind, std::vector<Codec>>> known = {
        {OutputKind::Tiff, {{"none", 0, 0}, {"lzw", 0, 0}, {"zip", 1, 9}, {"deflate", 1, 9}, {"packbits", 0, 0},
                            {"jpeg", 1, 100}, {"ccittrle", 0, 0}}},
        {OutputKind::OpenExr, {{"none", 0, 0}, {"rle", 0, 0}, {"zip", 1, 9}, {"zips", 1, 9}, {"piz", 0, 0},
                               {"pxr24", 0, 0}, {"b44", 0, 0}, {"b44a", 0, 0}, {"dwaa", 1, 1000000},
                               {"dwab", 1, 1000000}}},
        {OutputKind::Png, {{"zip", 0, 9}, {"deflate", 0, 9}}},
        {OutputKind::Jpeg, {{"jpeg", 1, 100}}},
        {OutputKind::DeepZoom, {}},
        {OutputKind::OmeTiff, {{"none", 0, 0}, {"zip", 1, 9}, {"deflate", 1, 9}}},
        {OutputKind::OmeZarr, {{"none", 0, 0}, {"zip", 1, 9}, {"zlib", 1, 9}, {"zstd", 1, 22}}},
    };
    if (!spec.find_attribute("compression"))
        return;
    std::string text = spec.get_string_attribute("compression");
    size_t colon = text.find(':');
    std::string name = OIIO::Strutil::lower(text.substr(0, colon));
    std::string levelText = colon == std::string::npos ? std::string() : text.substr(colon + 1);
    const char* kindName = isTiffKind(kind) ? "tiff" : kind == OutputKind::OpenExr ? "openexr"
                           : kind == OutputKind::Png ? "png" : kind == OutputKind::Jpeg ? "jpeg" : "deep zoom";
    if (kind == OutputKind::OmeTiff)
        kindName = "OME-TIFF";
    if (kind == OutputKind::OmeZarr)
        kindName = "OME-Zarr";
    for (const auto& [k, codecs] : known) {
        if (k != kind)
            continue;
        std::string list;
        for (const Codec& c : codecs) {
            std::string range = c.highest > 0 ? "[:" + std::to_string(c.lowest) + "-" + std::to_string(c.highest) + "]" : "";
            list += (list.empty() ? "" : ", ") + std::string(c.name) + range;
            if (name != c.name)
                continue;
            if (levelText.empty())
                return;
            char* end = nullptr;
            double level = std::strtod(levelText.c_str(), &end);
            bool whole = level == double(long(level)) || name.rfind("dwa", 0) == 0;  // DWA levels are fractional
            if (c.highest > 0 && *end == '\0' && whole && level >= c.lowest && level <= c.highest)
                return;
            throw Error(path, "compression '" + text + "': " + name + (c.highest > 0
                                  ? " takes a level from " + std::to_string(c.lowest) + " to " + std::to_string(c.highest)
                                  : " takes no level"), ErrorKind::BadArgument);
        }
        std::string writer = kind == OutputKind::OmeZarr ? " files" : std::string(" files in OpenImageIO ") + OIIO_VERSION_STRING;
        throw Error(path, "compression '" + text + "' is not available for " + kindName + writer + (list.empty() ? std::string("; they take none") : "; choose one of " + list),
                    ErrorKind::BadArgument);
    }
}

/// OIIO 2.4 writes JPEG-in-TIFF correctly only as 8-bit RGB strips (YCbCr): its JPEG
/// tiles decode in no reader (GDAL, vips, OIIO), and other channel counts or 16 bits
/// silently become deflate. Anything else is refused rather than written wrong.
void requireValidJpegInTiff(OutputKind kind, const OIIO::ImageSpec& spec, const std::string& path)
{
    if (!isTiffKind(kind) || OIIO::Strutil::lower(spec.decode_compression_metadata().first) != "jpeg")
        return;
    std::string problem = isTiled(spec)                      ? "tiled"
                          : spec.format != OIIO::TypeUInt8    ? std::string(spec.format.c_str()) + " pixels"
                          : spec.nchannels != 3               ? std::to_string(spec.nchannels) + " channels"
                                                              : std::string();
    if (!problem.empty())
        throw Error(path, "JPEG compression in TIFF is written correctly only for 8-bit RGB in strips, not "
                              + problem + " (OpenImageIO 2.4); use zip or lzw, tile size 0, or a .jpg output",
                    ErrorKind::BadOutput);
}

/// Limits of the format or of the library OIIO writes it with, found before any work
/// rather than after hours: libpng refuses more than 1 000 000 pixels a side unless its
/// user limits are raised, which OIIO 2.4 does not do; libjpeg stops at 65500 (its
/// JPEG_MAX_DIMENSION, below the format's 16-bit sizes) by calling exit(); BMP and
/// Targa store 32- and 16-bit ones.
void requireSizeFitsFormat(const std::string& format, const OIIO::ImageSpec& spec, const std::string& path)
{
    static const std::vector<std::pair<std::string, long long>> limits = {
        {"png", 1000000}, {"jpeg", 65500}, {"targa", 65535}, {"bmp", 2147483647LL}};
    for (const auto& [fmt, limit] : limits)
        if (fmt == format && ((long long)spec.width > limit || (long long)spec.height > limit))
            throw Error(path, format + " files hold at most " + std::to_string(limit) + " pixels a side ("
                                  + (format == "png"    ? "libpng's limit"
                                     : format == "jpeg" ? "libjpeg's limit, which ends the process beyond it"
                                                        : "the format's limit")
                                  + "), this image is " + std::to_string(spec.width) + " x "
                                  + std::to_string(spec.height) + "; write TIFF or OpenEXR instead", ErrorKind::Limit);
}

/// PNG stores 8 or 16 bits, JPEG 8, OpenEXR half, float or 32-bit integers: OIIO would
/// convert anything else without a word, which is ignoring what the caller asked for.
void requireTypeFitsFormat(OutputKind kind, const OIIO::ImageSpec& spec, const std::string& path)
{
    auto fits = [kind](OIIO::TypeDesc t) {
        switch (kind) {
        case OutputKind::Png: return t == OIIO::TypeDesc::UINT8 || t == OIIO::TypeDesc::UINT16;
        case OutputKind::Jpeg: return t == OIIO::TypeDesc::UINT8;
        case OutputKind::OpenExr: return t == OIIO::TypeDesc::HALF || t == OIIO::TypeDesc::FLOAT || t == OIIO::TypeDesc::UINT32;
        default: return true;
        }
    };
    const char* holds = kind == OutputKind::Png ? "uint8 or uint16" : kind == OutputKind::Jpeg ? "uint8" : "half, float or uint32";
    const char* name = kind == OutputKind::Png ? "png" : kind == OutputKind::Jpeg ? "jpeg" : "openexr";
    for (int c = 0; c < spec.nchannels; ++c)
        if (!fits(spec.channelformat(c)))
            throw Error(path, std::string(name) + " files store " + holds + " pixels, not " + spec.channelformat(c).c_str(),
                        ErrorKind::BadArgument);
}

/// Checks a pyramid request against the format and marks the spec as a MIP-mapped one.
void preparePyramid(const OutputTarget& target, OIIO::ImageOutput& out, OIIO::ImageSpec& spec,
                    const OutputOptions& options)
{
    const std::string& path = target.finalPath();
    const int request = options.pyramidLevels();
    if (request < -1)
        throw Error(path, "pyramid levels must be a count of at least 1, or automatic, got " + std::to_string(request),
                    ErrorKind::BadArgument);
    // OIIO's TIFF writer stores levels as further subimages (the texture tag makes its
    // reader see MIP levels); OpenEXR appends MIP levels proper.
    bool holdsLevels = out.supports("mipmap") || (isTiffKind(target.kind()) && out.supports("multiimage"));
    if (!holdsLevels || target.kind() == OutputKind::DeepZoom)
        throw Error(path, std::string(out.format_name())
                              + " files cannot hold pyramid levels; write a TIFF or OpenEXR file, or a .dzi folder", ErrorKind::BadOutput);
    if (!isTiled(spec))
        throw Error(path, "pyramid levels are stored as tiles; give the output a tile size (256 is usual)", ErrorKind::BadOutput);
    std::vector<LevelSize> sizes = OutputFactory::pyramidLevels(target.kind(), spec, request);
    if (target.kind() == OutputKind::OpenExr && request > 0 && request != int(sizes.size()))
        throw Error(path, "an OpenEXR MIP-map holds every level down to one pixel, " + std::to_string(sizes.size())
                              + " for this size, not " + std::to_string(request) + "; ask for automatic levels", ErrorKind::BadOutput);
    // An OME-TIFF keeps its levels as SubIFDs of the full-resolution IFD, which Bio-Formats
    // reads (FastTiffOutput writes the tag, libtiff links the levels written after it).
    if (target.kind() == OutputKind::OmeTiff) {
        spec.attribute("tilewright:subifds", int(sizes.size()) - 1);
        return;
    }
    // Both plugins store reduced levels as MIP levels of a texture: TIFF as further
    // directories marked "reduced resolution", OpenEXR as a MIPMAP_LEVELS tiled file.
    spec.attribute("textureformat", "Plain Texture");
    if (target.kind() == OutputKind::OpenExr)
        spec.attribute("openexr:roundingmode", 1);  // ROUND_UP: the sizes LevelChain makes
}

/// The same command on the same inputs must write the same bytes, but OIIO's TIFF and
/// OpenEXR writers (only they) stamp the clock's time into a file given no DateTime. The date is the
/// inputs' (inherited) or the caller's; else SOURCE_DATE_EPOCH's, as reproducible builds
/// set it; else none (an empty value, which the writers then leave out).
void pinDateTime(OIIO::ImageSpec& spec)
{
    if (!spec.get_string_attribute("DateTime").empty())
        return;
    std::string date;
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        long long seconds = std::strtoll(epoch, &end, 10);
        std::time_t t = std::time_t(seconds);
        std::tm utc{};
        char text[32];
        if (end != epoch && *end == '\0' && seconds >= 0 && gmtime_r(&t, &utc)
            && std::strftime(text, sizeof text, "%Y:%m:%d %H:%M:%S", &utc))
            date = text;
    }
    spec.attribute("DateTime", date);
}

}  // namespace

std::vector<LevelSize> OutputFactory::pyramidLevels(OutputKind kind, const OIIO::ImageSpec& spec, int request)
{
    if (kind == OutputKind::OpenExr)
        return pyramidLevelSizes(spec.width, spec.height, 1, 1, 0);
    if (request < 0)
        return pyramidLevelSizes(spec.width, spec.height, spec.tile_width, spec.tile_height, 0);
    return pyramidLevelSizes(spec.width, spec.height, 1, 1, request);
}

std::unique_ptr<Encoder> OutputFactory::open(const OutputTarget& target, const std::string& writePath,
                                             const OIIO::ImageSpec& requested, const OutputOptions& options,
                                             ThreadBudget& budget, std::vector<OIIO::ImageSpec>* laterParts)
{
    const bool multiPart = laterParts && !laterParts->empty();
    if (multiPart && (target.kind() != OutputKind::OpenExr || options.wantsPyramid()))
        throw Error(target.finalPath(), "only an OpenEXR file without a pyramid holds several parts",
                    ErrorKind::BadOutput);
    if (multiPart)
        for (const OIIO::ImageSpec& part : *laterParts) {
            requireKnownCompression(target.kind(), part, target.finalPath());
            if (part.nchannels <= 0)
                throw Error(target.finalPath(), "a part needs at least one channel", ErrorKind::BadArgument);
        }
    configureOpenImageIO();
    const std::string& path = target.finalPath();
    OIIO::ImageSpec spec = requested;
    if (spec.width <= 0 || spec.height <= 0)
        throw Error(path, "image size must be positive, got " + std::to_string(spec.width) + " x "
                              + std::to_string(spec.height), ErrorKind::BadArgument);
    if (spec.nchannels <= 0)
        throw Error(path, "an image needs at least one channel, got " + std::to_string(spec.nchannels), ErrorKind::BadArgument);
    if (isTiffKind(target.kind()) && isTiled(spec) && (spec.tile_width % 16 != 0 || spec.tile_height % 16 != 0))
        throw Error(path, "TIFF tiles are a multiple of 16 pixels a side (the TIFF standard), not "
                              + std::to_string(spec.tile_width) + "x" + std::to_string(spec.tile_height)
                              + "; 256 is usual, 0 writes strips", ErrorKind::BadArgument);
    if (isTiffKind(target.kind()) || target.kind() == OutputKind::OpenExr)
        pinDateTime(spec);
    if (target.kind() == OutputKind::OmeTiff)
        requireKnownCompression(target.kind(), spec, path);  // before the encoder's own refusal names the pixels
    std::unique_ptr<OIIO::ImageOutput> out = chooseEncoder(target, spec, options, budget, multiPart);
    if (!out) {
        std::string detail = OIIO::geterror();
        throw Error(path, "no image format writes files with this extension"
                              + (detail.empty() ? std::string() : " (" + detail + ")"), ErrorKind::BadOutput);
    }
    const std::string format = out->format_name();  // for messages and the size table
    if (options.wantsPyramid() && target.kind() != OutputKind::OmeZarr)  // OME-Zarr makes its own
        preparePyramid(target, *out, spec, options);
    if (isTiffKind(target.kind()) && isTiled(spec) && spec.format == OIIO::TypeDesc::DOUBLE)
        throw Error(path, "tiled 64-bit float TIFFs are read as zeros by OpenImageIO 2.4 (oiiotool and every"
                          " tool built on it); write strips (tile size 0), or 32-bit float",
                    ErrorKind::BadOutput);
    if (isTiled(spec) && !out->supports("tiles"))
        // OIIO would emulate tiles by buffering the whole image in memory.
        throw Error(path, format + " files cannot be tiled; use tile size 0 (scanlines) for this format", ErrorKind::BadOutput);
    requireKnownCompression(target.kind(), spec, path);
    requireValidJpegInTiff(target.kind(), spec, path);
    requireSizeFitsFormat(format, spec, path);
    requireTypeFitsFormat(target.kind(), spec, path);
    int rowsPerStrip = 1;
    if (isTiffKind(target.kind()) && !isTiled(spec)) {
        // OIIO compresses strips in parallel only for calls made of whole strips, so fix
        // the strip height and cut every call on strip boundaries.
        rowsPerStrip = spec.get_int_attribute("tiff:RowsPerStrip", 32);
        spec.attribute("tiff:RowsPerStrip", rowsPerStrip);
    }
    if (target.kind() == OutputKind::Png && spec.alpha_channel >= 0 && spec.find_attribute("oiio:UnassociatedAlpha")
        && spec.get_int_attribute("oiio:UnassociatedAlpha") != 1)
        // Our PNG encoder stores the given values; OIIO's would divide them by alpha: two
        // different files for one request. Premultiplied colour is asked of formats that keep it.
        throw Error(path, "PNG stores straight (unassociated) alpha: give colour not multiplied by alpha"
                    " (oiio:UnassociatedAlpha 1), or write TIFF or OpenEXR to keep premultiplied colour",
                    ErrorKind::BadArgument);
    if (target.kind() == OutputKind::Png)
        // PNG stores unassociated alpha; without this OIIO would divide the caller's
        // colour by alpha on the way out, and the stored values would not be the given ones.
        spec.attribute("oiio:UnassociatedAlpha", 1);
    // OIIO's plugins fan out on OIIO's pool; keep them to the job's budget. OpenEXR's
    // pool is process-wide: the last job to open an EXR sizes it.
    out->threads(budget.threads());
    if (target.kind() == OutputKind::OpenExr)
        OIIO::attribute("exr_threads", budget.threads());
    auto encoder = std::make_unique<Encoder>(std::move(out), path, writePath, rowsPerStrip);
    encoder->open(spec, multiPart ? *laterParts : std::vector<OIIO::ImageSpec>{});
    return encoder;
}

}  // namespace tilewright
