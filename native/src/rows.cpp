#include "tilewright/rows.h"

namespace tilewright {

bool appendRows(const OIIO::ImageSpec& spec, int rows, OIIO::TypeDesc from, const void* data,
                OIIO::stride_t xstride, OIIO::stride_t ystride, OIIO::TypeDesc to,
                std::vector<unsigned char>& out)
{
    if (from == OIIO::TypeUnknown)
        from = spec.format;
    OIIO::ImageSpec::auto_stride(xstride, from, spec.nchannels);
    if (ystride == OIIO::AutoStride)
        ystride = xstride * spec.width;
    const size_t pixelBytes = size_t(spec.nchannels) * to.size();
    const size_t rowBytes = size_t(spec.width) * pixelBytes;
    const size_t at = out.size();
    out.resize(at + size_t(rows) * rowBytes);
    if (OIIO::convert_image(spec.nchannels, spec.width, rows, 1, data, from, xstride, ystride, OIIO::AutoStride,
                            out.data() + at, to, OIIO::stride_t(pixelBytes), OIIO::stride_t(rowBytes),
                            OIIO::AutoStride))
        return true;
    out.resize(at);
    return false;
}

}  // namespace tilewright
