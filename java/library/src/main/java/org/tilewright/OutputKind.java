package org.tilewright;

import java.nio.file.Path;
import org.tilewright.jni.NativeLibrary;

/**
 * What kind of output a path names, from OpenImageIO's own table of extensions ({@code .tx}
 * is a TIFF, {@code .sxr} an OpenEXR…) plus {@code .dzi}. The rule lives in the native layer
 * ({@code output_kind.h}); this asks it once per output.
 */
public enum OutputKind {
    /** TIFF or BigTIFF. */
    TIFF,
    /** OpenEXR. */
    OPENEXR,
    /** PNG. */
    PNG,
    /** JPEG. */
    JPEG,
    /** A Deep Zoom descriptor, its tile folder and a viewer page. */
    DEEP_ZOOM,
    /** Another format OpenImageIO writes. */
    OTHER,
    /** No format writes files with this extension. */
    UNKNOWN,
    /**
     * An OME-TIFF ({@code .ome.tif}, {@code .ome.tiff}): a TIFF with OME-XML in its first IFD and
     * pyramid levels as SubIFDs, as Bio-Formats, QuPath and OMERO read them.
     */
    OME_TIFF,
    /**
     * An OME-Zarr folder ({@code .ome.zarr}): OME-NGFF 0.4 multiscales on Zarr v2, each chunk its
     * own file, as QuPath, napari and Fiji's readers open it.
     */
    OME_ZARR;

    /** The kind of output {@code path} names. */
    public static OutputKind of(Path path) {
        NativeLoading.require();
        Path name = path.getFileName();
        return values()[NativeLibrary.outputKindCode(name == null ? "" : name.toString())];
    }

    /** The code shared with the native side (declaration order). */
    int code() {
        return ordinal();
    }

    /**
     * Whether files of this kind store pixels of {@code type}: PNG 8 or 16 bits, JPEG and
     * Deep Zoom tiles 8, OpenEXR half, float or 32-bit integers, OME-TIFF integers and 32-bit float
     * (OME has no half; tiled doubles OIIO 2.4 reads as zeros); TIFF and others any.
     */
    public boolean stores(PixelType type) {
        switch (this) {
            case PNG: return type == PixelType.UINT8 || type == PixelType.UINT16;
            case JPEG:
            case DEEP_ZOOM: return type == PixelType.UINT8;
            case OPENEXR: return type == PixelType.HALF || type == PixelType.FLOAT || type == PixelType.UINT32;
            case OME_TIFF: return type != PixelType.HALF && type != PixelType.DOUBLE;
            default: return true;
        }
    }

    /** Whether files of this kind are TIFF files (plain or OME). */
    public boolean isTiff() {
        return this == TIFF || this == OME_TIFF;
    }

    /** The tile size Tilewright uses unless told: 256 for TIFF, 64 for OpenEXR, else rows. */
    public int defaultTileSize() {
        switch (this) {
            case TIFF:
            case OME_TIFF: return 256;
            case OPENEXR: return 64;
            default: return 0;
        }
    }

    /**
     * The tile size for pixels of {@code type}: as {@link #defaultTileSize()}, but 64-bit
     * float TIFFs are written in strips, as OpenImageIO 2.4 reads tiled ones as zeros.
     */
    public int defaultTileSize(PixelType type) {
        return isTiff() && type == PixelType.DOUBLE ? 0 : defaultTileSize();
    }
}
