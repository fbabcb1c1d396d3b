#include "tilewright/fast_tiff_output.h"

#include <algorithm>
#include <cmath>
#include <cerrno>
#include <cstdarg>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

#include <tiffio.h>

#include <OpenImageIO/strutil.h>
#include <OpenImageIO/tiffutils.h>

#include "tilewright/thread_budget.h"
#include "tilewright/rows.h"
#include "tilewright/zlib_codec.h"

namespace tilewright {

namespace {

/// Most bytes of strip rows gathered before a parallel batch is compressed.
constexpr size_t kStripBatchBytes = size_t(8) << 20;

/// The text tags of the first directory, by OIIO's attribute names.
struct TextTag {
    const char* name;
    uint32_t tag;
};
constexpr TextTag kTextTags[] = {{"Software", TIFFTAG_SOFTWARE}, {"ImageDescription", TIFFTAG_IMAGEDESCRIPTION},
                                 {"Artist", TIFFTAG_ARTIST}, {"Copyright", TIFFTAG_COPYRIGHT},
                                 {"DateTime", TIFFTAG_DATETIME}, {"DocumentName", TIFFTAG_DOCUMENTNAME},
                                 {"Make", TIFFTAG_MAKE}, {"Model", TIFFTAG_MODEL},
                                 {"HostComputer", TIFFTAG_HOSTCOMPUTER},
                                 // OIIO reads the directories of a file with this tag as MIP levels.
                                 {"textureformat", TIFFTAG_PIXAR_TEXTUREFORMAT}};

/// Whether OIIO's TIFF writer puts `p` into its Exif directory, and so does this one: a tag
/// it knows, of a type it converts, and none that libtiff cannot write.
bool exifField(const OIIO::ParamValue& p, int& tag, int& tiffType)
{
    int count = 0;
    if (!OIIO::exif_tag_lookup(p.name(), tag, tiffType, count) || tiffType == TIFF_NOTYPE)
        return false;
    // OIIO's table holds the first directory's tags too (Make, DateTime…): the Exif
    // directory's own start at ExposureTime, 33434.
    constexpr int kFirstExifTag = 33434;
    constexpr int kSecurityClassification = 37394, kImageHistory = 37395, kPhotographicSensitivity = 34855;
    return tag >= kFirstExifTag && tag != kSecurityClassification && tag != kImageHistory
           && tag != kPhotographicSensitivity;
}

/// Metadata that only describes the picture — a camera's Exif, GPS and IPTC records, its maker,
/// its colour profile, XMP — written here as OIIO's writer writes it (or, as there, not at all).
bool pictureMetadata(const OIIO::ParamValue& p)
{
    const std::string name = p.name().string();
    for (const char* family : {"Exif:", "GPS:", "IPTC:"})
        if (OIIO::Strutil::istarts_with(name, family))
            return true;
    if (OIIO::Strutil::iequals(name, "ICCProfile"))
        return true;
    OIIO::ImageSpec alone;
    alone.attribute(p.name(), p.type(), p.data());
    return !OIIO::encode_xmp(alone, true).empty();  // one OIIO would put into the XMP packet
}

/// Attributes this writer knows how to honour; any other sends the file through OIIO.
bool knownAttribute(const OIIO::ParamValue& p)
{
    static const char* known[] = {"compression", "tiff:bigtiff", "tiff:RowsPerStrip", "oiio:UnassociatedAlpha",
                                  "XResolution", "YResolution", "ResolutionUnit", "PixelAspectRatio",
                                  "tilewright:subifds"};
    const std::string name = p.name().string();
    for (const char* k : known)
        if (OIIO::Strutil::iequals(name, k))
            return true;
    for (const TextTag& t : kTextTags)
        if (OIIO::Strutil::iequals(name, t.name))
            return p.type() == OIIO::TypeString;
    return pictureMetadata(p);
}

/// The TIFF ResolutionUnit of OIIO's name for it ("none", "in"/"inch", "cm"), 0 if unknown.
uint16_t resolutionUnit(const OIIO::ImageSpec& spec)
{
    std::string unit = OIIO::Strutil::lower(spec.get_string_attribute("ResolutionUnit", "none"));
    if (unit == "none")
        return RESUNIT_NONE;
    if (unit == "in" || unit == "inch")
        return RESUNIT_INCH;
    if (unit == "cm")
        return RESUNIT_CENTIMETER;
    return 0;
}

int onLibtiffError(TIFF*, void* user, const char* module, const char* fmt, va_list ap)
{
    char message[1024];
    std::vsnprintf(message, sizeof message, fmt, ap);
    static_cast<FastTiffOutput*>(user)->recordLibtiffError(
        std::string(module ? module : "libtiff") + ": " + message);
    return 1;  // handled; do not print
}

int onLibtiffWarning(TIFF*, void*, const char*, const char*, va_list) { return 1; }

/// Horizontal differencing (TIFF predictor 2) of `rows` rows in place, right to left.
template <typename T>
void differenceRows(T* data, int width, int rows, int channels)
{
    for (int r = 0; r < rows; ++r) {
        T* row = data + size_t(r) * width * channels;
        for (int x = width - 1; x > 0; --x)
            for (int c = 0; c < channels; ++c)
                row[size_t(x) * channels + c] -= row[size_t(x - 1) * channels + c];
    }
}

}  // namespace

bool FastTiffOutput::handles(const OIIO::ImageSpec& spec, Profile profile)
{
    const OIIO::TypeDesc t = spec.format;
    bool plainType = t == OIIO::TypeUInt8 || t == OIIO::TypeUInt16;
    bool omeType = plainType || t == OIIO::TypeDesc::INT8 || t == OIIO::TypeDesc::INT16 || t == OIIO::TypeDesc::UINT32
                   || t == OIIO::TypeDesc::INT32 || t == OIIO::TypeFloat;
    if (!(profile == Profile::OmeTiff ? omeType : plainType))
        return false;
    for (int c = 0; c < spec.nchannels && c < int(spec.channelformats.size()); ++c)
        if (spec.channelformats[size_t(c)] != t)
            return false;  // one type for every channel
    if (spec.nchannels < 1 || spec.nchannels > 4 || spec.depth > 1)
        return false;
    if (spec.x != 0 || spec.y != 0 || spec.full_x != 0 || spec.full_y != 0
        || spec.full_width != spec.width || spec.full_height != spec.height)
        return false;
    if (spec.tile_width > 0 && (spec.tile_width % 16 != 0 || spec.tile_height % 16 != 0))
        return false;
    std::string compression = OIIO::Strutil::lower(spec.decode_compression_metadata().first);
    // No compression named is OIIO's default for TIFF, zip: a spec made through the API
    // without one went through OIIO's slower writer before.
    if (!compression.empty() && compression != "zip" && compression != "deflate" && compression != "none")
        return false;
    for (const auto& attribute : spec.extra_attribs)
        if (profile == Profile::Tiff && !knownAttribute(attribute))
            return false;
    // Resolution as OIIO writes it: both numbers, a unit it knows, an aspect ratio they agree with.
    bool hasX = spec.find_attribute("XResolution") != nullptr, hasY = spec.find_attribute("YResolution") != nullptr;
    if (hasX != hasY || (spec.find_attribute("ResolutionUnit") && resolutionUnit(spec) == 0))
        return false;
    if (spec.find_attribute("PixelAspectRatio")) {
        float aspect = spec.get_float_attribute("PixelAspectRatio", 1.0f);
        float fromResolution = hasX ? spec.get_float_attribute("YResolution") / spec.get_float_attribute("XResolution") : 1.0f;
        if (!(std::fabs(aspect - fromResolution) <= 1e-6f * std::max(1.0f, aspect)))
            return false;
    }
    return true;
}

FastTiffOutput::FastTiffOutput(ThreadBudget& budget) : budget_(budget) {}

FastTiffOutput::~FastTiffOutput()
{
    if (tif_) {
        TIFFClose(tif_);  // an abandoned file: its directory is still made valid
        tif_ = nullptr;
    }
    if (fd_ >= 0)
        ::close(fd_);
}

int FastTiffOutput::supports(OIIO::string_view feature) const
{
    return feature == "tiles" || feature == "alpha" || feature == "nchannels" || feature == "mipmap";
}

TIFF* FastTiffOutput::openTiff(const std::string& path, const char* mode)
{
    // libtiff's messages for this file go to libtiffError_ rather than stderr.
    TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(options, onLibtiffError, this);
    TIFFOpenOptionsSetWarningHandlerExtR(options, onLibtiffWarning, this);
    TIFF* tif = TIFFOpenExt(path.c_str(), mode, options);
    TIFFOpenOptionsFree(options);
    return tif;
}

bool FastTiffOutput::open(const std::string& name, const OIIO::ImageSpec& spec, OpenMode mode)
{
    if (mode == AppendMIPLevel)
        return appendLevel(spec);
    if (mode != Create) {
        errorfmt("{} only creates new files", format_name());
        return false;
    }
    m_spec = spec;
    firstSpec_ = spec;
    bool big = spec.get_int_attribute("tiff:bigtiff", 0) != 0
               || spec.image_bytes() > (4000ULL << 20);

    errno = 0;
    // A resumed file keeps its bytes: libtiff's writes, the header's included, only move
    // its end of file until replay() has caught up with them.
    fd_ = ::open(name.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | (keepExisting_ ? 0 : O_TRUNC), 0644);
    replaying_ = keepExisting_;
    position_ = end_ = 0;
    if (fd_ >= 0) {
        TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
        TIFFOpenOptionsSetErrorHandlerExtR(options, onLibtiffError, this);
        TIFFOpenOptionsSetWarningHandlerExtR(options, onLibtiffWarning, this);
        tif_ = TIFFClientOpenExt(name.c_str(), big ? "w8" : "w", this, ioRead, ioWrite, ioSeek,
                                 [](thandle_t) { return 0; }, ioSize,
                                 [](thandle_t, void**, toff_t*) { return 0; }, [](thandle_t, void*, toff_t) {},
                                 options);
        TIFFOpenOptionsFree(options);
    }
    if (!tif_) {
        errorfmt("Could not open \"{}\": {}", name,
                 libtiffError_.empty() ? std::strerror(errno) : libtiffError_);
        return false;
    }
    if (!writeExifDirectory(spec))
        return false;
    setDirectoryTags(false);
    return true;
}

bool FastTiffOutput::appendLevel(const OIIO::ImageSpec& spec)
{
    if (!tif_ || m_spec.tile_width <= 0) {
        errorfmt("MIP levels can only follow a tiled level");
        return false;
    }
    errno = 0;
    if (!TIFFWriteDirectory(tif_))
        return failWrite("writing the TIFF directory");
    int tileWidth = m_spec.tile_width, tileHeight = m_spec.tile_height;
    m_spec = spec;
    m_spec.tile_width = tileWidth;  // every level shares the tiling
    m_spec.tile_height = tileHeight;
    setDirectoryTags(true);
    return true;
}

void FastTiffOutput::setDirectoryTags(bool reducedLevel)
{
    const OIIO::ImageSpec& spec = m_spec;
    auto [compression, quality] = spec.decode_compression_metadata("zip", 6);  // OIIO's default, too
    deflate_ = !OIIO::Strutil::iequals(compression, "none");
    level_ = std::clamp(quality > 0 ? quality : 6, 1, 12);
    pixelBytes_ = size_t(spec.nchannels) * spec.format.size();
    int channels = spec.nchannels;
    if (reducedLevel)
        TIFFSetField(tif_, TIFFTAG_SUBFILETYPE, uint32_t(FILETYPE_REDUCEDIMAGE));
    TIFFSetField(tif_, TIFFTAG_IMAGEWIDTH, uint32_t(spec.width));
    TIFFSetField(tif_, TIFFTAG_IMAGELENGTH, uint32_t(spec.height));
    TIFFSetField(tif_, TIFFTAG_BITSPERSAMPLE, uint16_t(spec.format.size() * 8));
    TIFFSetField(tif_, TIFFTAG_SAMPLESPERPIXEL, uint16_t(channels));
    const bool isFloat = spec.format.basetype == OIIO::TypeDesc::FLOAT;
    const bool isSigned = spec.format.basetype == OIIO::TypeDesc::INT8 || spec.format.basetype == OIIO::TypeDesc::INT16
                          || spec.format.basetype == OIIO::TypeDesc::INT32;
    TIFFSetField(tif_, TIFFTAG_SAMPLEFORMAT,
                 uint16_t(isFloat ? SAMPLEFORMAT_IEEEFP : isSigned ? SAMPLEFORMAT_INT : SAMPLEFORMAT_UINT));
    TIFFSetField(tif_, TIFFTAG_PLANARCONFIG, uint16_t(PLANARCONFIG_CONTIG));
    TIFFSetField(tif_, TIFFTAG_ORIENTATION, uint16_t(ORIENTATION_TOPLEFT));
    TIFFSetField(tif_, TIFFTAG_PHOTOMETRIC,
                 uint16_t(channels >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK));
    if (channels == 2 || channels == 4) {
        bool unassociated = spec.get_int_attribute("oiio:UnassociatedAlpha", 0) != 0;
        uint16_t extra = spec.alpha_channel == channels - 1
                             ? uint16_t(unassociated ? EXTRASAMPLE_UNASSALPHA : EXTRASAMPLE_ASSOCALPHA)
                             : uint16_t(EXTRASAMPLE_UNSPECIFIED);
        TIFFSetField(tif_, TIFFTAG_EXTRASAMPLES, uint16_t(1), &extra);
    }
    TIFFSetField(tif_, TIFFTAG_COMPRESSION, uint16_t(deflate_ ? COMPRESSION_ADOBE_DEFLATE : COMPRESSION_NONE));
    if (predicts())
        TIFFSetField(tif_, TIFFTAG_PREDICTOR, uint16_t(PREDICTOR_HORIZONTAL));
    if (!reducedLevel && spec.get_int_attribute("tilewright:subifds", 0) > 0) {
        // The levels written after this directory become its SubIFDs (libtiff links them).
        std::vector<uint64_t> unknownYet(size_t(spec.get_int_attribute("tilewright:subifds")), 0);
        TIFFSetField(tif_, TIFFTAG_SUBIFD, uint16_t(unknownYet.size()), unknownYet.data());
    }
    if (spec.tile_width > 0) {
        TIFFSetField(tif_, TIFFTAG_TILEWIDTH, uint32_t(spec.tile_width));
        TIFFSetField(tif_, TIFFTAG_TILELENGTH, uint32_t(spec.tile_height));
    } else {
        rowsPerStrip_ = std::clamp(spec.get_int_attribute("tiff:RowsPerStrip", 32), 1, spec.height);
        TIFFSetField(tif_, TIFFTAG_ROWSPERSTRIP, uint32_t(rowsPerStrip_));
    }
    if (spec.find_attribute("XResolution")) {
        TIFFSetField(tif_, TIFFTAG_XRESOLUTION, spec.get_float_attribute("XResolution"));
        TIFFSetField(tif_, TIFFTAG_YRESOLUTION, spec.get_float_attribute("YResolution"));
        TIFFSetField(tif_, TIFFTAG_RESOLUTIONUNIT, resolutionUnit(spec) ? resolutionUnit(spec) : uint16_t(RESUNIT_NONE));
    }
    for (const TextTag& t : kTextTags) {
        std::string value = spec.get_string_attribute(t.name);
        if (!value.empty())
            TIFFSetField(tif_, t.tag, value.c_str());
    }
    if (reducedLevel)
        return;
    if (const OIIO::ParamValue* icc = spec.find_attribute("ICCProfile"); icc && icc->type().size() > 0)
        TIFFSetField(tif_, TIFFTAG_ICCPROFILE, uint32_t(icc->type().size()), icc->data());
    std::string xmp = OIIO::encode_xmp(spec, true);
    if (!xmp.empty())
        TIFFSetField(tif_, TIFFTAG_XMLPACKET, uint32_t(xmp.size()), xmp.c_str());
    if (exifOffset_ != 0)
        TIFFSetField(tif_, TIFFTAG_EXIFIFD, exifOffset_);
}

bool FastTiffOutput::writeExifDirectory(const OIIO::ImageSpec& spec)
{
    exifOffset_ = 0;
    bool any = false;
    int tag = 0, tiffType = 0;
    for (const OIIO::ParamValue& p : spec.extra_attribs)
        any = any || exifField(p, tag, tiffType);
    if (!any)
        return true;
    // Written first, before any pixel, so that the file is laid out in one forward pass (OIIO
    // writes it at close and rewrites the first directory to point at it).
    if (TIFFCreateEXIFDirectory(tif_) != 0)
        return failWrite("creating the Exif directory");
    int set = 0;
    for (const OIIO::ParamValue& p : spec.extra_attribs) {
        if (!exifField(p, tag, tiffType) || !TIFFFindField(tif_, uint32_t(tag), TIFF_ANY))
            continue;
        // The conversions OIIO's writer makes; a value of any other type is left out there too.
        const bool integer = tiffType == TIFF_SHORT || tiffType == TIFF_LONG;
        const bool rational = tiffType == TIFF_RATIONAL || tiffType == TIFF_SRATIONAL;
        if (tiffType == TIFF_ASCII && p.type() == OIIO::TypeString)
            set += TIFFSetField(tif_, uint32_t(tag), *static_cast<const char* const*>(p.data()));
        else if (integer && p.type() == OIIO::TypeDesc::SHORT)
            set += TIFFSetField(tif_, uint32_t(tag), int(*static_cast<const short*>(p.data())));
        else if (integer && p.type() == OIIO::TypeDesc::INT)
            set += TIFFSetField(tif_, uint32_t(tag), *static_cast<const int*>(p.data()));
        else if (rational && p.type() == OIIO::TypeDesc::FLOAT)
            set += TIFFSetField(tif_, uint32_t(tag), double(*static_cast<const float*>(p.data())));
        else if (rational && p.type() == OIIO::TypeDesc::DOUBLE)
            set += TIFFSetField(tif_, uint32_t(tag), *static_cast<const double*>(p.data()));
    }
    uint64_t offset = 0;
    if (set > 0 && !TIFFWriteCustomDirectory(tif_, &offset))
        return failWrite("writing the Exif directory");
    TIFFFreeDirectory(tif_);
    if (TIFFCreateDirectory(tif_) != 0)
        return failWrite("starting the image directory");
    exifOffset_ = offset;
    return true;
}

bool FastTiffOutput::appendRawTiles(const std::string& path)
{
    TIFF* source = openTiff(path, "rm");  // "m": read, not map (mapped pages would count as ours)
    if (!source)
        return failWrite("reopening a pyramid level");
    bool ok = copyRawTiles(source, "pyramid level");
    TIFFClose(source);
    return ok;
}

bool FastTiffOutput::copyRawTiles(struct tiff* source, const char* what)
{
    uint32_t width = 0, height = 0;
    TIFFGetField(source, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(source, TIFFTAG_IMAGELENGTH, &height);
    ttile_t count = TIFFNumberOfTiles(source);
    if (!TIFFIsTiled(source) || int(width) != m_spec.width || int(height) != m_spec.height
        || count != TIFFNumberOfTiles(tif_)) {
        errorfmt("the temporary {} does not match the directory being added", what);
        return false;
    }
    std::vector<unsigned char> buffer;
    for (ttile_t tile = 0; tile < count; ++tile) {
        uint64_t size = TIFFRawStripSize64(source, tile);  // (uint64_t)-1 on a damaged table
        if (size == 0 || size > (uint64_t(1) << 32))
            return failWrite(std::string("reading a tile of a temporary ") + what);
        buffer.resize(size_t(size));
        errno = 0;
        if (TIFFReadRawTile(source, tile, buffer.data(), tmsize_t(size)) != tmsize_t(size))
            return failWrite(std::string("reading a tile of a temporary ") + what);
        if (TIFFWriteRawTile(tif_, tile, buffer.data(), tmsize_t(size)) != tmsize_t(size))
            return failWrite("writing a tile");
    }
    return true;
}

bool FastTiffOutput::copyBandTiles(const std::string& path, int directory, uint32_t firstTile, uint32_t& copied)
{
    copied = 0;
    if (!tif_ || m_spec.tile_width <= 0) {
        errorfmt("band tiles can only be copied into a tiled level");
        return false;
    }
    TIFF* source = openTiff(path, "rm");
    if (!source)
        return failWrite("opening a band's part file " + path);
    uint32_t width = 0, tileWidth = 0, tileHeight = 0;
    uint16_t bits = 0, samples = 0, compression = 0, predictor = 1;
    bool ok = TIFFSetDirectory(source, tdir_t(directory)) && TIFFIsTiled(source);
    if (ok) {
        TIFFGetField(source, TIFFTAG_IMAGEWIDTH, &width);
        TIFFGetField(source, TIFFTAG_TILEWIDTH, &tileWidth);
        TIFFGetField(source, TIFFTAG_TILELENGTH, &tileHeight);
        TIFFGetFieldDefaulted(source, TIFFTAG_BITSPERSAMPLE, &bits);
        TIFFGetFieldDefaulted(source, TIFFTAG_SAMPLESPERPIXEL, &samples);
        TIFFGetFieldDefaulted(source, TIFFTAG_COMPRESSION, &compression);
        TIFFGetFieldDefaulted(source, TIFFTAG_PREDICTOR, &predictor);
    }
    const uint16_t ownCompression = deflate_ ? COMPRESSION_ADOBE_DEFLATE : COMPRESSION_NONE;
    const uint16_t ownPredictor = predicts() ? 2 : 1;
    ttile_t count = ok ? TIFFNumberOfTiles(source) : 0;
    if (!ok || int(width) != m_spec.width || int(tileWidth) != m_spec.tile_width
        || int(tileHeight) != m_spec.tile_height || bits != m_spec.format.size() * 8 || int(samples) != m_spec.nchannels
        || compression != ownCompression || (deflate_ && predictor != ownPredictor)
        || uint64_t(firstTile) + count > uint64_t(TIFFNumberOfTiles(tif_))) {
        TIFFClose(source);
        errorfmt("{}: directory {} is not a band of this level (its width, tiling, pixels or codec differ, or it "
                 "reaches past the level's last tile)", path, directory);
        return false;
    }
    std::vector<unsigned char> buffer;
    for (ttile_t tile = 0; tile < count; ++tile) {
        uint64_t size = TIFFRawStripSize64(source, tile);  // (uint64_t)-1 on a damaged table
        errno = 0;
        if (size == 0 || size > (uint64_t(1) << 32)) {
            TIFFClose(source);
            return failWrite("reading a tile of the part file " + path);
        }
        buffer.resize(size_t(size));
        if (TIFFReadRawTile(source, tile, buffer.data(), tmsize_t(size)) != tmsize_t(size)) {
            TIFFClose(source);
            return failWrite("reading a tile of the part file " + path);
        }
        if (TIFFWriteRawTile(tif_, firstTile + tile, buffer.data(), tmsize_t(size)) != tmsize_t(size)) {
            TIFFClose(source);
            return failWrite("writing a tile");
        }
    }
    TIFFClose(source);
    copied = uint32_t(count);
    return true;
}

bool FastTiffOutput::appendPlane(const std::string& path)
{
    if (!tif_ || firstSpec_.tile_width <= 0) {
        errorfmt("channel planes can only follow a tiled first plane");
        return false;
    }
    TIFF* source = openTiff(path, "rm");
    if (!source)
        return failWrite("reopening a channel plane");
    uint16_t count = 0;
    uint64_t* offsets = nullptr;
    std::vector<uint64_t> levels;  // copied: libtiff's array goes with the directory
    if (TIFFGetField(source, TIFFTAG_SUBIFD, &count, &offsets) && offsets)
        levels.assign(offsets, offsets + count);
    // The plane: a main-chain directory like the first one (its description is the first's
    // alone), holding its own levels as SubIFDs, as OME-TIFF lays out each plane.
    OIIO::ImageSpec plane = firstSpec_;
    plane.erase_attribute("ImageDescription");
    plane.attribute("tilewright:subifds", int(levels.size()));
    errno = 0;
    bool ok = TIFFWriteDirectory(tif_) != 0;
    if (!ok)
        failWrite("writing the TIFF directory");
    if (ok) {
        m_spec = plane;
        setDirectoryTags(false);
        ok = copyRawTiles(source, "channel plane");
    }
    for (size_t k = 0; ok && k < levels.size(); ++k) {
        uint32_t width = 0, height = 0;
        if (!TIFFSetSubDirectory(source, levels[k]) || !TIFFGetField(source, TIFFTAG_IMAGEWIDTH, &width)
            || !TIFFGetField(source, TIFFTAG_IMAGELENGTH, &height)) {
            ok = failWrite("reading a level of a channel plane");
            break;
        }
        OIIO::ImageSpec level = plane;
        level.erase_attribute("tilewright:subifds");
        level.width = level.full_width = int(width);
        level.height = level.full_height = int(height);
        if (!appendLevel(level))
            ok = false;
        else
            ok = copyRawTiles(source, "channel plane's level");
    }
    TIFFClose(source);
    return ok;
}

void FastTiffOutput::applyPredictor(Chunk& chunk) const
{
    if (!predicts())
        return;
    // Differences wrap around in unsigned arithmetic, the same bits for signed samples.
    switch (m_spec.format.size()) {
    case 1: differenceRows(chunk.pixels.data(), chunk.width, chunk.rows, m_spec.nchannels); break;
    case 2:
        differenceRows(reinterpret_cast<uint16_t*>(chunk.pixels.data()), chunk.width, chunk.rows, m_spec.nchannels);
        break;
    default:
        differenceRows(reinterpret_cast<uint32_t*>(chunk.pixels.data()), chunk.width, chunk.rows, m_spec.nchannels);
    }
}

bool FastTiffOutput::compress(Chunk& chunk) const
{
    applyPredictor(chunk);
    chunk.compressedSize = zlibCompress(level_, chunk.pixels.data(), chunk.pixels.size(), chunk.compressed);
    return chunk.compressedSize != 0;
}

bool FastTiffOutput::compressAndWrite(std::vector<Chunk>& chunks, bool tiles)
{
    if (deflate_) {
        std::vector<char> compressed(chunks.size(), 1);
        budget_.parallelFor(chunks.size(), [&](size_t i) { compressed[i] = compress(chunks[i]); });
        if (std::find(compressed.begin(), compressed.end(), 0) != compressed.end())
            return failWrite("compressing a chunk failed");
    }
    return writeCompressed(chunks, tiles);
}

bool FastTiffOutput::writeCompressed(const std::vector<Chunk>& chunks, bool tiles)
{
    for (const Chunk& chunk : chunks) {
        const void* data = deflate_ ? chunk.compressed.data() : chunk.pixels.data();
        tmsize_t size = tmsize_t(deflate_ ? chunk.compressedSize : chunk.pixels.size());
        errno = 0;
        tmsize_t written = tiles ? TIFFWriteRawTile(tif_, chunk.index, const_cast<void*>(data), size)
                                 : TIFFWriteRawStrip(tif_, chunk.index, const_cast<void*>(data), size);
        if (written != size)
            return failWrite(tiles ? "writing a tile" : "writing a strip");
        ++chunksWritten_;
        if (recordAppends_)
            appended_.push_back({chunk.index, uint32_t(size)});
    }
    return true;
}

bool FastTiffOutput::writeTilesFromAnyThread(int xbegin, int xend, int ybegin, int yend, OIIO::TypeDesc format,
                                             const void* data, OIIO::stride_t ystride)
{
    if (!tif_ || m_spec.tile_width <= 0) {
        errorfmt("tiles cannot be written to this file");
        return false;
    }
    OIIO::stride_t xstride = OIIO::AutoStride;
    m_spec.auto_stride(xstride, format, m_spec.nchannels);
    std::vector<Chunk> chunks = tileChunks(xbegin, xend, ybegin, yend);
    for (Chunk& c : chunks) {
        if (!convertTile(c, xbegin, xend, ybegin, yend, format, data, xstride, ystride)) {
            errorfmt("converting tiles to {} failed", m_spec.format);
            return false;
        }
        if (deflate_ && !compress(c)) {
            errorfmt("compressing a tile failed");
            return false;
        }
    }
    std::lock_guard<std::mutex> lock(fileLock_);
    return writeCompressed(chunks, true);
}

bool FastTiffOutput::failWrite(const std::string& what)
{
    std::string cause = libtiffError_;
    if (errno != 0)
        cause += (cause.empty() ? "" : " (") + std::string(std::strerror(errno))
                 + (libtiffError_.empty() ? "" : ")");
    errorfmt("{} failed{}{}", what, cause.empty() ? "" : ": ", cause);
    return false;
}

bool FastTiffOutput::write_scanline(int y, int z, OIIO::TypeDesc format, const void* data,
                                    OIIO::stride_t xstride)
{
    return write_scanlines(y, y + 1, z, format, data, xstride, OIIO::AutoStride);
}

bool FastTiffOutput::write_scanlines(int ybegin, int yend, int, OIIO::TypeDesc format,
                                     const void* data, OIIO::stride_t xstride, OIIO::stride_t ystride)
{
    if (!tif_ || m_spec.tile_width > 0) {
        errorfmt("rows cannot be written to this file");
        return false;
    }
    if (ybegin != pendingY_ + pendingCount_) {
        errorfmt("rows must be written in order (expected row {}, got {})", pendingY_ + pendingCount_, ybegin);
        return false;
    }
    int rows = yend - ybegin;
    if (!appendRows(m_spec, rows, format, data, xstride, ystride, m_spec.format, pendingRows_)) {
        errorfmt("converting rows to {} failed", m_spec.format);
        return false;
    }
    pendingCount_ += rows;
    bool last = pendingY_ + pendingCount_ == m_spec.height;
    if (last || pendingRows_.size() >= kStripBatchBytes)
        return flushStrips(last);
    return true;
}

bool FastTiffOutput::flushStrips(bool final)
{
    size_t rowBytes = size_t(m_spec.width) * pixelBytes_;
    int whole = pendingCount_ / rowsPerStrip_ * rowsPerStrip_;
    int count = final ? pendingCount_ : whole;
    if (count == 0)
        return true;
    std::vector<Chunk> chunks;
    for (int r = 0; r < count; r += rowsPerStrip_) {
        Chunk c;
        c.rows = std::min(rowsPerStrip_, count - r);
        c.width = m_spec.width;
        c.index = unsigned((pendingY_ + r) / rowsPerStrip_);
        c.pixels.assign(pendingRows_.begin() + size_t(r) * rowBytes,
                        pendingRows_.begin() + size_t(r + c.rows) * rowBytes);
        chunks.push_back(std::move(c));
    }
    if (!compressAndWrite(chunks, false))
        return false;
    pendingRows_.erase(pendingRows_.begin(), pendingRows_.begin() + size_t(count) * rowBytes);
    pendingY_ += count;
    pendingCount_ -= count;
    return true;
}

bool FastTiffOutput::write_tile(int x, int y, int z, OIIO::TypeDesc format, const void* data,
                                OIIO::stride_t xstride, OIIO::stride_t ystride, OIIO::stride_t zstride)
{
    // OIIO's contract: a tile's data spans the whole tile, also past the image's edge.
    m_spec.auto_stride(xstride, ystride, zstride, format == OIIO::TypeUnknown ? m_spec.format : format,
                       m_spec.nchannels, m_spec.tile_width, m_spec.tile_height);
    return write_tiles(x, std::min(x + m_spec.tile_width, m_spec.width), y,
                       std::min(y + m_spec.tile_height, m_spec.height), z, z + 1, format, data,
                       xstride, ystride, zstride);
}

std::vector<FastTiffOutput::Chunk> FastTiffOutput::tileChunks(int xbegin, int xend, int ybegin, int yend) const
{
    const int tw = m_spec.tile_width, th = m_spec.tile_height;
    const unsigned across = unsigned((m_spec.width + tw - 1) / tw);  // the data window starts at 0, 0
    std::vector<Chunk> chunks;
    for (int y = ybegin; y < yend; y += th)
        for (int x = xbegin; x < xend; x += tw) {
            Chunk c;
            c.rows = th;
            c.width = tw;
            c.x = x;
            c.y = y;
            c.index = unsigned(y / th) * across + unsigned(x / tw);
            chunks.push_back(std::move(c));
        }
    return chunks;
}

bool FastTiffOutput::convertTile(Chunk& c, int xbegin, int xend, int ybegin, int yend, OIIO::TypeDesc format,
                                 const void* data, OIIO::stride_t xstride, OIIO::stride_t ystride) const
{
    // Edge tiles are padded with zeros to the full tile size, as TIFF requires: a caller
    // may pass whole tiles across the image's edge, and what lies beyond it is not ours
    // to store (it made files differ run to run, and a 1-pixel-wide image 200x larger).
    const int tw = m_spec.tile_width, th = m_spec.tile_height;
    int w = std::min({tw, xend - c.x, m_spec.width - c.x});
    int h = std::min({th, yend - c.y, m_spec.height - c.y});
    const char* origin = static_cast<const char*>(data) + (c.y - ybegin) * ystride + (c.x - xbegin) * xstride;
    c.pixels.assign(size_t(tw) * th * pixelBytes_, 0);
    return OIIO::convert_image(m_spec.nchannels, w, h, 1, origin, format, xstride, ystride, OIIO::AutoStride,
                               c.pixels.data(), m_spec.format, OIIO::stride_t(pixelBytes_),
                               OIIO::stride_t(size_t(tw) * pixelBytes_), OIIO::AutoStride);
}

bool FastTiffOutput::write_tiles(int xbegin, int xend, int ybegin, int yend, int, int,
                                 OIIO::TypeDesc format, const void* data, OIIO::stride_t xstride,
                                 OIIO::stride_t ystride, OIIO::stride_t)
{
    if (!tif_ || m_spec.tile_width <= 0) {
        errorfmt("tiles cannot be written to this file");
        return false;
    }
    if (format == OIIO::TypeUnknown)
        format = m_spec.format;
    m_spec.auto_stride(xstride, format, m_spec.nchannels);
    if (ystride == OIIO::AutoStride)
        ystride = xstride * (xend - xbegin);
    std::vector<Chunk> chunks = tileChunks(xbegin, xend, ybegin, yend);
    std::vector<char> converted(chunks.size(), 1);
    budget_.parallelFor(chunks.size(), [&](size_t i) {
        converted[i] = convertTile(chunks[i], xbegin, xend, ybegin, yend, format, data, xstride, ystride);
    });
    if (std::find(converted.begin(), converted.end(), 0) != converted.end()) {
        errorfmt("converting tiles to {} failed", m_spec.format);
        return false;
    }
    return compressAndWrite(chunks, true);
}

bool FastTiffOutput::close()
{
    if (!tif_)
        return true;
    bool ok = true;
    if (pendingCount_ > 0)
        ok = flushStrips(true);
    errno = 0;
    int flushed = TIFFFlush(tif_);
    TIFFClose(tif_);
    tif_ = nullptr;
    int closed = ::close(fd_);  // a delayed write error (NFS, full disk) shows here
    fd_ = -1;
    if (ok && (!flushed || closed != 0))
        return failWrite("writing the TIFF directory");
    return ok;
}

}  // namespace tilewright
