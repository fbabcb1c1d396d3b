#include "tilewright/stitcher.h"

#include <algorithm>

#include "tilewright/band_run.h"
#include "tilewright/band_writer.h"
#include "tilewright/error.h"
#include "tilewright/image_writer.h"
#include "tilewright/input_metadata.h"
#include "tilewright/pixel_type.h"
#include "tilewright/thread_budget.h"

namespace tilewright {

Stitcher::Stitcher(const OutputTarget& target, const Spec& output, const OutputOptions& options)
    : target_(target), spec_(output.oiio()), options_(options),
      background_(size_t(std::max(0, output.channels())), 0.0f)
{
}

Stitcher::~Stitcher() = default;

void Stitcher::addInput(const std::string& path, int x, int y, int width, int height, int channels)
{
    addCroppedInput(path, x, y, width, height, channels, 0, 0, width, height, false);
}

void Stitcher::addCroppedInput(const std::string& path, int x, int y, int width, int height, int channels,
                               int sourceX, int sourceY, int fileWidth, int fileHeight, bool straightAlpha)
{
    if (width <= 0 || height <= 0 || channels <= 0)
        throw Error(path, "declared with an empty size or no channels", ErrorKind::BadInput);
    if (sourceX < 0 || sourceY < 0 || (long long)sourceX + width > fileWidth
        || (long long)sourceY + height > fileHeight)
        throw Error(path, "the part x " + rangeText(sourceX, (long long)sourceX + width) + ", y "
                              + rangeText(sourceY, (long long)sourceY + height) + " is not inside its "
                              + std::to_string(fileWidth) + "x" + std::to_string(fileHeight) + " pixels",
                    ErrorKind::BadInput);
    StitchInput in{path, x, y, width, height, channels};
    in.sourceX = sourceX, in.sourceY = sourceY, in.fileWidth = fileWidth, in.fileHeight = fileHeight;
    in.straightAlpha = straightAlpha;
    inputs_.push_back(in);
}

void Stitcher::addSourceInput(int sourceIndex, const std::string& name, int x, int y, int width, int height,
                              int channels, int typeCode, bool straightAlpha)
{
    if (sourceIndex < 0)
        throw Error(name, "a pixel source needs an index", ErrorKind::BadArgument);
    addCroppedInput(name, x, y, width, height, channels, 0, 0, width, height, straightAlpha);
    inputs_.back().sourceIndex = sourceIndex;
    inputs_.back().sourceType = toTypeDesc(typeCode);
}

void Stitcher::setLastInputDecoding(float gamma)
{
    if (inputs_.empty() || !(gamma == -1.0f || (gamma > 0.0f && gamma < 10.0f)))
        throw Error(target_.finalPath(), "no input to decode, or gamma " + std::to_string(gamma) + " out of range",
                    ErrorKind::BadArgument);
    inputs_.back().decodeGamma = gamma;
}

void Stitcher::setLastInputShift(float dx, float dy)
{
    if (inputs_.empty() || !(dx >= 0 && dx < 1 && dy >= 0 && dy < 1))
        throw Error(target_.finalPath(), "no input to shift, or a shift outside [0, 1)", ErrorKind::BadArgument);
    StitchInput& in = inputs_.back();
    in.shiftX = dx, in.shiftY = dy;
    in.width += dx != 0 ? 1 : 0;
    in.height += dy != 0 ? 1 : 0;
}

void Stitcher::addPart(const Spec& spec)
{
    const OIIO::ImageSpec& s = spec.oiio();
    if (s.x != spec_.x || s.y != spec_.y || s.width != spec_.width || s.height != spec_.height || s.nchannels <= 0)
        throw Error(target_.finalPath(), "every part must have the first part's data window and some channels",
                    ErrorKind::BadArgument);
    laterParts_.push_back(s);
}

void Stitcher::setBlend(int blendCode, int featherWidth)
{
    if (blendCode < 0 || blendCode > int(Blend::Feather))
        throw Error(target_.finalPath(), "unknown blend mode " + std::to_string(blendCode), ErrorKind::BadArgument);
    blend_ = Blend(blendCode);
    featherWidth_ = std::max(0, featherWidth);
}

void Stitcher::setBackground(int channel, float value)
{
    if (channel < 0 || channel >= int(background_.size()))
        throw Error(target_.finalPath(), "background channel " + std::to_string(channel) + " does not exist", ErrorKind::BadArgument);
    background_[size_t(channel)] = value;
}

void Stitcher::setBandHeight(int rows) { bandHeight_ = std::max(1, rows); }
void Stitcher::setMaxOpenFiles(int files) { maxOpenFiles_ = size_t(std::max(1, files)); }
void Stitcher::setScratchBytes(long long bytes) { scratchBytes_ = size_t(std::max(1LL << 20, bytes)); }

void Stitcher::setMissingPolicy(int policyCode)
{
    if (policyCode < 0 || policyCode > int(MissingPolicy::Fill))
        throw Error(target_.finalPath(), "unknown missing-input policy " + std::to_string(policyCode), ErrorKind::BadArgument);
    missing_ = MissingPolicy(policyCode);
}

std::string Stitcher::problemPath(int i) const { return problems_.at(size_t(i)).first; }
std::string Stitcher::problemReason(int i) const { return problems_.at(size_t(i)).second; }

void Stitcher::run()
{
    for (const StitchInput& in : inputs_)
        if (!channelsConvertible(in.channels, spec_.nchannels))
            throw Error(in.path, "has " + std::to_string(in.channels) + " channels, which cannot become the output's "
                                     + std::to_string(spec_.nchannels), ErrorKind::BadInput);
    const bool tiled = spec_.tile_width > 0 && spec_.tile_height > 0;
    if (tiled && bandHeight_ % spec_.tile_height != 0)
        bandHeight_ = (bandHeight_ / spec_.tile_height + 1) * spec_.tile_height;

    for (const StitchInput& in : inputs_)
        if (in.isSource() && !sourceReader_)
            throw Error(in.path, "a pixel source was placed but no reader for it was given", ErrorKind::BadArgument);

    inheritMetadata(inputs_, spec_);
    ImageWriter writer(target_, Spec(spec_), options_, laterParts_);
    ThreadBudget::Permit permit(writer.budget());  // this thread decodes and composites
    PieceReader reader(inputs_, maxOpenFiles_, missing_, cancelled_, target_.finalPath(), sourceReader_);
    {
        std::lock_guard<std::mutex> lock(noticeLock_);
        resumeNotice_ = writer.resumeNotice();
    }
    rowsDone_ = writer.resumeRow() - spec_.y;
    runBands(writer, reader, writer.resumeRow());
    // A multi-part output: each later part from the same part of every input, in turn.
    const std::vector<OIIO::ImageSpec> parts = laterParts_;
    for (size_t k = 0; k < parts.size(); ++k) {
        reader.checkCancelled();
        writer.nextPart();
        spec_ = parts[k];
        for (StitchInput& in : inputs_)
            in.channels = spec_.nchannels;
        reader.selectPart(int(k + 1));
        runBands(writer, reader, spec_.y);
    }
    reader.checkCancelled();
    writer.finish();
    problems_ = reader.problems();
    peakOpenFiles_ = (long long)reader.peakOpenFiles();
    reopenings_ = (long long)reader.reopenings();
}

std::string Stitcher::resumeNotice() const
{
    std::lock_guard<std::mutex> lock(noticeLock_);
    return resumeNotice_;
}

void Stitcher::runBands(ImageWriter& writer, PieceReader& reader, int firstRow)
{
    const int bandHeight = std::min(bandHeight_, spec_.height);
    // The output spec says how its alpha is stored (decided once, in StitchPlan); the
    // compositor converts every input to it.
    bool straightAlpha = spec_.get_int_attribute("oiio:UnassociatedAlpha", 0) != 0;
    BandCompositor compositor(spec_.x, spec_.width, bandHeight, spec_.nchannels, spec_.format, blend_,
                              featherWidth_, background_, straightAlpha);
    BandRun bandRun(compositor, reader, inputs_, writer.budget(), scratchBytes_);
    BandWriter bandWriter(writer, spec_, bandHeight, rowsDone_, bytesWritten_);

    // Inputs sorted by top edge feed the sweep; `active` holds those touching the band.
    std::vector<size_t> byTop(inputs_.size());
    for (size_t i = 0; i < byTop.size(); ++i)
        byTop[i] = i;
    std::stable_sort(byTop.begin(), byTop.end(), [&](size_t a, size_t b) { return inputs_[a].y < inputs_[b].y; });
    size_t nextByTop = 0;
    std::vector<size_t> active;
    std::vector<PieceRect> pieces;

    const int xEnd = spec_.x + spec_.width;
    const int yEnd = spec_.y + spec_.height;
    for (int y0 = firstRow; y0 < yEnd; y0 += bandHeight) {
        reader.checkCancelled();
        int y1 = std::min(y0 + bandHeight, yEnd);
        while (nextByTop < byTop.size() && inputs_[byTop[nextByTop]].y < y1)
            active.push_back(byTop[nextByTop++]);
        active.erase(std::remove_if(active.begin(), active.end(),
                                    [&](size_t i) {
                                        const StitchInput& in = inputs_[i];
                                        return in.y + in.height <= y0 || (in.failed && missing_ == MissingPolicy::Skip);
                                    }),
                     active.end());
        std::sort(active.begin(), active.end());
        if (blend_ == Blend::First)
            std::reverse(active.begin(), active.end());  // first wins = last painted

        pieces.clear();
        for (size_t i : active) {
            const StitchInput& in = inputs_[i];
            PieceRect r{i, std::max(in.x, spec_.x), std::min(in.x + in.width, xEnd), std::max(in.y, y0),
                        std::min(in.y + in.height, y1)};
            if (!r.empty())
                pieces.push_back(r);
        }
        bandRun.fill(y0, y1, pieces, bandWriter.nextBuffer());
        reader.checkCancelled();
        bandWriter.submit(y0, y1);
    }
    bandWriter.drain();
}

}  // namespace tilewright
