#include "tilewright/stitcher.h"

#include <algorithm>
#include <future>

#include "tilewright/error.h"
#include "tilewright/image_reader.h"
#include "tilewright/image_writer.h"
#include "tilewright/input_pool.h"
#include "tilewright/parallel.h"
#include "tilewright/pixel_type.h"

namespace tilewright {

namespace {

/// The part of input `index` inside the current band.
struct PieceRect {
    size_t index;
    int x0, x1, y0, y1;
    bool empty() const { return x0 >= x1 || y0 >= y1; }
    bool overlaps(const PieceRect& o) const
    {
        return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1;
    }
};

/// Whether any two rectangles overlap (sweep over x; a grid costs n log n).
bool anyOverlap(std::vector<PieceRect> rects)
{
    std::sort(rects.begin(), rects.end(),
              [](const PieceRect& a, const PieceRect& b) { return a.x0 < b.x0; });
    for (size_t i = 0; i < rects.size(); ++i)
        for (size_t j = i + 1; j < rects.size() && rects[j].x0 < rects[i].x1; ++j)
            if (rects[i].overlaps(rects[j]))
                return true;
    return false;
}

}  // namespace

Stitcher::Stitcher(const std::string& formatPath, const std::string& writePath, const Spec& output)
    : formatPath_(formatPath), writePath_(writePath), spec_(output.oiio()),
      background_(size_t(std::max(0, output.channels())), 0.0f)
{
}

Stitcher::~Stitcher() = default;

void Stitcher::addInput(const std::string& path, int x, int y, int width, int height, int channels)
{
    if (width <= 0 || height <= 0 || channels <= 0)
        throw Error(path, "declared with an empty size or no channels");
    inputs_.push_back(Input{path, x, y, width, height, channels});
}

void Stitcher::setBlend(int blendCode, int featherWidth)
{
    if (blendCode < 0 || blendCode > int(Blend::Feather))
        throw Error(formatPath_, "unknown blend mode " + std::to_string(blendCode));
    blend_ = Blend(blendCode);
    featherWidth_ = std::max(0, featherWidth);
}

void Stitcher::setBackground(int channel, float value)
{
    if (channel < 0 || channel >= int(background_.size()))
        throw Error(formatPath_, "background channel " + std::to_string(channel) + " does not exist");
    background_[size_t(channel)] = value;
}

void Stitcher::setBandHeight(int rows) { bandHeight_ = std::max(1, rows); }
void Stitcher::setThreads(int threads) { threads_ = std::max(1, threads); }
void Stitcher::setMaxOpenFiles(int files) { maxOpenFiles_ = size_t(std::max(1, files)); }
void Stitcher::setScratchBytes(long long bytes) { scratchBytes_ = size_t(std::max(1LL << 20, bytes)); }

void Stitcher::setMissingPolicy(int policyCode)
{
    if (policyCode < 0 || policyCode > int(MissingPolicy::Fill))
        throw Error(formatPath_, "unknown missing-input policy " + std::to_string(policyCode));
    missing_ = MissingPolicy(policyCode);
}

std::string Stitcher::problemPath(int i) const { return problems_.at(size_t(i)).path; }
std::string Stitcher::problemReason(int i) const { return problems_.at(size_t(i)).reason; }
std::string Stitcher::problemAction(int i) const { return problems_.at(size_t(i)).action; }

void Stitcher::checkCancelled() const
{
    if (cancelled_)
        throw Error(formatPath_, "cancelled; nothing was saved");
}

void Stitcher::recordProblem(size_t index, const std::string& reason)
{
    std::lock_guard<std::mutex> lock(problemsMutex_);
    Input& in = inputs_[index];
    if (in.failed)
        return;
    in.failed = true;
    problems_.push_back(Problem{in.path, reason,
                                missing_ == MissingPolicy::Skip ? "skipped" : "filled with background"});
}

void Stitcher::run()
{
    const int channels = spec_.nchannels;
    for (const Input& in : inputs_)
        if (!channelsConvertible(in.channels, channels))
            throw Error(in.path, "has " + std::to_string(in.channels) + " channels, which cannot become the output's "
                                     + std::to_string(channels));
    const bool tiled = spec_.tile_width > 0 && spec_.tile_height > 0;
    if (tiled && bandHeight_ % spec_.tile_height != 0)
        bandHeight_ = (bandHeight_ / spec_.tile_height + 1) * spec_.tile_height;
    const int bandHeight = std::min(bandHeight_, spec_.height);

    ImageWriter writer(formatPath_, writePath_, Spec(spec_));
    const int typeCode = toTypeCode(spec_.format);
    BandCompositor compositor(spec_.x, spec_.width, bandHeight, channels, spec_.format, blend_,
                              featherWidth_, background_,
                              writer.formatName() == "png" || writer.formatName() == "dzi");

    std::vector<std::string> paths;
    paths.reserve(inputs_.size());
    for (const Input& in : inputs_)
        paths.push_back(in.path);
    InputPool pool(std::move(paths), maxOpenFiles_, [this](size_t i, const ImageReader& r) {
        const OIIO::ImageSpec& s = r.oiioSpec();
        const Input& in = inputs_[i];
        if (s.width != in.width || s.height != in.height || s.nchannels != in.channels)
            throw Error(in.path, "is " + std::to_string(s.width) + "x" + std::to_string(s.height)
                                     + " with " + std::to_string(s.nchannels) + " channels, but the layout declared "
                                     + std::to_string(in.width) + "x" + std::to_string(in.height) + " with "
                                     + std::to_string(in.channels) + " (did it change since planning?)");
    });
    std::vector<char> opened(inputs_.size(), 0);

    // Reads the rectangle of input `r.index` into dst (rows `stride` bytes apart).
    // Returns false if the input failed under the skip or fill policy.
    auto readPiece = [&](const PieceRect& r, OIIO::TypeDesc type, char* dst, size_t stride,
                         bool* unassociated) {
        Input& in = inputs_[r.index];
        try {
            checkCancelled();
            InputPool::Lease lease = pool.acquire(r.index);
            ImageReader& reader = lease.reader();
            const OIIO::ImageSpec& s = reader.oiioSpec();
            reader.readRegionStrided(s.x + (r.x0 - in.x), s.y + (r.y0 - in.y), r.x1 - r.x0,
                                     r.y1 - r.y0, 0, in.channels, type, dst, stride);
            *unassociated = s.get_int_attribute("oiio:UnassociatedAlpha", 0) != 0;
            opened[r.index] = 1;
            return true;
        } catch (const Error& e) {
            if (cancelled_ || missing_ == MissingPolicy::Fail)
                throw;
            recordProblem(r.index, e.what());
            pool.discard(r.index);
            return false;
        } catch (const std::bad_alloc&) {
            throw Error(in.path, "not enough memory to decode its rows (is the header corrupt?)");
        }
    };

    // Inputs sorted by top edge feed the sweep; `active` holds those touching the band.
    std::vector<size_t> byTop(inputs_.size());
    for (size_t i = 0; i < byTop.size(); ++i)
        byTop[i] = i;
    std::stable_sort(byTop.begin(), byTop.end(),
                     [&](size_t a, size_t b) { return inputs_[a].y < inputs_[b].y; });
    size_t nextByTop = 0;
    std::vector<size_t> active;

    const size_t rowBytes = size_t(spec_.width) * channels * spec_.format.size();
    std::vector<char> bands[2] = {std::vector<char>(rowBytes * bandHeight),
                                  std::vector<char>(rowBytes * bandHeight)};
    std::vector<std::vector<char>> scratch;
    std::future<void> pendingWrite;  // declared after what it uses, so it finishes first

    const int xEnd = spec_.x + spec_.width;
    const int yEnd = spec_.y + spec_.height;
    for (int y0 = spec_.y, band = 0; y0 < yEnd; y0 += bandHeight, ++band) {
        checkCancelled();
        int y1 = std::min(y0 + bandHeight, yEnd);
        while (nextByTop < byTop.size() && inputs_[byTop[nextByTop]].y < y1)
            active.push_back(byTop[nextByTop++]);
        active.erase(std::remove_if(active.begin(), active.end(),
                                    [&](size_t i) {
                                        const Input& in = inputs_[i];
                                        return in.y + in.height <= y0
                                               || (in.failed && missing_ == MissingPolicy::Skip);
                                    }),
                     active.end());
        std::sort(active.begin(), active.end());
        if (blend_ == Blend::First)
            std::reverse(active.begin(), active.end());  // first wins = last painted

        std::vector<PieceRect> pieces;
        for (size_t i : active) {
            const Input& in = inputs_[i];
            PieceRect r{i, std::max(in.x, spec_.x), std::min(in.x + in.width, xEnd),
                        std::max(in.y, y0), std::min(in.y + in.height, y1)};
            if (!r.empty())
                pieces.push_back(r);
        }

        char* bandData = bands[band % 2].data();
        compositor.begin(y0, y1, bandData);
        bool direct = !pieces.empty() && !anyOverlap(pieces)
                      && std::all_of(pieces.begin(), pieces.end(), [&](const PieceRect& r) {
                             return compositor.readsDirect(inputs_[r.index].channels);
                         });
        if (direct) {
            // Decode straight into the band: no scratch, no second copy.
            runParallel(pieces.size(), threads_, [&](size_t k) {
                const PieceRect& r = pieces[k];
                bool unassociated = false;
                // A failed input leaves background (pieces here do not overlap, so
                // skip and fill look the same), also over a half-decoded read.
                if (inputs_[r.index].failed
                    || !readPiece(r, spec_.format, compositor.bandPixel(r.x0, r.y0),
                                  compositor.bandRowStride(), &unassociated))
                    compositor.fill(r.x0, r.x1, r.y0, r.y1);
            });
        } else {
            // Decode a batch of pieces (bounded bytes) in parallel, composite in order.
            for (size_t first = 0; first < pieces.size();) {
                size_t last = first, bytes = 0;
                do {
                    const PieceRect& r = pieces[last];
                    int ch = inputs_[r.index].channels;
                    bytes += size_t(r.x1 - r.x0) * (r.y1 - r.y0) * ch
                             * compositor.pieceType(ch).size();
                    ++last;
                } while (last < pieces.size() && bytes < scratchBytes_);
                size_t count = last - first;
                if (scratch.size() < count)
                    scratch.resize(count);
                std::vector<char> ok(count, 0), unassociated(count, 0);
                runParallel(count, threads_, [&](size_t k) {
                    const PieceRect& r = pieces[first + k];
                    const Input& in = inputs_[r.index];
                    if (in.failed)
                        return;
                    OIIO::TypeDesc type = compositor.pieceType(in.channels);
                    size_t stride = size_t(r.x1 - r.x0) * in.channels * type.size();
                    scratch[k].resize(stride * (r.y1 - r.y0));
                    bool unassoc = false;
                    ok[k] = readPiece(r, type, scratch[k].data(), stride, &unassoc);
                    unassociated[k] = unassoc;
                });
                for (size_t k = 0; k < count; ++k) {
                    const PieceRect& r = pieces[first + k];
                    const Input& in = inputs_[r.index];
                    if (!ok[k]) {
                        // Under "fill" a failed input paints background at its place in
                        // the order; under "skip" the inputs beneath show through.
                        if (in.failed && missing_ == MissingPolicy::Fill)
                            compositor.fill(r.x0, r.x1, r.y0, r.y1);
                        continue;
                    }
                    Piece p;
                    p.data = scratch[k].data();
                    p.type = compositor.pieceType(in.channels);
                    p.channels = in.channels;
                    p.unassociatedAlpha = unassociated[k];
                    p.x0 = r.x0, p.x1 = r.x1, p.y0 = r.y0, p.y1 = r.y1;
                    p.inputX = in.x, p.inputY = in.y, p.inputWidth = in.width, p.inputHeight = in.height;
                    compositor.composite(p);
                }
                first = last;
            }
        }
        compositor.finish();

        if (pendingWrite.valid())
            pendingWrite.get();  // the other buffer is free again; rethrows write errors
        checkCancelled();
        pendingWrite = std::async(std::launch::async, [&writer, this, bandData, y0, y1, tiled,
                                                      typeCode, rowBytes] {
            long long bytes = (long long)(y1 - y0) * (long long)rowBytes;
            if (tiled)
                writer.writeTiles(spec_.x, spec_.x + spec_.width, y0, y1, typeCode, bandData, bytes);
            else
                writer.writeScanlines(y0, y1, typeCode, bandData, bytes);
            rowsDone_ = y1 - spec_.y;
            bytesWritten_ += bytes;
        });
    }
    if (pendingWrite.valid())
        pendingWrite.get();
    checkCancelled();
    writer.finish();
    peakOpenFiles_ = (long long)pool.peakOpenCount();
    reopenings_ = (long long)pool.openings()
                  - (long long)std::count(opened.begin(), opened.end(), char(1));
}

}  // namespace tilewright
