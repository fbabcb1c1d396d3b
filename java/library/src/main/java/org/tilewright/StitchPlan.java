package org.tilewright;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tilewright.jni.NativeLibrary;

/**
 * What a stitch will do before it does it: the output's spec, the band height the memory
 * budget allows, how many inputs a band touches at most, and the estimated peak memory —
 * everything {@code --dry-run} prints. Computed from the layout alone; no pixel is read.
 */
public final class StitchPlan {
    /** Estimated decoder state of one open input (strip or tile buffers, zlib windows). */
    static final long BYTES_PER_OPEN_INPUT = 512L << 10;
    /**
     * The records one input costs for the whole job, whether open or not: its path, spec,
     * placement and pool entry in Java and native code (measured: about 2.2 KB an input
     * between 1 000 and 50 000 inputs, JVM heap included).
     */
    static final long BYTES_PER_INPUT = 2560;
    /** OIIO's own copies of what one write call hands it (8 MB per call, converted). */
    static final long WRITER_BYTES = 16L << 20;
    /**
     * Largest band worth having: beyond this, bands only delay the writer and hold memory. A
     * row of 256² tiles across 25000 RGB pixels (19 MB) keeps both cores as busy as two did
     * (28.3 s against 28.6 s for the 25000² montage) at 53 MB less peak RSS (bench/).
     */
    static final long MAX_BAND_BYTES = 24L << 20;

    private final Path output;
    private final Layout layout;
    private final StitchOptions options;
    private final ImageSpec outputSpec;
    private final List<ImageSpec> laterParts;
    private final int bandHeight;
    private final long bandBytes;
    private final long accumulatorBytes;
    private final long scratchBytes;
    private final long fixedBytes;
    private final int maxInputsPerBand;

    private StitchPlan(Path output, Layout layout, StitchOptions options, ImageSpec outputSpec,
            List<ImageSpec> laterParts, int bandHeight, long accumulatorRowBytes, long scratchBytes, long fixedBytes) {
        this.laterParts = List.copyOf(laterParts);
        this.output = output;
        this.layout = layout;
        this.options = options;
        this.outputSpec = outputSpec;
        this.bandHeight = bandHeight;
        this.bandBytes = bandHeight * laterParts.stream().mapToLong(ImageSpec::rowBytes)
                .reduce(outputSpec.rowBytes(), Math::max);
        this.accumulatorBytes = bandHeight * accumulatorRowBytes;
        this.scratchBytes = scratchBytes;
        this.fixedBytes = fixedBytes;
        this.maxInputsPerBand = maxInputsPerBand(layout.inputs(), layout.y(), layout.height(), bandHeight);
    }

