package org.tilewright;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders a procedural image of any size to disk: worker threads fill one horizontal band
 * while the calling thread writes the previous one. Memory is two bands, whatever the image's
 * height.
 *
 * <pre>{@code
 * ImageSpec spec = ImageSpec.builder(16000, 16000, 3, PixelType.UINT8).build();
 * new ImageGenerator(spec).generate(Path.of("gradient.png"), (x, y, rgb) -> {
 *     rgb[0] = 255.0 * x / 16000; rgb[1] = 255.0 * y / 16000; rgb[2] = 255 - rgb[0];
 * });
 * }</pre>
 */
public final class ImageGenerator {
    /** Bytes a band aims for: large enough to amortise calls, small enough to stay cheap. */
    static final long TARGET_BAND_BYTES = 4L << 20;

    private final ImageSpec spec;
    private WriteOptions write = WriteOptions.defaults();
    private int threads = write.effectiveThreads();
    private int bandRows;

    /** A generator of images described by {@code spec}. */
    public ImageGenerator(ImageSpec spec) {
        this.spec = spec;
    }

    /**
     * The job's thread budget: this many threads fill bands, and the encoder computes on as
     * many; with 1, filling and writing take turns on one core. 0 means one per core.
     */
    public ImageGenerator threads(int count) {
        return writeOptions(write.withThreads(count));
    }

    /**
     * How the image is written: thread budget, pyramid, Deep Zoom tiles, and whether the job
     * is resumable ({@link WriteOptions#withResume}: a key naming what the function draws).
     */
    public ImageGenerator writeOptions(WriteOptions options) {
        this.write = java.util.Objects.requireNonNull(options, "options");
        this.threads = options.effectiveThreads();
        return this;
    }

