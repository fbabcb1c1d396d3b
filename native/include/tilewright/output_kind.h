#pragma once
/// @file output_kind.h
/// What kind of output a path names, decided once, at the entry, from OIIO's own table
/// of extensions (and ".dzi", which OIIO does not know). Java asks this rule through
/// NativeLibrary rather than keeping a copy of it.

#include <string>

namespace tilewright {

/// Output kinds the engine treats differently; codes shared with Java's OutputKind.
enum class OutputKind : int {
    Tiff = 0,      ///< TIFF/BigTIFF (OIIO's "tiff" plugin: .tif, .tiff, .tx, .btf…)
    OpenExr = 1,   ///< OpenEXR
    Png = 2,       ///< PNG
    Jpeg = 3,      ///< JPEG (JFIF)
    DeepZoom = 4,  ///< a Deep Zoom descriptor, tile folder and viewer page (".dzi")
    Other = 5,     ///< any other format OIIO writes, through its own plugin
    Unknown = 6,   ///< no format writes files with this extension
    OmeTiff = 7,   ///< an OME-TIFF (".ome.tif", ".ome.tiff"): OME-XML, pyramid levels as SubIFDs
    OmeZarr = 8    ///< an OME-Zarr folder (".ome.zarr"): OME-NGFF 0.4 multiscales on Zarr v2
};

/// Whether `kind` is written as a TIFF file (plain or OME).
inline bool isTiffKind(OutputKind kind) { return kind == OutputKind::Tiff || kind == OutputKind::OmeTiff; }

/// The kind of output `path` names, by its extension (case-insensitive).
OutputKind outputKindOf(const std::string& path);

}  // namespace tilewright
