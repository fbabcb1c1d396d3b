#pragma once

#include <cstddef>
#include <vector>

namespace tilewright {

/// Deflates one piece of a larger raw deflate stream, independently of the others so that
/// pieces are compressed on every core and joined in order: a piece that is not the last
/// ends sync-flushed (byte-aligned, no final block), the last one ends the stream.
///
/// Levels 1 to 4 (4 is the default) go through zlib with run-length matches only: on
/// photographs both smaller and seven times faster than zlib's level 4 match search, on
/// gradients smaller and twice as fast, on graphics up to a tenth larger. Levels 5 to 9 add,
/// where a piece comes out under a quarter of its size, the level's full match search (the
/// filtered strategy PNG rows suit) and keep the smaller stream. Level 0 stores.
class PieceDeflater {
public:
    explicit PieceDeflater(int level) : level_(level) {}

    /// Compresses `size` bytes into `out` (resized to what was written); false on failure.
    bool deflate(const unsigned char* data, size_t size, bool last, std::vector<unsigned char>& out) const;

private:
    /// One zlib stream piece at `level` with `strategy`.
    static bool zlibDeflate(const unsigned char* data, size_t size, bool last, int level, int strategy,
                            std::vector<unsigned char>& out);
    /// Copies a finished stream made in a per-thread buffer to the caller's vector.
    static bool copyOut(const std::vector<unsigned char>& stream, std::vector<unsigned char>& out);

    /// A piece that run-length matching brings under 1/kStructuredRatio of its size has
    /// structure a full match search may use better.
    static constexpr size_t kStructuredRatio = 4;
    /// Levels up to this one take the run-length stream as it is.
    static constexpr int kRunLengthOnlyLevel = 4;

    int level_;
};

}  // namespace tilewright
