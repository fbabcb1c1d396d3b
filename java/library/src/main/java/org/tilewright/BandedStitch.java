package org.tilewright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tilewright.jni.NativeOutputOptions;
import org.tilewright.jni.NativeOutputTarget;
import org.tilewright.jni.NativeSpec;
import org.tilewright.jni.NativeTiffBandAssembly;
import org.tilewright.jni.NativeZarrBandAssembly;

/**
 * A stitch cut into horizontal bands that separate processes render — a Spark job's tasks,
 * on as many machines — joined into one tiled TIFF or OME-Zarr store without decoding what
 * they wrote.
 *
 * <p>Every process plans the same stitch from the same layout and options, so a band is
 * named by its index alone. {@link #renderBand} writes band {@code i} — full width, whole
 * rows of tiles (of chunks, for OME-Zarr), and its share of the first {@link #partLevels()}
 * pyramid levels (a band starts at a multiple of 2^(levels-1) rows of tiles, so each of its
 * levels is whole rows of tiles of the output's) — to a part, reading only the inputs that
 * touch it. {@link #assemble} copies the parts' compressed tiles into a TIFF in order (moves
 * the chunks into an OME-Zarr store) and reduces the coarser levels from the last level the
 * parts hold: the output is the one {@link StitchJob} writes for the same layout and
 * options, byte for byte.
 *
 * <p>The output is a TIFF on Tilewright's own encoder (tiled, 8- or 16-bit integers, zip or no
 * compression) or an OME-Zarr store; other outputs are refused when planned.
 */
public final class BandedStitch {
    /// Levels a part holds at most: the coarser ones (1/64 of the pixels and less past
    /// three halvings) are made by the assembly from the parts' last level.
    private static final int MAX_PART_LEVELS = 4;
    /// Rows of an OME-Zarr chunk (OmeZarrOutput::kChunk).
    private static final int ZARR_CHUNK = 256;

    private final StitchPlan plan;
    private final OutputKind kind;
    private final int partLevels;
    private final int bandRows;
    private final int bandCount;

    private BandedStitch(StitchPlan plan, OutputKind kind, int partLevels, int bandRows) {
        this.plan = plan;
        this.kind = kind;
        this.partLevels = partLevels;
        this.bandRows = bandRows;
        this.bandCount = (int) ((plan.outputSpec().height() + (long) bandRows - 1) / bandRows);
    }

