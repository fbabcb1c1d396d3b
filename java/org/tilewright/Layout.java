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
            throw new TilewrightException("the layout is empty: no readable input gives the canvas a size");
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
        IntStream.range(0, paths.size()).parallel().forEach(i -> {
            try {
                specs[i] = ImageReader.readSpec(paths.get(i));
            } catch (TilewrightException e) {
                reasons[i] = e.getMessage();
            }
        });
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
        int[] shape = grid.shapeFor(paths.size());
        List<PlacedInput> placed = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            ImageSpec s = specs.get(i);
            if (s == null) {
                continue;
            }
            if (s.width() > cellW || s.height() > cellH) {
                throw new TilewrightException(paths.get(i) + ": is " + s.width() + "x" + s.height()
                        + ", larger than the grid's " + cellW + "x" + cellH + " cells");
            }
            int[] cell = grid.cellOf(i, shape[0], shape[1]);
            long px = (long) cell[0] * (cellW + grid.spacingX) + Grid.offset(grid.alignX, cellW, s.width());
            long py = (long) cell[1] * (cellH + grid.spacingY) + Grid.offset(grid.alignY, cellH, s.height());
            placed.add(new PlacedInput(paths.get(i), Math.toIntExact(px), Math.toIntExact(py), s));
        }
        long w = (long) shape[0] * cellW + (long) (shape[0] - 1) * grid.spacingX;
        long h = (long) shape[1] * cellH + (long) (shape[1] - 1) * grid.spacingY;
        int width = requireCanvas(w, "wide");
        int height = requireCanvas(h, "high");
        return new Layout(placed, unreadable, 0, 0, width, height, 0, 0, width, height);
    }

    /**
     * Explicit placements; the canvas is their bounding box, shifted so that it starts at
     * 0, 0 (use {@link #withCanvas} for a fixed canvas). Higher z composites later.
     */
    public static Layout placements(List<Placement> placements) {
        List<Placement> ordered = new ArrayList<>(placements);
        ordered.sort(Comparator.comparingInt(Placement::z));  // stable: ties keep list order
        List<Unreadable> unreadable = new ArrayList<>();
        List<ImageSpec> specs = readHeaders(ordered.stream().map(Placement::path).toList(), unreadable);
        Bounds bounds = new Bounds();
        for (int i = 0; i < ordered.size(); i++) {
            ImageSpec s = specs.get(i);
            if (s != null) {
                bounds.include(ordered.get(i).x(), ordered.get(i).y(), s);
            }
        }
        if (bounds.isEmpty()) {
            return failEmpty(unreadable);
        }
        List<PlacedInput> placed = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            ImageSpec s = specs.get(i);
            if (s != null) {
                Placement p = ordered.get(i);
                placed.add(new PlacedInput(p.path(), Math.toIntExact(p.x() - bounds.minX),
                        Math.toIntExact(p.y() - bounds.minY), s));
            }
        }
        int width = bounds.width();
        int height = bounds.height();
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
        int x = Math.toIntExact(bounds.minX);
        int y = Math.toIntExact(bounds.minY);
        int w = bounds.width();
        int h = bounds.height();
        return new Layout(placed, unreadable, x, y, w, h, x, y, w, h);
    }

    /** The same inputs on a given canvas (inputs outside it are clipped). */
    public Layout withCanvas(int x, int y, int width, int height) {
        return new Layout(inputs, unreadable, x, y, width, height, x, y, width, height);
    }

    /** The bounding box of images placed at (x, y), in longs so that no sum overflows. */
    private static final class Bounds {
        long minX = Long.MAX_VALUE;
        long minY = Long.MAX_VALUE;
        long maxX = Long.MIN_VALUE;
        long maxY = Long.MIN_VALUE;

        void include(long x, long y, ImageSpec image) {
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x + image.width());
            maxY = Math.max(maxY, y + image.height());
        }

        boolean isEmpty() {
            return minX == Long.MAX_VALUE;
        }

        int width() {
            return requireCanvas(maxX - minX, "wide");
        }

        int height() {
            return requireCanvas(maxY - minY, "high");
        }
    }

    private static Layout failEmpty(List<Unreadable> unreadable) {
        throw new TilewrightException(unreadable.isEmpty() ? "the layout has no inputs"
                : "no input could be read; the first: " + unreadable.get(0).reason());
    }

    private static int requireCanvas(long size, String what) {
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new TilewrightException("the canvas would be " + size + " pixels " + what
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
