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
/// bench/); levels 0 and 4 to 9 through zlib with the filtered strategy PNG rows suit.
class PieceDeflater {
public:
    explicit PieceDeflater(int level) : level_(level) {}

    /// Compresses `size` bytes into `out` (resized to what was written); false on failure.
    bool deflate(const unsigned char* data, size_t size, bool last, std::vector<unsigned char>& out) const;

    /// Whether this level uses ISA-L.
    bool usesIsal() const { return level_ >= 1 && level_ <= 3; }

private:
    bool deflateWithZlib(const unsigned char* data, size_t size, bool last, std::vector<unsigned char>& out) const;
    bool deflateWithIsal(const unsigned char* data, size_t size, bool last, std::vector<unsigned char>& out) const;

    int level_;
};

}  // namespace tilewright
