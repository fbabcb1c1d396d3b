#pragma once
/// @file rows.h
/// Rows as OIIO hands them to an ImageOutput's write_scanlines, made contiguous in the
/// type an encoder wants: the one conversion step FastTiffOutput, FastPngOutput and
/// DeepZoomOutput share.

#include <vector>

#include <OpenImageIO/imageio.h>

namespace tilewright {

/// Appends rows [0, rows) of `data` — `from` pixels (TypeUnknown: `spec.format`), strides
/// as OIIO passes them (AutoStride allowed) — to `out` as contiguous `to` pixels of
/// `spec.width` x `spec.nchannels`. Returns false, leaving `out` as it was, if OIIO cannot
/// convert them.
bool appendRows(const OIIO::ImageSpec& spec, int rows, OIIO::TypeDesc from, const void* data,
                OIIO::stride_t xstride, OIIO::stride_t ystride, OIIO::TypeDesc to,
                std::vector<unsigned char>& out);

}  // namespace tilewright