    /** Rows per band; 0 (default) picks about 4 MiB, a whole number of tile rows when tiled. */
    public ImageGenerator bandRows(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("band rows must be 0 (automatic) or more, got " + rows);
        }
        this.bandRows = rows;
        return this;
    }

    /** The type a {@link RowFunction} fills: the image's type, except float for half images. */
    public static PixelType rowType(ImageSpec spec) {
        return spec.pixelType() == PixelType.HALF ? PixelType.FLOAT : spec.pixelType();
    }

    /** Rows per band that {@link #generate} will use. */
    public int effectiveBandRows() {
        long rowBytes = spec.width() * (long) spec.channels() * rowType(spec).bytes();
        int rows = bandRows > 0 ? bandRows
                : (int) Math.max(1, Math.min(spec.height(), TARGET_BAND_BYTES / rowBytes));
        if (spec.isTiled()) {
            int th = spec.tileHeight();
            rows = Math.max(th, rows / th * th);
        }
        return Math.min(rows, spec.height());
    }

    /** Peak bytes of band buffers the generator holds (not counting the encoder's own). */
    public long bandMemoryBytes() {
        return 2L * effectiveBandRows() * rowBytes();
    }

    private long rowBytes() {
        return spec.width() * (long) spec.channels() * rowType(spec).bytes();
    }

    /** Renders the image pixel by pixel into {@code path}. */
    public void generate(Path path, PixelFunction pixels) {
        generate(path, pixels, new ProgressListener() {});
    }

    /** Renders the image pixel by pixel, telling {@code listener} after each band. */
    public void generate(Path path, PixelFunction pixels, ProgressListener listener) {
        PixelType type = rowType(spec);
        int channels = spec.channels();
        ThreadLocal<double[]> values = ThreadLocal.withInitial(() -> new double[channels]);
        generate(path, (y, row) -> {
            double[] v = values.get();
            for (int x = 0; x < spec.width(); x++) {
                pixels.pixel(spec.x() + x, y, v);
                for (int c = 0; c < channels; c++) {
                    ValueStore.put(row, type, v[c]);
                }
            }
        }, listener);
    }

    /**
     * Renders the image row by row into {@code path}: while the calling thread writes one band,
     * the workers fill the next (two band buffers, as libvips' disc sink does). On failure or
     * interruption nothing appears under {@code path}.
     */
    public void generate(Path path, RowFunction rows) {
        generate(path, rows, new ProgressListener() {});
    }

    /**
     * As {@link #generate(Path, RowFunction)}, telling {@code listener} (on the calling
     * thread) after each band is handed to the encoder.
     */
    public void generate(Path path, RowFunction rows, ProgressListener listener) {
        int band = effectiveBandRows();
        try (NativeBuffer first = new NativeBuffer(band * rowBytes());
             NativeBuffer second = new NativeBuffer(band * rowBytes())) {
            ByteBuffer[] buffers = {first.buffer(), second.buffer()};
            ExecutorService workers = Executors.newFixedThreadPool(threads, daemonThreads());
            try (ImageWriter out = ImageWriter.open(path, spec, write)) {
                if (write.resumeKey() != null && !out.resumeNotice().isEmpty()) {
                    listener.notice(out.resumeNotice());
                }
                // A resumed job starts below the rows an earlier run kept.
                int top = out.resumeRow();
                int end = spec.y() + spec.height();
                int bandCount = (end - top + band - 1) / band;
                // With one thread, filling the next band waits for the write (one core in all).
                boolean overlap = threads > 1;
                List<Future<?>> filling = bandCount > 0 ? fillBand(workers, rows, buffers[0], top, band) : List.of();
                for (int b = 0; b < bandCount; b++) {
                    int y0 = top + b * band;
                    awaitAll(filling, path);
                    filling = List.of();
                    if (overlap && b + 1 < bandCount) {
                        filling = fillBand(workers, rows, buffers[(b + 1) % 2], y0 + band, band);
                    }
                    writeBand(out, buffers[b % 2], y0, band);
                    if (!overlap && b + 1 < bandCount) {
                        filling = fillBand(workers, rows, buffers[(b + 1) % 2], y0 + band, band);
                    }
                    long done = Math.min((long) y0 + band, end) - spec.y();
                    listener.progress(done, spec.height(), done * rowBytes());
                }
                out.finish();
            } finally {
                // The workers must be gone before the band memory they fill is freed.
                workers.shutdownNow();
                awaitTermination(workers);
            }
        }
    }

    private static void awaitTermination(ExecutorService workers) {
        boolean interrupted = Thread.interrupted();
        try {
            while (!workers.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                // a row function ignoring interrupts; keep waiting, its band is still in use
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void writeBand(ImageWriter out, ByteBuffer buffer, int y0, int band) {
        int y1 = Math.min(y0 + band, spec.y() + spec.height());
        ByteBuffer data = buffer.duplicate().order(ByteOrder.nativeOrder());
        data.clear().limit(Math.toIntExact((y1 - y0) * rowBytes()));
        if (spec.isTiled()) {
            out.writeTiles(spec.x(), spec.x() + spec.width(), y0, y1, data, rowType(spec));
        } else {
            out.writeScanlines(y0, y1, data, rowType(spec));
        }
    }

    /** Starts filling the band from row {@code y0}, its rows split evenly over the workers. */
    private List<Future<?>> fillBand(ExecutorService workers, RowFunction rows, ByteBuffer buffer,
            int y0, int band) {
        int y1 = Math.min(y0 + band, spec.y() + spec.height());
        int share = (y1 - y0 + threads - 1) / threads;
        List<Future<?>> parts = new ArrayList<>();
        for (int from = y0; from < y1; from += share) {
            int to = Math.min(from + share, y1);
            int first = from;
            parts.add(workers.submit(() -> fillRows(rows, buffer, y0, first, to)));
        }
        return parts;
    }

    private void fillRows(RowFunction rows, ByteBuffer buffer, int bandY, int from, int to) {
        long rowBytes = rowBytes();
        for (int y = from; y < to; y++) {
            if (Thread.currentThread().isInterrupted()) {
                return;  // the job is being abandoned
            }
            ByteBuffer row = buffer.duplicate();
            row.clear().position(Math.toIntExact((y - bandY) * rowBytes))
                    .limit(Math.toIntExact((y - bandY + 1) * rowBytes));
            try {
                rows.fill(y, row.slice().order(ByteOrder.nativeOrder()));
            } catch (RuntimeException e) {
                throw new TilewrightException("the row function failed at row " + y + ": " + e, e);
            }
        }
    }

    private static void awaitAll(List<Future<?>> parts, Path path) {
        for (Future<?> part : parts) {
            try {
                part.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TilewrightException(TilewrightException.Kind.INTERRUPTED,
                        path + ": interrupted; nothing was saved", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                throw new TilewrightException(path + ": " + cause.getMessage(), cause);
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "tilewright-generate-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
