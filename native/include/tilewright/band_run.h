#pragma once
/// @file band_run.h
/// One band of a stitch: the pieces of the inputs that touch it are decoded on the
/// job's threads and composited, in order, into the band buffer.
///
/// When the pieces do not overlap and need no conversion of channels (copy modes), each
/// is decoded straight into the band: no scratch, no second copy. Otherwise pieces are
/// decoded in batches of bounded bytes into scratch buffers, then composited in order.

#include <vector>

#include "tilewright/band_compositor.h"
#include "tilewright/piece_reader.h"

namespace tilewright {

class ThreadBudget;

class BandRun {
public:
    /// Runs bands with `compositor`, reading through `reader`, decoding on `budget`,
    /// holding at most `scratchBytes` of decoded pieces at once.
    BandRun(BandCompositor& compositor, PieceReader& reader, const std::vector<StitchInput>& inputs,
            ThreadBudget& budget, size_t scratchBytes);

    /// Fills `band` with canvas rows [y0, y1) from `pieces` (in compositing order).
    void fill(int y0, int y1, const std::vector<PieceRect>& pieces, char* band);

private:
    bool canReadDirect(const std::vector<PieceRect>& pieces) const;
    /// Whether an input's pieces may be decoded straight into the band.
    bool readsDirect(const StitchInput& in) const;
    /// The type an input's pieces are decoded to.
    OIIO::TypeDesc pieceTypeOf(const StitchInput& in) const;
    void readDirect(const std::vector<PieceRect>& pieces);
    void readBatched(const std::vector<PieceRect>& pieces);

    BandCompositor& compositor_;
    PieceReader& reader_;
    const std::vector<StitchInput>& inputs_;
    ThreadBudget& budget_;
    size_t scratchBytes_;
    std::vector<std::vector<char>> scratch_;  ///< kept between bands: decoded pieces of a batch
};

}  // namespace tilewright
