#pragma once
/// @file fast_png_output.h
/// A PNG writer for 8- and 16-bit gray, gray+alpha, RGB and RGBA images that filters and
/// deflates bands of rows on the job's threads (thread_budget.h).
///
/// Why: libpng, under OIIO, filters and deflates on one thread — about 10 MB/s of noisy
/// pixels — which makes PNG the slowest output by far. Here each band of rows is filtered
/// with libpng's own heuristic (per row, the filter with the smallest sum of absolute
/// values) and deflated by its own zlib stream ending on a sync flush, so the pieces join
/// into one valid zlib stream (pigz's technique); Adler-32 checksums are combined. The
/// result is an ordinary PNG; at the default level 4 it is smaller than libpng's default
/// output and written about twice as fast on two cores.

#include <cstdio>
#include <string>
#include <vector>

#include <OpenImageIO/imageio.h>

namespace tilewright {

class ThreadBudget;

class FastPngOutput final : public OIIO::ImageOutput {
public:
    /// Whether `spec`, bound for a PNG file, is the case this writer handles.
    static bool handles(const OIIO::ImageSpec& spec);

    /// An encoder computing on `budget` (which outlives it).
    explicit FastPngOutput(ThreadBudget& budget) : budget_(budget) {}
    ~FastPngOutput() override;

    const char* format_name() const override { return "png"; }
    int supports(OIIO::string_view feature) const override;
    bool open(const std::string& name, const OIIO::ImageSpec& spec,
              OpenMode mode = Create) override;
    bool close() override;
    bool write_scanline(int y, int z, OIIO::TypeDesc format, const void* data,
                        OIIO::stride_t xstride) override;
    bool write_scanlines(int ybegin, int yend, int z, OIIO::TypeDesc format, const void* data,
                         OIIO::stride_t xstride, OIIO::stride_t ystride) override;

private:
    bool flush(bool final);
    bool writeChunk(const char type[4], const unsigned char* data, size_t size);
    bool failIo(const std::string& what);

    ThreadBudget& budget_;
    std::FILE* file_ = nullptr;
    int level_ = 4;
    size_t rowBytes_ = 0;            ///< bytes of one row, without the filter byte
    size_t pixelBytes_ = 0;
    std::vector<unsigned char> pending_;   ///< native rows (PNG byte order) not yet encoded
    int pendingRows_ = 0;
    int rowsDone_ = 0;
    std::vector<unsigned char> previousRow_;  ///< last encoded row, for the next band's filters
    unsigned long adler_ = 1;
    bool headerWritten_ = false;
};

}  // namespace tilewright
