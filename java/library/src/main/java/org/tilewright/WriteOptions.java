package org.tilewright;

import java.nio.file.Path;
import java.util.Objects;
import org.tilewright.jni.NativeOutputOptions;

/**
 * How an output is written beyond its {@link ImageSpec}: the job's thread budget, reduced
 * levels made in the same pass, and a Deep Zoom output's tiles. Immutable; each
 * {@code with…} returns a changed copy. These are Tilewright's own requests: they reach the
 * native writer as typed values, never as attributes of the spec.
 *
 * <pre>{@code
 * WriteOptions options = WriteOptions.defaults().withThreads(4).withPyramid(Pyramid.automatic());
 * try (ImageWriter out = ImageWriter.open(Path.of("slide.tif"), spec, options)) { … }
 * }</pre>
 */
public final class WriteOptions {
    private final int threads;
    private final Pyramid pyramid;
    private final DeepZoom deepZoom;
    private final boolean replaceExisting;
    private final String resumeKey;
    private final PixelSize pixelSize;
    /// An OME-Zarr band's first row in the larger image (BandedStitch's parts); 0 otherwise.
    private final int bandTop;

    private WriteOptions(int threads, Pyramid pyramid, DeepZoom deepZoom, boolean replaceExisting, String resumeKey,
            PixelSize pixelSize, int bandTop) {
        this.threads = threads;
        this.pyramid = pyramid;
        this.deepZoom = deepZoom;
        this.replaceExisting = replaceExisting;
        this.resumeKey = resumeKey;
        this.pixelSize = pixelSize;
        this.bandTop = bandTop;
    }

    /** Every core, no pyramid, Deep Zoom defaults for a {@code .dzi} output; an existing file is replaced. */
    public static WriteOptions defaults() {
        return new WriteOptions(0, null, null, true, null, null, 0);
    }

