#pragma once
/// @file pixel_type.h
/// Pixel type codes shared with Java's org.tilewright.PixelType (same order).
/// Plain ints cross the JNI boundary; OIIO's TypeDesc stays on this side.

#include <OpenImageIO/typedesc.h>

namespace tilewright {

/// Codes are part of the Java/C++ contract: append, never reorder.
enum PixelTypeCode : int {
    UINT8 = 0, UINT16 = 1, UINT32 = 2, HALF = 3, FLOAT = 4, DOUBLE = 5,
    INT8 = 6, INT16 = 7, INT32 = 8
};

/// The OIIO type for a code; throws Error for an unknown code.
OIIO::TypeDesc toTypeDesc(int typeCode);

/// The code for an OIIO base type, or -1 when Tilewright has no code for it.
int toTypeCode(OIIO::TypeDesc type);

}  // namespace tilewright
