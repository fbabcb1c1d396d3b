#pragma once
/// @file output_options.h
/// Tilewright's own requests for an output, typed: the thread budget, reduced levels,
/// and a Deep Zoom output's tiles. They cross JNI through setters (OIIO's attribute map
/// carries OIIO attributes only). Values arrive validated by Java's WriteOptions,
/// PyramidRequest and DeepZoom; rules that depend on the format are the output
/// factory's (output_factory.h).

#include <string>

#include "tilewright/pyramid.h"

namespace tilewright {

class OutputOptions {
public:
    OutputOptions() = default;

    /// Computing threads of the job (0 = one per core).
    void setThreads(int threads) { threads_ = threads; }
    /// Reduced levels: 0 none, -1 down to one tile (one pixel for OpenEXR), n >= 2 at
    /// most n levels with full resolution.
    void setPyramidLevels(int levels) { pyramidLevels_ = levels; }
    /// How levels are reduced, for a pyramid and for a Deep Zoom output (a PyramidFilter code).
    void setPyramidFilter(int filterCode);
    /// Deep Zoom tiles: size, overlap, PNG (else JPEG) and JPEG quality.
    void setDeepZoom(int tileSize, int overlap, bool png, int quality);

    /// Makes the job resumable (resume_journal.h): `key` identifies the job — its inputs,
    /// options and Tilewright's version — so that a journal of another job is not used.
    void setResumeKey(const std::string& key) { resumeKey_ = key; }
    /// An OME-TIFF's channels go to separate planes, one IFD each (ome_planes.h), not to
    /// the samples of one IFD; Java decides it with the OME-XML that describes it.
    void setOmePlanar(bool planar) { omePlanar_ = planar; }
    /// The physical size of a pixel, in `unit` (an OME-NGFF / UDUNITS name, "micrometer"…),
    /// for outputs that record it in the engine (OME-Zarr's scale).
    void setPixelSize(double x, double y, const std::string& unit) { pixelX_ = x, pixelY_ = y, pixelUnit_ = unit; }
    /// An OME-Zarr output that is the band of a larger image from its level-0 row `top` (a
    /// multiple of its chunk height times 2^(levels - 1)): its chunk rows are named as the
    /// larger image's (zarr_band_assembly.h moves them into its store).
    void setBandTop(int top) { bandTop_ = top; }
    /// An OME-Zarr output given the rows of its level `level`, not of level 0, that writes
    /// only the levels below it (the levels above come from bands).
    void setFirstLevel(int level) { firstLevel_ = level; }
    /// Set by the engine, not the caller: files are opened keeping an earlier run's bytes.
    void setKeepExistingBytes(bool keep) { keepExistingBytes_ = keep; }

    int threads() const { return threads_; }
    int bandTop() const { return bandTop_; }
    int firstLevel() const { return firstLevel_; }
    bool resumable() const { return !resumeKey_.empty(); }
    const std::string& resumeKey() const { return resumeKey_; }
    bool keepExistingBytes() const { return keepExistingBytes_; }
    bool omePlanar() const { return omePlanar_; }
    double pixelX() const { return pixelX_; }
    double pixelY() const { return pixelY_; }
    const std::string& pixelUnit() const { return pixelUnit_; }  ///< "" when not given
    int pyramidLevels() const { return pyramidLevels_; }
    bool wantsPyramid() const { return pyramidLevels_ != 0; }
    PyramidFilter pyramidFilter() const { return pyramidFilter_; }
    int deepZoomTileSize() const { return deepZoomTileSize_; }
    int deepZoomOverlap() const { return deepZoomOverlap_; }
    bool deepZoomPng() const { return deepZoomPng_; }
    int deepZoomQuality() const { return deepZoomQuality_; }

private:
    int threads_ = 0;
    int pyramidLevels_ = 0;
    PyramidFilter pyramidFilter_ = PyramidFilter::Box;
    int deepZoomTileSize_ = 254;
    int deepZoomOverlap_ = 1;
    bool deepZoomPng_ = false;
    int deepZoomQuality_ = 85;
    std::string resumeKey_;
    bool keepExistingBytes_ = false;
    bool omePlanar_ = false;
    double pixelX_ = 1, pixelY_ = 1;
    std::string pixelUnit_;
    int bandTop_ = 0;
    int firstLevel_ = 0;
};

}  // namespace tilewright
