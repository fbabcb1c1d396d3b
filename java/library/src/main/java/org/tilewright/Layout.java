package org.tilewright;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where every input of a stitch goes on the canvas, in compositing order, and which inputs
 * could not be read while planning. Built from a grid, explicit placements or the inputs'
 * own data windows; reading the headers is the only I/O (in parallel).
 *
 * <p>Input positions are output data-window coordinates: the canvas is {@code x, y, width,
 * height}, and its origin becomes the output's data-window origin (0, 0 for grids and
 * placements, the frame's for data-window assembly).
 */
public final class Layout {
    /** An input whose header could not be read while planning. */
    public record Unreadable(Path path, String reason) {}

    private final List<PlacedInput> inputs;
    private final List<Unreadable> unreadable;
    private final int x;
    private final int y;
    private final int width;
    private final int height;
    private final int fullX;
    private final int fullY;
    private final int fullWidth;
    private final int fullHeight;

    private Layout(List<PlacedInput> inputs, List<Unreadable> unreadable, int x, int y, int width,
            int height, int fullX, int fullY, int fullWidth, int fullHeight) {
        if (width <= 0 || height <= 0) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT,
                    "the layout is empty: no readable input gives the canvas a size");
        }
        this.inputs = Collections.unmodifiableList(new ArrayList<>(inputs));
        this.unreadable = Collections.unmodifiableList(new ArrayList<>(unreadable));
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
        this.fullX = fullX;
        this.fullY = fullY;
        this.fullWidth = fullWidth;
        this.fullHeight = fullHeight;
    }

    /** Header of each path, or null with the reason recorded, read on all cores. */
    private static List<ImageSpec> readHeaders(List<Path> paths, List<Unreadable> unreadable) {
        String[] reasons = new String[paths.size()];
        ImageSpec[] specs = new ImageSpec[paths.size()];
        java.util.concurrent.atomic.AtomicReference<TilewrightException> notTheFile =
                new java.util.concurrent.atomic.AtomicReference<>();
        IntStream.range(0, paths.size()).parallel().forEach(i -> {
            try {
                specs[i] = ImageReader.readSpec(paths.get(i));
            } catch (TilewrightException e) {
                if (e.kind() == TilewrightException.Kind.BAD_INPUT) {
                    reasons[i] = e.getMessage();
                } else {
                    notTheFile.compareAndSet(null, e);  // out of descriptors, over a limit: not a missing input
                }
            }
        });
        if (notTheFile.get() != null) {
            throw notTheFile.get();
        }
        for (int i = 0; i < specs.length; i++) {
            if (specs[i] != null) {
                requireFlat(paths.get(i), specs[i]);
            }
        }
        for (int i = 0; i < reasons.length; i++) {
            if (reasons[i] != null) {
                unreadable.add(new Unreadable(paths.get(i), reasons[i]));
            }
        }
        return java.util.Arrays.asList(specs);
    }

    /**
     * A montage: inputs fill the grid's cells in its order; an unreadable input leaves its
     * cell empty. Throws if an input is larger than a given cell size.
     */
    public static Layout grid(List<Path> paths, Grid grid) {
        List<Unreadable> unreadable = new ArrayList<>();
        List<ImageSpec> specs = readHeaders(paths, unreadable);
        int cellW = grid.cellWidth;
        int cellH = grid.cellHeight;
        for (ImageSpec s : specs) {
            if (s != null && grid.cellWidth == 0) {
                cellW = Math.max(cellW, s.width());
            }
            if (s != null && grid.cellHeight == 0) {
                cellH = Math.max(cellH, s.height());
            }
        }
        if (specs.stream().allMatch(java.util.Objects::isNull)) {
            return failEmpty(unreadable);
        }
        int[] shape = grid.shapeFor(paths.size());
        long w = (long) shape[0] * cellW + (long) (shape[0] - 1) * grid.spacingX;
        long h = (long) shape[1] * cellH + (long) (shape[1] - 1) * grid.spacingY;
        int width = requireCanvas(w, "wide");  // before any position: they fit an int if it does
        int height = requireCanvas(h, "high");
        List<PlacedInput> placed = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            ImageSpec s = specs.get(i);
            if (s == null) {
                continue;
            }
            if (s.width() > cellW || s.height() > cellH) {
                throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, paths.get(i) + ": is " + s.width() + "x" + s.height()
                        + ", larger than the grid's " + cellW + "x" + cellH + " cells");
            }
            int[] cell = grid.cellOf(i, shape[0], shape[1]);
            long px = (long) cell[0] * (cellW + grid.spacingX) + Grid.offset(grid.alignX, cellW, s.width());
            long py = (long) cell[1] * (cellH + grid.spacingY) + Grid.offset(grid.alignY, cellH, s.height());
            placed.add(new PlacedInput(paths.get(i), Math.toIntExact(px), Math.toIntExact(py), s));
        }
        return new Layout(placed, unreadable, 0, 0, width, height, 0, 0, width, height);
    }

    /** A position relative to the canvas, which must fit an int; else the input is named. */
    private static int onCanvas(Placement p, long position) {
        if (position < Integer.MIN_VALUE || position > Integer.MAX_VALUE) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, p.path() + ": placed at " + p.x() + ","
                    + p.y() + ", more than 2^31 - 1 pixels from the canvas's origin");
        }
        return (int) position;
    }

    /**
     * Explicit placements; the canvas is their bounding box, shifted so that it starts at
     * 0, 0 (use {@link #withCanvas} for a fixed canvas). Higher z composites later.
     */
    public static Layout placements(List<Placement> placements) {
        return placements(placements, null);
    }

    /**
     * Explicit placements on a fixed canvas of {@code width x height} from 0, 0 (a render
     * frame): positions are kept as given and what falls outside is clipped.
     */
    public static Layout placementsOnCanvas(List<Placement> placements, int width, int height) {
        return placements(placements, new int[] {width, height});
    }

    private static Layout placements(List<Placement> placements, int[] canvas) {
        List<Placement> ordered = new ArrayList<>(placements);
        ordered.sort(Comparator.comparingInt(Placement::z));  // stable: ties keep list order
        List<Unreadable> unreadable = new ArrayList<>();
        List<ImageSpec> specs = readHeaders(ordered.stream().map(Placement::path).toList(), unreadable);
        Bounds bounds = new Bounds();
        List<Region> sources = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            ImageSpec s = specs.get(i);
            Placement p = ordered.get(i);
            Region source = s == null ? null : p.crop() != null ? p.crop() : new Region(0, 0, s.width(), s.height());
            if (s != null && !source.fitsIn(s.width(), s.height())) {
                throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, p.path() + ": is " + s.width()
                        + "x" + s.height() + ", too small for its crop of " + source.width() + "x"
                        + source.height() + " at " + source.x() + "," + source.y());
            }
            sources.add(source);
            if (s != null) {
                bounds.include(p.x() + p.shiftX(), p.y() + p.shiftY(), source.width(), source.height());
            }
        }
        if (bounds.isEmpty()) {
            return failEmpty(unreadable);
        }
        long originX = canvas == null ? (long) Math.floor(bounds.minX) : 0;
        long originY = canvas == null ? (long) Math.floor(bounds.minY) : 0;
        // The canvas's size is checked first: positions fit an int only on a canvas that does.
        int width = canvas == null ? bounds.width() : requireCanvas(canvas[0], "wide");
        int height = canvas == null ? bounds.height() : requireCanvas(canvas[1], "high");
        List<PlacedInput> placed = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            ImageSpec s = specs.get(i);
            if (s != null) {
                Placement p = ordered.get(i);
                placed.add(new PlacedInput(p.path(), onCanvas(p, (long) p.x() - originX),
                        onCanvas(p, (long) p.y() - originY), s, sources.get(i), p.shiftX(), p.shiftY()));
            }
        }
        return new Layout(placed, unreadable, 0, 0, width, height, 0, 0, width, height);
    }

    /**
     * Render-farm assembly: each input at its own data-window origin (EXR data window, TIFF
     * position). The canvas is the inputs' common full (display) window when they share one,
     * else the bounding box of their data windows; the output keeps it as its windows.
     */
    public static Layout dataWindows(List<Path> paths) {
        List<Unreadable> unreadable = new ArrayList<>();
        List<ImageSpec> specs = readHeaders(paths, unreadable);
        List<PlacedInput> placed = new ArrayList<>();
        ImageSpec first = null;
        boolean sameFull = true;
        Bounds bounds = new Bounds();
        for (int i = 0; i < paths.size(); i++) {
            ImageSpec s = specs.get(i);
            if (s == null) {
                continue;
            }
            if (first == null) {
                first = s;
            }
            sameFull &= s.fullX() == first.fullX() && s.fullY() == first.fullY()
                    && s.fullWidth() == first.fullWidth() && s.fullHeight() == first.fullHeight();
            bounds.include(s.x(), s.y(), s);
            placed.add(new PlacedInput(paths.get(i), s.x(), s.y(), s));
        }
        if (first == null) {
            return failEmpty(unreadable);
        }
        if (sameFull) {
            return new Layout(placed, unreadable, first.fullX(), first.fullY(), first.fullWidth(),
                    first.fullHeight(), first.fullX(), first.fullY(), first.fullWidth(),
                    first.fullHeight());
        }
        int x = (int) bounds.minX;  // data windows: whole pixels
        int y = (int) bounds.minY;
        int w = bounds.width();
        int h = bounds.height();
        return new Layout(placed, unreadable, x, y, w, h, x, y, w, h);
    }

    /**
     * An empty canvas of {@code width x height} from 0, 0, for inputs that are not files
     * ({@link #withSource}); what no input covers is the background.
     */
    public static Layout canvas(int width, int height) {
        return new Layout(List.of(), List.of(), 0, 0, requireCanvas(width, "wide"), requireCanvas(height, "high"),
                0, 0, width, height);
    }

    /**
     * The same layout with {@code source}'s pixels placed at {@code x, y} (its top-left, on
     * the canvas), composited after every input so far; the canvas stays as it is, so what
     * falls outside it is clipped. Sources and files mix freely.
     */
    public Layout withSource(PixelSource source, int x, int y) {
        ImageSpec s = java.util.Objects.requireNonNull(source, "source").spec();
        String name = source.name();
        if (s == null || s.width() <= 0 || s.height() <= 0 || s.channels() <= 0) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, name + ": a pixel source needs a size and"
                    + " channels, got " + s);
        }
        Path path;
        try {
            path = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw new TilewrightException(TilewrightException.Kind.BAD_ARGUMENT, "a pixel source's name must be usable"
                    + " as a file name in messages: " + e.getMessage(), e);
        }
        List<PlacedInput> more = new ArrayList<>(inputs);
        more.add(new PlacedInput(path, x, y, s, new Region(0, 0, s.width(), s.height()), 0, 0, source));
        return new Layout(more, unreadable, this.x, this.y, width, height, fullX, fullY, fullWidth, fullHeight);
    }

    /** The same inputs on a given canvas (inputs outside it are clipped). */
    public Layout withCanvas(int x, int y, int width, int height) {
        return new Layout(inputs, unreadable, x, y, width, height, x, y, width, height);
    }

    /**
     * Rows [top, top + height) of this canvas as a canvas of their own, at the same origin:
     * every input moved up by {@code top} (those that miss the band are skipped by the
     * engine, not here, so the output is planned from the same inputs). A band of a
     * {@link BandedStitch}.
     */
    Layout band(int top, int height) {
        List<PlacedInput> moved = new ArrayList<>(inputs.size());
        for (PlacedInput in : inputs) {
            moved.add(new PlacedInput(in.path(), in.x(), in.y() - top, in.spec(), in.source(), in.shiftX(), in.shiftY(),
                    in.pixels()));
        }
        return new Layout(moved, unreadable, x, y, width, height, x, y, width, height);
    }

    /**
     * The bounding box of images placed at (x, y), in doubles (exact for any int sum) so that
     * sub-pixel positions count: its size is rounded as Fiji's fusion rounds its canvas.
     */
    private static final class Bounds {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;

        void include(double x, double y, ImageSpec image) {
            include(x, y, image.width(), image.height());
        }

        void include(double x, double y, int width, int height) {
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x + width);
            maxY = Math.max(maxY, y + height);
        }

        boolean isEmpty() {
            return minX == Double.POSITIVE_INFINITY;
        }

        int width() {
            return requireCanvas(Math.round(maxX - Math.floor(minX)), "wide");
        }

        int height() {
            return requireCanvas(Math.round(maxY - Math.floor(minY)), "high");
        }
    }

    /**
     * Refuses, before any output exists, what a stitch would silently get wrong: a deep image
     * (its samples would be read as if flat). Multi-part inputs are ExrParts' business.
     */
    static void requireFlat(Path path, ImageSpec spec) {
        if (spec.isDeep()) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, path + ": is a deep image (a varying"
                    + " number of samples per pixel), which Tilewright does not composite; flatten it first"
                    + " (oiiotool " + path.getFileName() + " --flatten -o flat.exr)");
        }
    }

    /** Fails naming the unreadable inputs (the first five) and why each could not be read. */
    private static Layout failEmpty(List<Unreadable> unreadable) {
        if (unreadable.isEmpty()) {
            throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, "the layout has no inputs");
        }
        StringBuilder m = new StringBuilder(unreadable.size() == 1 ? "the only input could not be read: "
                : "none of the " + unreadable.size() + " inputs could be read: ");
        for (int i = 0; i < Math.min(5, unreadable.size()); i++) {
            m.append(i == 0 ? "" : "; ").append(unreadable.get(i).reason());
        }
        if (unreadable.size() > 5) {
            m.append("; and ").append(unreadable.size() - 5).append(" more");
        }
        if (unreadable.stream().anyMatch(u -> u.path().toString().matches(".*[*?\\[].*")
                && !java.nio.file.Files.exists(u.path()))) {
            m.append(" (a shell pattern that matched nothing?)");
        }
        throw new TilewrightException(TilewrightException.Kind.BAD_INPUT, m.toString());
    }

    private static int requireCanvas(long size, String what) {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new TilewrightException(TilewrightException.Kind.LIMIT, "the canvas would be " + size + " pixels " + what
                    + "; it must be between 1 and 2^31 - 1");
        }
        return (int) size;
    }

    /** Readable inputs, in compositing order. */
    public List<PlacedInput> inputs() {
        return inputs;
    }

    /** Inputs whose headers could not be read while planning. */
    public List<Unreadable> unreadable() {
        return unreadable;
    }

    /** Canvas left edge (the output's data-window x). */
    public int x() {
        return x;
    }

    /** Canvas top edge (the output's data-window y). */
    public int y() {
        return y;
    }

    /** Canvas width. */
    public int width() {
        return width;
    }

    /** Canvas height. */
    public int height() {
        return height;
    }

    /** The output's full (display) window: x, y, width, height. */
    public int[] fullWindow() {
        return new int[] {fullX, fullY, fullWidth, fullHeight};
    }
}