    /**
     * Plans the stitch of {@code layout} into {@code output} as {@link StitchJob#plan} does, cut
     * into about {@code bands} bands (fewer when the image has fewer aligned rows of tiles).
     */
    public static BandedStitch plan(Path output, Layout layout, StitchOptions options, int bands) {
        if (bands < 1) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT,
                    output + ": a banded stitch needs at least one band, not " + bands);
        }
        OutputKind kind = OutputKind.of(output.toAbsolutePath());
        WriteOptions write = options.writeOptions();
        if (kind != OutputKind.TIFF && kind != OutputKind.OME_ZARR) {
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT, output
                    + ": a banded stitch writes one TIFF (.tif, .tiff) or OME-Zarr store (.ome.zarr); this output is "
                    + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        if (write.resumeKey() != null || write.deepZoom() != null) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT,
                    output + ": a banded stitch is neither resumable nor a Deep Zoom output");
        }
        StitchPlan plan = StitchPlan.create(output, layout, options);
        ImageSpec spec = plan.outputSpec();
        int request = write.pyramid() == null ? 0 : write.pyramid().levelCount();
        int levels;
        int rowsOfTiles;  // the rows a band's top aligns to, before its levels double them
        try (NativeSpec nativeSpec = NativeSpecs.toNative(spec)) {
            if (kind == OutputKind.OME_ZARR) {
                levels = NativeZarrBandAssembly.levelCount(nativeSpec, request);
                rowsOfTiles = ZARR_CHUNK;
            } else {
                if (!spec.isTiled()) {
                    throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT,
                            output + ": a banded stitch writes a tiled TIFF: give a tile size (256 is usual)");
                }
                levels = NativeTiffBandAssembly.levelCount(nativeSpec, request);
                rowsOfTiles = spec.tileHeight();
            }
        }
        int height = spec.height();
        int tileRows = ceilDiv(height, rowsOfTiles);
        int partLevels = Math.min(levels, MAX_PART_LEVELS);
        // Fewer levels in the parts rather than fewer bands than asked: each level kept in
        // the parts doubles the rows a band must align to.
        while (partLevels > 1 && ceilDiv(tileRows, 1 << (partLevels - 1)) < bands) {
            partLevels--;
        }
        int unitRows = rowsOfTiles << (partLevels - 1);
        int units = ceilDiv(height, unitRows);
        int bandRows = (int) Math.min(height, (long) unitRows * ceilDiv(units, bands));
        return new BandedStitch(plan, kind, partLevels, Math.max(bandRows, 1));
    }

    /** The inputs whose metadata the stitch inherits (the first readable file), in layout order. */
    private static void addInputs(NativeTiffBandAssembly assembly, StitchPlan plan) {
        for (PlacedInput in : plan.layout().inputs()) {
            if (!in.isSource()) {
                assembly.addInput(in.path().toString());
            }
        }
    }

    /**
     * Refuses, before any band is rendered, what the stitch itself would refuse (the output's
     * name, folder, codec and type, an existing output) and a TIFF whose parts could not be
     * joined by copying their tiles. The process that assembles calls it; the ones that only
     * render bands need not.
     */
    public void check() {
        StitchJob.of(plan).check();
        if (kind != OutputKind.TIFF) {
            return;
        }
        ImageSpec spec = plan.outputSpec();
        WriteOptions write = plan.options().writeOptions();
        try (NativeSpec nativeSpec = NativeSpecs.toNative(spec);
             NativeOutputOptions nativeOptions = write.toNative(spec);
             NativeOutputTarget target = new NativeOutputTarget(plan.output().toAbsolutePath().toString(), "",
                     kind.code());
             NativeTiffBandAssembly assembly = new NativeTiffBandAssembly(target, nativeSpec, nativeOptions)) {
            addInputs(assembly, plan);
            assembly.check();
        }
    }

    private static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }

    /** The whole stitch, as planned (output, spec, layout, options). */
    public StitchPlan plan() {
        return plan;
    }

    /** Bands, top to bottom. */
    public int bandCount() {
        return bandCount;
    }

    /** Rows of every band but the last (which may be shorter). */
    public int bandRows() {
        return bandRows;
    }

    /** First row of band {@code band}, counted from the top of the output. */
    public int bandTop(int band) {
        return Math.multiplyExact(requireBand(band), bandRows);
    }

    /** Rows of band {@code band}. */
    public int bandHeight(int band) {
        return Math.min(bandRows, plan.outputSpec().height() - bandTop(band));
    }

    /** How a part's name ends: ".tif", or ".ome.zarr" (a folder) for an OME-Zarr output. */
    public String partSuffix() {
        return kind == OutputKind.OME_ZARR ? ".ome.zarr" : ".tif";
    }

    /** Pyramid levels each part holds, full resolution included (1 without a pyramid). */
    public int partLevels() {
        return partLevels;
    }

    private int requireBand(int band) {
        if (band < 0 || band >= bandCount) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT,
                    plan.output() + ": band " + band + " is not one of the " + bandCount + " bands");
        }
        return band;
    }

    /**
     * Renders band {@code band} into {@code part} (named with {@link #partSuffix()}; written
     * under a temporary name and renamed when complete), reading only the inputs that touch it; the report lists the inputs the missing-input policy skipped or filled.
     */
    public StitchReport renderBand(int band, Path part) {
        return renderBand(band, part, new ProgressListener() {});
    }

    /** As {@link #renderBand(int, Path)}, with a listener for the band's progress. */
    public StitchReport renderBand(int band, Path part, ProgressListener listener) {
        ImageSpec spec = plan.outputSpec();
        int top = bandTop(band);
        Layout layout = plan.layout().band(top, bandHeight(band));
        Pyramid pyramid = plan.options().writeOptions().pyramid();
        StitchOptions options = plan.options().withReplaceExisting(true).withResume(false)
                .withPyramid(partLevels > 1 ? Pyramid.levels(partLevels).withFilter(pyramid.filter()) : null)
                .withBandTop(kind == OutputKind.OME_ZARR ? top : 0);
        StitchJob job = StitchJob.plan(part, layout, options);
        ImageSpec made = job.plan().outputSpec();
        if (made.pixelType() != spec.pixelType() || made.channels() != spec.channels()
                || made.tileWidth() != spec.tileWidth() || made.tileHeight() != spec.tileHeight()
                || made.width() != spec.width()
                || !String.valueOf(made.attribute("compression")).equals(String.valueOf(spec.attribute("compression")))) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, part + ": band " + band
                    + " would be written as " + made + ", not as the output's " + spec);
        }
        return job.run(listener);
    }

    /**
     * Writes the output from the parts of every band, in band order (a temporary name renamed
     * when complete, as every output). A TIFF's parts are left for the caller to remove; an
     * OME-Zarr's chunks are moved out of them, leaving their metadata.
     */
    public void assemble(List<Path> parts) {
        if (parts.size() != bandCount) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT,
                    plan.output() + ": " + parts.size() + " part files for " + bandCount + " bands");
        }
        for (Path part : parts) {
            if (kind == OutputKind.OME_ZARR ? !Files.isDirectory(part) : !Files.isRegularFile(part)) {
                throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, part + ": the band's part is missing");
            }
        }
        ImageSpec spec = plan.outputSpec();
        WriteOptions write = plan.options().writeOptions();
        OutputTarget output = OutputTarget.create(plan.output(), spec, write);
        try (NativeSpec nativeSpec = NativeSpecs.toNative(spec);
             NativeOutputTarget target = output.toNative();
             NativeOutputOptions options = write.toNative(spec)) {
            if (kind == OutputKind.OME_ZARR) {
                try (NativeZarrBandAssembly assembly = new NativeZarrBandAssembly(target, nativeSpec, options)) {
                    for (int band = 0; band < bandCount; band++) {
                        assembly.addPart(parts.get(band).toAbsolutePath().toString(), bandHeight(band));
                    }
                    assembly.setPartLevels(partLevels);
                    assembly.run();
                }
            } else {
                try (NativeTiffBandAssembly assembly = new NativeTiffBandAssembly(target, nativeSpec, options)) {
                    addInputs(assembly, plan);  // whose metadata the stitch inherits
                    for (Path part : parts) {
                        assembly.addPart(part.toAbsolutePath().toString());
                    }
                    assembly.setPartLevels(partLevels);
                    assembly.run();
                }
            }
            output.commit();
        } finally {
            output.discard();
        }
    }
}