    /** Plans writing {@code layout} to {@code output}; throws if it cannot be done as asked. */
    public static StitchPlan create(Path output, Layout layout, StitchOptions options) {
        if (options.missing == MissingPolicy.FAIL && !layout.unreadable().isEmpty()) {
            Layout.Unreadable first = layout.unreadable().get(0);
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, first.reason() + " (" + layout.unreadable().size()
                    + " unreadable input(s); --missing skip or fill goes on without them)");
        }
        ImageSpec spec = outputSpec(output, layout, options);
        List<ImageSpec> laterParts = ExrParts.laterParts(output, layout, spec, options);
        if (!laterParts.isEmpty()) {
            spec = ExrParts.namedFirst(spec, layout);
        }
        // Bands are sized for the widest part: every part is stitched with the same height.
        ImageSpec widest = spec;
        for (ImageSpec part : laterParts) {
            widest = part.rowBytes() > widest.rowBytes() ? part : widest;
        }
        requireDecodableWithin(layout, options.memoryBytes);
        for (PlacedInput in : layout.inputs()) {
            if (!channelsConvertible(in.spec().channels(), spec.channels())) {
                throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, in.path() + ": has " + in.spec().channels()
                        + " channels, which cannot become the output's " + spec.channels()
                        + " (gray, gray+alpha, RGB and RGBA convert among themselves)");
            }
        }
        boolean blending = options.blend != BlendMode.LATER && options.blend != BlendMode.FIRST;
        long accumulatorRowBytes = blending ? (long) spec.width() * (widest.channels() + 1) * 4 : 0;
        long scratch = scratchBytes(layout, options);
        long widestInputRow = layout.inputs().stream()
                .mapToLong(in -> in.spec().rowBytes()).max().orElse(0);
        // An open input holds about one strip or tile row of its own: bounded, and small for
        // small inputs.
        int openFiles = (int) Math.min(FileDescriptors.inputsThatFit(options.maxOpenFiles),
                Math.max(1, layout.inputs().size()));
        long openInputs = openFiles * Math.min(BYTES_PER_OPEN_INPUT, widestInputRow * 64)
                + layout.inputs().size() * BYTES_PER_INPUT + decodingHeld(layout, openFiles);
        // Per band row: two band buffers, OIIO's copies of what it is handed (up to 16 MB),
        // and the blend accumulators.
        long perRow = 4 * widest.rowBytes() + accumulatorRowBytes;
        long available = options.memoryBytes - scratch - openInputs;
        int unit = spec.isTiled() ? spec.tileHeight() : 1;
        long rows = available / perRow / unit * unit;
        if (options.bandHeight > 0) {
            rows = roundUp(options.bandHeight, unit);
        } else if (rows < unit) {
            throw new TilewrightException(TilewrightException.Kind.LIMIT, output + ": a memory budget of " + mb(options.memoryBytes)
                    + " is too small: one band of " + unit + " row(s) needs " + mb(unit * perRow)
                    + " besides " + mb(scratch + openInputs)
                    + " for decoding and the records of " + layout.inputs().size() + " input(s); raise the budget"
                    + (spec.isTiled() ? " or use smaller tiles" : ""));
        } else {
            rows = Math.min(rows, Math.max(unit, MAX_BAND_BYTES / widest.rowBytes() / unit * unit));
        }
        int band = (int) Math.min(rows, roundUp(spec.height(), unit));
        long writer = Math.min(WRITER_BYTES, 2 * band * widest.rowBytes());
        return new StitchPlan(output, layout, options, spec, laterParts, band, accumulatorRowBytes, scratch,
                openInputs + writer);
    }

    /**
     * Refuses, before any work, an input whose decoding alone would take more than half the
     * memory budget, whatever its header claims (a 128-byte DDS declaring 40000², an
     * interlaced PNG or progressive JPEG decoded whole, a TIFF of one huge tile).
     */
    static void requireDecodableWithin(Layout layout, long memoryBytes) {
        for (PlacedInput in : layout.inputs()) {
            if (in.isSource()) {
                continue;  // asked for the rectangles a band needs, never decoded whole
            }
            long needed = in.spec().decodeBytes();
            if (needed > memoryBytes / 2) {
                throw new TilewrightException(TilewrightException.Kind.LIMIT, in.path() + ": decoding it holds "
                        + mb(needed) + " at once (the whole image, or one tile or strip, as its header declares),"
                        + " more than half the memory budget of " + mb(memoryBytes) + "; raise the budget (--memory)"
                        + " or convert the file to a tiled TIFF");
            }
        }
    }

    /**
     * Refuses, before a single header is read, a job whose inputs' records alone would take
     * more than the budget: reading 1 000 000 headers held 2.3 GB before a plan could say so.
     */
    public static void requireRecordsFit(int inputs, long memoryBytes) {
        long records = inputs * BYTES_PER_INPUT;
        if (records > memoryBytes / 2) {
            throw new TilewrightException(TilewrightException.Kind.LIMIT, inputs + " inputs need about " + mb(records)
                    + " for their records alone (their paths, headers and placements), more than half the memory"
                    + " budget of " + mb(memoryBytes) + "; raise it (--memory " + ((2 * records >> 20) + 256) + "M)"
                    + " or stitch them in parts");
        }
    }

    /**
     * What decoders hold beyond the usual allowance while inputs are open at once: the
     * largest decode footprints (a whole interlaced PNG, a progressive JPEG's coefficients,
     * one huge tile) of as many inputs as may be open together.
     */
    static long decodingHeld(Layout layout, int openFiles) {
        return layout.inputs().stream().mapToLong(in -> Math.max(0, in.spec().decodeBytes() - BYTES_PER_OPEN_INPUT))
                .boxed().sorted(java.util.Comparator.reverseOrder()).limit(openFiles).mapToLong(Long::longValue).sum();
    }

    /**
     * Bytes of decoded pieces held at once: an eighth of the budget, at most 64 MB, and no
     * more than all inputs decoded as float.
     */
    static long scratchBytes(Layout layout, StitchOptions options) {
        long allInputs = layout.inputs().stream()
                .mapToLong(in -> (long) in.width() * in.height() * in.spec().channels() * 4).sum();
        return Math.max(1L << 20, Math.min(Math.min(64L << 20, options.memoryBytes / 8), allInputs));
    }

    private static long roundUp(long value, int unit) {
        return (value + unit - 1) / unit * unit;
    }

    /** The output's spec: canvas, windows, type, channels, tiles and attributes. */
    static ImageSpec outputSpec(Path output, Layout layout, StitchOptions options) {
        PixelType type = options.pixelType;
        int channels = options.channels;
        for (PlacedInput in : layout.inputs()) {
            if (options.pixelType == null && (type == null || rank(in.spec().pixelType()) > rank(type))) {
                type = in.spec().pixelType();
            }
            if (options.channels == 0) {
                channels = Math.max(channels, in.spec().channels());
            }
        }
        OutputKind kind = OutputKind.of(output);
        if (options.pixelType != null && !kind.stores(options.pixelType)) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, output + ": "
                    + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " files cannot store "
                    + options.pixelType.name().toLowerCase(Locale.ROOT) + " pixels; choose "
                    + java.util.Arrays.stream(PixelType.values()).filter(kind::stores)
                            .map(t -> t.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")));
        }
        if (options.pixelType == null && kind == OutputKind.PNG && type != null && !kind.stores(type)) {
            type = PixelType.UINT16;  // wider inputs keep 16 bits, the most PNG holds
        }
        if (options.pixelType == null && kind == OutputKind.OME_TIFF && type != null && !kind.stores(type)) {
            type = PixelType.FLOAT;  // OME has no half; tiled doubles are read as zeros by OIIO 2.4
        }
        if (options.pixelType == null && kind == OutputKind.JPEG && type != null) {
            type = PixelType.UINT8;
        }
        if (options.pixelType == null && kind == OutputKind.OPENEXR && type != null && !type.isFloatingPoint()) {
            // OpenEXR stores half, float or 32-bit integers: 8-bit values fit half exactly,
            // wider ones need float; compositing (premultiplying alpha) then loses nothing.
            type = type.bytes() == 1 ? PixelType.HALF : PixelType.FLOAT;
        }
        int[] full = layout.fullWindow();
        ImageSpec.Builder b = ImageSpec.builder(layout.width(), layout.height(),
                        channels > 0 ? channels : 3, type != null ? type : PixelType.UINT8)
                .origin(layout.x(), layout.y())
                .fullWindow(full[0], full[1], full[2], full[3]);
        // Only OpenEXR stores a type per channel; other formats take the widest type.
        keepInputChannels(b, layout, channels > 0 ? channels : 3, options.pixelType == null && kind == OutputKind.OPENEXR);
        if (options.channelNames != null) {
            int count = channels > 0 ? channels : 3;
            if (options.channelNames.size() != count) {
                throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, output + ": "
                        + options.channelNames.size() + " channel names given for " + count + " channels");
            }
            b.channelNames(options.channelNames);
        }
        int tile = options.tileSize >= 0 ? options.tileSize : kind.defaultTileSize(type != null ? type : PixelType.UINT8);
        if (tile > 0) {
            b.tileSize(tile, tile);
        }
        options.attributes.forEach(b::attribute);
        ImageSpec spec = b.build();
        if (spec.alphaChannel() >= 0 && storesStraightAlpha(kind, layout)
                && !options.attributes.containsKey("oiio:UnassociatedAlpha")) {
            spec = spec.toBuilder().attribute("oiio:UnassociatedAlpha", 1).build();
        }
        return OutputSpecs.forOutput(output, spec, options.writeOptions());
    }

    /**
     * How an input's colour is made linear on its way into the output: 0 (as it is), -1 (the
     * sRGB curve) or a power. Only OpenEXR outputs decode, as EXR holds linear light by
     * definition and has no way to say otherwise; only integer inputs whose header says
     * they are sRGB- or gamma-encoded (PNG, JPEG) are decoded, never unlabelled data.
     */
    static float linearDecoding(OutputKind output, ImageSpec input) {
        if (output != OutputKind.OPENEXR || input.pixelType().isFloatingPoint()) {
            return 0;
        }
        Object space = input.attribute("oiio:ColorSpace");
        if ("sRGB".equalsIgnoreCase(String.valueOf(space))) {
            return -1;
        }
        Object gamma = input.attribute("oiio:Gamma");
        if (String.valueOf(space).toLowerCase(java.util.Locale.ROOT).startsWith("gamma") && gamma instanceof Float g
                && g > 0 && g < 10 && g != 1) {
            return g;
        }
        return 0;
    }

    /**
     * How the output stores alpha, decided once: OpenEXR premultiplies by definition; PNG,
     * Deep Zoom tiles and the like store straight colour; TIFF tags what it stores, which is
     * straight unless an input with alpha is premultiplied (then converting would lose
     * precision where alpha is small). The stitcher converts every input to it.
     */
    static boolean storesStraightAlpha(OutputKind kind, Layout layout) {
        return switch (kind) {
            case OPENEXR -> false;
            case TIFF, OME_TIFF -> layout.inputs().stream().noneMatch(in -> in.spec().alphaChannel() >= 0
                    && !in.spec().hasStraightAlpha());
            default -> true;
        };
    }

    /**
     * Gives the output the inputs' channel names, alpha channel and (unless a type was asked
     * for) per-channel types, so that AOVs such as Z, N.x or diffuse.R keep their names and
     * order; inputs with as many channels as the output must agree on their names.
     */
    private static void keepInputChannels(ImageSpec.Builder b, Layout layout, int channels, boolean keepTypes) {
        PlacedInput model = null;
        for (PlacedInput in : layout.inputs()) {
            if (in.spec().channels() != channels) {
                continue;
            }
            if (model == null) {
                model = in;
            } else if (!in.spec().channelNames().equals(model.spec().channelNames())) {
                throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, in.path() + ": has channels "
                        + String.join(",", in.spec().channelNames()) + " where " + model.path() + " has "
                        + String.join(",", model.spec().channelNames())
                        + "; the inputs of one image must hold the same channels");
            }
        }
        if (model == null) {
            return;
        }
        b.channelNames(model.spec().channelNames()).alphaChannel(model.spec().alphaChannel());
        List<PixelType> types = model.spec().channelTypes();
        boolean allAgree = layout.inputs().stream().allMatch(in -> in.spec().channelTypes().equals(types));
        if (keepTypes && allAgree && model.spec().hasMixedChannelTypes()) {
            b.channelTypes(types);
        }
    }

    /** Orders types so that the output can hold every input: 8-bit < 16-bit < half < 32-bit < float. */
    private static int rank(PixelType t) {
        switch (t) {
            case UINT8:
            case INT8:
                return 0;
            case UINT16:
            case INT16:
                return 1;
            case HALF:
                return 2;
            case UINT32:
            case INT32:
                return 3;
            case FLOAT:
                return 4;
            default:
                return 5;
        }
    }

    /** The native compositor's rule (band_compositor.h), asked rather than copied. */
    static boolean channelsConvertible(int in, int out) {
        return NativeLibrary.channelsConvertibleTo(in, out);
    }

    private static int maxInputsPerBand(List<PlacedInput> inputs, int top, int height, int band) {
        long[] tops = inputs.stream().mapToLong(PlacedInput::y).sorted().toArray();
        long[] bottoms = inputs.stream().mapToLong(PlacedInput::bottom).sorted().toArray();
        int most = 0;
        for (long y0 = top; y0 < (long) top + height; y0 += band) {
            long y1 = y0 + band;
            int started = countBelow(tops, y1);          // inputs with top < y1
            int ended = countBelow(bottoms, y0 + 1);     // inputs with bottom <= y0
            most = Math.max(most, started - ended);
        }
        return most;
    }

    /** How many values in the sorted array are below {@code limit}. */
    private static int countBelow(long[] sorted, long limit) {
        int i = Arrays.binarySearch(sorted, limit - 1);
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < sorted.length && sorted[i + 1] == limit - 1) {
            i++;
        }
        return i + 1;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** Bytes of decoded pieces the engine may hold at once. */
    long scratchBytes() {
        return scratchBytes;
    }

    /** Where the output goes. */
    public Path output() {
        return output;
    }

    /** The layout being stitched. */
    public Layout layout() {
        return layout;
    }

    /** The options in force. */
    public StitchOptions options() {
        return options;
    }

    /** The output image's spec. */
    public ImageSpec outputSpec() {
        return outputSpec;
    }

    /**
     * What decides a resumable stitch's pixels beyond the output spec: every input as it is on
     * disk (path, size, modification time) and where it goes, and how inputs are combined.
     * Part of the key its journal is made under (ResumeKeys).
     */
    String resumeDescription() {
        StringBuilder d = new StringBuilder("stitch ").append(options.blend).append(" feather ").append(options.featherWidth)
                .append(" missing ").append(options.missing).append(" background ").append(Arrays.toString(background()));
        OutputKind kind = OutputKind.of(output);
        for (PlacedInput in : layout.inputs()) {
            // A pixel source cannot be fingerprinted: its name and spec stand for its pixels.
            java.io.File file = in.path().toFile();
            d.append('\n').append(in.path().toAbsolutePath()).append(' ').append(file.length()).append(' ')
                    .append(file.lastModified()).append(" at ").append(in.x()).append(',').append(in.y())
                    .append(" from ").append(in.source()).append(" shift ").append(in.shiftX()).append(',')
                    .append(in.shiftY()).append(' ').append(in.spec().channels()).append("ch straight ")
                    .append(in.spec().hasStraightAlpha()).append(" gamma ").append(linearDecoding(kind, in.spec()));
        }
        for (Layout.Unreadable u : layout.unreadable()) {
            d.append("\nunreadable ").append(u.path());
        }
        d.append("\nparts ").append(laterParts);
        return d.toString();
    }

    /**
     * The parts of a multi-part OpenEXR output after the first ({@link #outputSpec()}); empty
     * unless the inputs are multi-part. Each is stitched from that part of every input.
     */
    public List<ImageSpec> laterParts() {
        return laterParts;
    }

    /**
     * The background of each output channel: as given per channel, or the background colour
     * mapped to the output's channels (opaque unless the colour has alpha).
     */
    public double[] background() {
        double[] values = new double[outputSpec.channels()];
        double[] color = options.backgroundColor;
        if (color == null) {
            System.arraycopy(options.background, 0, values, 0, Math.min(values.length, options.background.length));
            return values;
        }
        boolean grayColor = color.length <= 2;
        double alpha = color.length == 2 || color.length == 4 ? color[color.length - 1] : 1.0;
        int alphaChannel = outputSpec.alphaChannel();
        int colourChannels = outputSpec.channels() - (alphaChannel >= 0 ? 1 : 0);
        int k = 0;
        for (int c = 0; c < values.length; c++) {
            if (c == alphaChannel) {
                values[c] = alpha;
            } else if (colourChannels < 3) {
                values[c] = grayColor ? color[0] : 0.2126 * color[0] + 0.7152 * color[1] + 0.0722 * color[2];
            } else {
                values[c] = k < 3 ? (grayColor ? color[0] : color[k]) : 0;  // AOVs beyond RGB: 0
                k++;
            }
        }
        return values;
    }

    /** Rows per band. */
    public int bandHeight() {
        return bandHeight;
    }

    /** Bytes of one band in the output type. */
    public long bandBytes() {
        return bandBytes;
    }

    /** The most inputs any band touches. */
    public int maxInputsPerBand() {
        return maxInputsPerBand;
    }

    /**
     * Estimated peak bytes the stitch itself holds: two bands, blend accumulators, decoded
     * pieces, open inputs (and what their decoders hold), every input's records and the
     * writer's copies. The process adds its own baseline (the JVM
     * and OIIO's libraries, about 170 MB on Debian).
     */
    public long estimatedPeakBytes() {
        return 2 * bandBytes + accumulatorBytes + scratchBytes + fixedBytes + levelBytes();
    }

    /**
     * Reduced levels' buffers: a row of tiles per level (half the width, a quarter…, so about
     * one full-width row of tiles in all), or a Deep Zoom tile row plus overlap per level.
     */
    private long levelBytes() {
        WriteOptions write = options.writeOptions();
        boolean deepZoom = OutputKind.of(output) == OutputKind.DEEP_ZOOM;
        if (write.pyramid() == null && !deepZoom) {
            return 0;
        }
        DeepZoom tiles = write.deepZoomOrDefaults();
        long rows = !deepZoom ? Math.max(1, outputSpec.tileHeight()) : tiles.tileSize() + 2L * tiles.overlap();
        return 2 * rows * outputSpec.rowBytes();
    }

    /** Uncompressed size of the output's pixels. */
    public long outputPixelBytes() {
        return outputSpec.imageBytes();
    }

    /** The plan as lines of text, for --dry-run and logs. */
    public String describe() {
        ImageSpec s = outputSpec;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "output:            %s%n", output));
        b.append(String.format(Locale.ROOT, "canvas:            %d x %d at %d,%d, %d channel(s) %s, %s%n",
                s.width(), s.height(), s.x(), s.y(), s.channels(),
                s.pixelType().name().toLowerCase(Locale.ROOT),
                s.isTiled() ? "tiles " + s.tileWidth() + "x" + s.tileHeight() : "scanlines"));
        b.append(String.format(Locale.ROOT, "inputs:            %d placed, %d unreadable (%s)%n",
                layout.inputs().size(), layout.unreadable().size(),
                options.missing.name().toLowerCase(Locale.ROOT)));
        b.append(String.format(Locale.ROOT, "blend:             %s%n",
                options.blend.name().toLowerCase(Locale.ROOT)
                        + (options.blend == BlendMode.FEATHER ? ", width " + options.featherWidth : "")));
        b.append(String.format(Locale.ROOT, "bands:             %d rows, %s each, at most %d input(s) per band%n",
                bandHeight, mb(bandBytes), maxInputsPerBand));
        b.append(String.format(Locale.ROOT, "memory:            estimated peak %s of a %s budget (+ about 170 MB for the JVM and OIIO)%n",
                mb(estimatedPeakBytes()), mb(options.memoryBytes)));
        b.append(String.format(Locale.ROOT, "output pixels:     %s uncompressed%s%n",
                mb(outputPixelBytes()), s.attribute("tiff:bigtiff") != null ? ", BigTIFF" : ""));
        for (String w : warnings()) {
            b.append("warning:           ").append(w).append(System.lineSeparator());
        }
        return b.toString();
    }

    /**
     * What will make the job slower than it need be. More inputs meet in a band than may be
     * open at once: each band then reopens some, and a PNG or JPEG (no random access to
     * rows) is decoded again from its first row every time — 7 times slower in one case.
     */
    public List<String> warnings() {
        int open = (int) Math.min(options.maxOpenFiles, Math.max(1, layout.inputs().size()));
        if (maxInputsPerBand <= open) {
            return List.of();
        }
        long sequential = layout.inputs().stream().filter(in -> !in.isSource()).filter(in -> {
            String name = in.path().getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
        }).count();
        if (sequential == 0) {
            return List.of();
        }
        return List.of(String.format(Locale.ROOT, "%d inputs meet in one band but at most %d are open at once:"
                + " %d PNG/JPEG input(s) will be decoded again from their first row on every reopening;"
                + " raise --max-open-files to %d, or lower --memory for shorter bands", maxInputsPerBand, open,
                sequential, maxInputsPerBand));
    }
}
