#include "tilewright/output_options.h"

#include "tilewright/error.h"

namespace tilewright {

void OutputOptions::setPyramidFilter(int filterCode)
{
    if (filterCode != int(PyramidFilter::Box) && filterCode != int(PyramidFilter::Nearest))
        throw Error("", "unknown pyramid filter code " + std::to_string(filterCode), ErrorKind::BadArgument);
    pyramidFilter_ = PyramidFilter(filterCode);
}

void OutputOptions::setDeepZoom(int tileSize, int overlap, bool png, int quality)
{
    deepZoomTileSize_ = tileSize;
    deepZoomOverlap_ = overlap;
    deepZoomPng_ = png;
    deepZoomQuality_ = quality;
}

}  // namespace tilewright
