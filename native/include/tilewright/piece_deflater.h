#pragma once

#include <cstddef>
#include <vector>

namespace tilewright {

/// Deflates one piece of a larger raw deflate stream, independently of the others so that
/// pieces are compressed on every core and joined in order: a piece that is not the last
/// ends sync-flushed (byte-aligned, no final block), the last one ends the stream.
///
/// Levels 1 to 3 go through ISA-L's igzip at its level 1 — on photographs 3.8 times zlib
/// level 4's speed, and both faster and smaller than zlib's own levels 1 to 3 (measured in
/// bench/). Levels 4 to 9 go through zlib with run-length matches only, and, where a piece
/// comes out under a quarter of its size, also with the level's full match search (the
/// filtered strategy PNG rows suit), keeping the smaller: on photographs the first alone is
/// both smaller and seven times faster than zlib's level 4 search, and structured rows keep
/// what the search finds. Level 0 stores.
class PieceDeflater {
public:
    explicit PieceDeflater(int level) : level_(level) {}

    /// Compresses `size` bytes into `out` (resized to what was written); false on failure.
    bool deflate(const unsigned char* data, size_t size, bool last, std::vector<unsigned char>& out) const;

    /// Whether this level uses ISA-L.
    bool usesIsal() const { return level_ >= 1 && level_ <= 3; }

private:
    bool deflateWithZlib(const unsigned char* data, size_t size, bool last, std::vector<unsigned char>& out) const;
    /// One zlib stream piece at `level` with `strategy`.
    static bool zlibDeflate(const unsigned char* data, size_t size, bool last, int level, int strategy,
                            std::vector<unsigned char>& out);
    bool deflateWithIsal(const unsigned char* data, size_t size, bool last, std::vector<unsigned char>& out) const;

    /// A piece that run-length matching brings under 1/kStructuredRatio of its size has
    /// structure a full match search may use better.
    static constexpr size_t kStructuredRatio = 4;

    int level_;
};

}  // namespace tilewright