    /**
     * At most {@code count} threads compute for this job at once — decoding, compositing and
     * every encoder; 0 means one per core.
     */
    public WriteOptions withThreads(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("threads must be 0 (all cores) or more, got " + count);
        }
        return new WriteOptions(count, pyramid, deepZoom, replaceExisting, resumeKey, pixelSize, bandTop);
    }

    /** Reduced levels made in the same pass (see {@link Pyramid}); null for none. */
    public WriteOptions withPyramid(Pyramid request) {
        return new WriteOptions(threads, request, deepZoom, replaceExisting, resumeKey, pixelSize, bandTop);
    }

    /** Tiles of a {@code .dzi} output (see {@link DeepZoom}); null for the defaults. */
    public WriteOptions withDeepZoom(DeepZoom options) {
        return new WriteOptions(threads, pyramid, options, replaceExisting, resumeKey, pixelSize, bandTop);
    }

    /**
     * Whether the finished output may replace a file (or, for Deep Zoom, a tile folder or
     * viewer page) of its name. When not, the output is refused up front if one exists, and
     * moved into place without replacing in one atomic step, so a file that appears under the
     * name while the job runs is left alone and the job fails naming it.
     */
    public WriteOptions withReplaceExisting(boolean replace) {
        return new WriteOptions(threads, pyramid, deepZoom, replace, resumeKey, pixelSize, bandTop);
    }

    /**
     * Makes the job resumable (TIFF and BigTIFF, 8- or 16-bit integers, zip or no compression,
     * with or without a pyramid): the partial file keeps a fixed name beside the output and a
     * small journal of what is durably written, and stays when the job fails or is killed.
     * Opening the same output again with the same key, spec and options continues from the last
     * checkpoint (at most half a second of work before the stop) and writes the same bytes an
     * uninterrupted run would. {@code jobKey} names what the pixels are — change it whenever
     * they would come out differently (other inputs, another function); a journal made under
     * another key, spec, options or Tilewright version is discarded and the job starts over.
     * Null turns it off. {@link StitchOptions#withResume} makes the key from a stitch's inputs.
     */
    public WriteOptions withResume(String jobKey) {
        return new WriteOptions(threads, pyramid, deepZoom, replaceExisting, jobKey, pixelSize, bandTop);
    }

    /**
     * The physical size of a pixel, recorded where the format keeps it (an OME-TIFF's
     * PhysicalSizeX/Y); null for none.
     */
    public WriteOptions withPixelSize(PixelSize size) {
        return new WriteOptions(threads, pyramid, deepZoom, replaceExisting, resumeKey, size, bandTop);
    }

    /** The same options for the band of a larger OME-Zarr image from its row {@code top}. */
    WriteOptions withBandTop(int top) {
        return new WriteOptions(threads, pyramid, deepZoom, replaceExisting, resumeKey, pixelSize, top);
    }

    /** The physical size of a pixel, or null. */
    public PixelSize pixelSize() {
        return pixelSize;
    }

    /** The caller's key of a resumable job, or null. */
    public String resumeKey() {
        return resumeKey;
    }

    /** Whether an existing file of the output's name may be replaced. */
    public boolean replaceExisting() {
        return replaceExisting;
    }

    /** The thread budget asked for; 0 means one per core. */
    public int threads() {
        return threads;
    }

    /** The threads the job will use. */
    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /** The pyramid asked for, or null. */
    public Pyramid pyramid() {
        return pyramid;
    }

    /** The Deep Zoom options asked for, or null. */
    public DeepZoom deepZoom() {
        return deepZoom;
    }

    DeepZoom deepZoomOrDefaults() {
        return deepZoom != null ? deepZoom : DeepZoom.defaults();
    }

    /** Refuses options the output's kind cannot take (the format's own limits are the native factory's). */
    void requireFits(Path target, OutputKind kind) {
        if (deepZoom != null && kind != OutputKind.DEEP_ZOOM) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT,
                    target + ": Deep Zoom options need an output ending in .dzi");
        }
        if (resumeKey != null && !kind.isTiff()) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT,
                    target + ": --resume continues TIFF and BigTIFF outputs only (their appends can be replayed)");
        }
        if (pyramid != null && kind == OutputKind.DEEP_ZOOM) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT,
                    target + ": a .dzi output holds every level already; drop the pyramid");
        }
    }

    /** The native peer of these options for an image of {@code spec}; the caller closes it. */
    NativeOutputOptions toNative(ImageSpec spec) {
        NativeOutputOptions n = new NativeOutputOptions();
        n.setThreads(threads);
        DeepZoom d = deepZoomOrDefaults();
        if (pyramid != null) {
            n.setPyramidLevels(pyramid.levelCount());
        }
        n.setPyramidFilter((pyramid != null ? pyramid.filter() : d.filter()).code());
        n.setDeepZoom(d.tileSize(), d.overlap(), d.tileFormatFor(spec.channels()).equals("png"), d.quality());
        if (resumeKey != null) {
            n.setResumeKey(ResumeKeys.of(spec, this));
        }
        n.setOmePlanar(OmeXml.isPlanar(spec));  // an OME-TIFF's layout, decided with its OME-XML
        if (pixelSize != null) {
            n.setPixelSize(pixelSize.x(), pixelSize.y(), pixelSize.ngffUnit());  // OME-Zarr's scale
        }
        n.setBandTop(bandTop);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WriteOptions && ((WriteOptions) o).threads == threads
                && Objects.equals(((WriteOptions) o).pyramid, pyramid)
                && Objects.equals(((WriteOptions) o).deepZoom, deepZoom)
                && ((WriteOptions) o).replaceExisting == replaceExisting
                && Objects.equals(((WriteOptions) o).resumeKey, resumeKey)
                && ((WriteOptions) o).bandTop == bandTop
                && Objects.equals(((WriteOptions) o).pixelSize, pixelSize);
    }

    @Override
    public int hashCode() {
        return Objects.hash(threads, pyramid, deepZoom, replaceExisting, resumeKey, pixelSize, bandTop);
    }

    @Override
    public String toString() {
        return "WriteOptions[threads=" + threads + ", pyramid=" + pyramid + ", deepZoom=" + deepZoom + ", replaceExisting=" + replaceExisting
                + (resumeKey != null ? ", resume" : "") + (pixelSize != null ? ", pixelSize=" + pixelSize : "") + "]";
    }
}
