#include "tilewright/band_run.h"

#include <algorithm>

#include "tilewright/thread_budget.h"

namespace tilewright {

namespace {

/// Whether any two rectangles overlap (sweep over x; a grid costs n log n).
bool anyOverlap(std::vector<PieceRect> rects)
{
    std::sort(rects.begin(), rects.end(), [](const PieceRect& a, const PieceRect& b) { return a.x0 < b.x0; });
    for (size_t i = 0; i < rects.size(); ++i)
        for (size_t j = i + 1; j < rects.size() && rects[j].x0 < rects[i].x1; ++j)
            if (rects[i].overlaps(rects[j]))
                return true;
    return false;
}

}  // namespace

BandRun::BandRun(BandCompositor& compositor, PieceReader& reader, const std::vector<StitchInput>& inputs,
                 ThreadBudget& budget, size_t scratchBytes)
    : compositor_(compositor), reader_(reader), inputs_(inputs), budget_(budget), scratchBytes_(scratchBytes)
{
}

bool BandRun::readsDirect(const StitchInput& in) const
{
    // A shifted input is interpolated first, so never decoded straight into the band.
    return !in.shifted() && compositor_.readsDirect(in.channels, in.straightAlpha, in.decodeGamma);
}

OIIO::TypeDesc BandRun::pieceTypeOf(const StitchInput& in) const
{
    // A shifted input is interpolated in float whatever the output's type.
    return in.shifted() ? OIIO::TypeFloat : compositor_.pieceType(in.channels, in.straightAlpha, in.decodeGamma);
}

void BandRun::fill(int y0, int y1, const std::vector<PieceRect>& pieces, char* band)
{
    compositor_.begin(y0, y1, band);
    if (canReadDirect(pieces))
        readDirect(pieces);
    else
        readBatched(pieces);
    compositor_.finish();
}

bool BandRun::canReadDirect(const std::vector<PieceRect>& pieces) const
{
    return !pieces.empty() && !anyOverlap(pieces)
           && std::all_of(pieces.begin(), pieces.end(),
                          [&](const PieceRect& r) { return readsDirect(inputs_[r.index]); });
}

void BandRun::readDirect(const std::vector<PieceRect>& pieces)
{
    budget_.parallelFor(pieces.size(), [&](size_t k) {
        const PieceRect& r = pieces[k];
        // A failed input leaves background (pieces here do not overlap, so skip and
        // fill look the same), also over a half-decoded read.
        if (inputs_[r.index].failed
            || !reader_.read(r, pieceTypeOf(inputs_[r.index]),
                             compositor_.bandPixel(r.x0, r.y0), compositor_.bandRowStride()))
            compositor_.fill(r.x0, r.x1, r.y0, r.y1);
    });
}

void BandRun::readBatched(const std::vector<PieceRect>& pieces)
{
    for (size_t first = 0; first < pieces.size();) {
        size_t last = first, bytes = 0;
        do {
            const PieceRect& r = pieces[last];
            const StitchInput& in = inputs_[r.index];
            bytes += size_t(r.x1 - r.x0) * (r.y1 - r.y0) * in.channels
                     * pieceTypeOf(in).size();
            ++last;
        } while (last < pieces.size() && bytes < scratchBytes_);
        size_t count = last - first;
        if (scratch_.size() < count)
            scratch_.resize(count);
        std::vector<char> ok(count, 0);
        budget_.parallelFor(count, [&](size_t k) {
            const PieceRect& r = pieces[first + k];
            const StitchInput& in = inputs_[r.index];
            if (in.failed)
                return;
            OIIO::TypeDesc type = pieceTypeOf(in);
            size_t stride = size_t(r.x1 - r.x0) * in.channels * type.size();
            scratch_[k].resize(stride * (r.y1 - r.y0));
            ok[k] = reader_.read(r, type, scratch_[k].data(), stride);
        });
        for (size_t k = 0; k < count; ++k) {
            const PieceRect& r = pieces[first + k];
            const StitchInput& in = inputs_[r.index];
            if (!ok[k]) {
                // Under "fill" a failed input paints background at its place in the
                // order; under "skip" the inputs beneath show through.
                if (in.failed && reader_.policy() == MissingPolicy::Fill)
                    compositor_.fill(r.x0, r.x1, r.y0, r.y1);
                continue;
            }
            Piece p;
            p.data = scratch_[k].data();
            p.type = pieceTypeOf(in);
            p.channels = in.channels;
            p.straightAlpha = in.straightAlpha;
            p.decodeGamma = in.decodeGamma;
            p.x0 = r.x0, p.x1 = r.x1, p.y0 = r.y0, p.y1 = r.y1;
            p.inputX = in.x, p.inputY = in.y, p.inputWidth = in.width, p.inputHeight = in.height;
            compositor_.composite(p);
        }
        first = last;
    }
}

}  // namespace tilewright
