package org.tilewright.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tilewright.ImageSpec;
import org.tilewright.ImageWriter;
import org.tilewright.PixelType;

/**
 * What crossing from Java into the native writer costs next to writing a row: rows of 4000 RGB
 * pixels (12 000 bytes) written to a deflate TIFF and a PNG through the public API, against the
 * crossing alone — the copy of the row into native memory that {@code writeScanlines(byte[])}
 * makes, plus one JNI call that does no work ({@code unitsWritten()}). Rows cycle through 64
 * photo-like rows (gradients plus noise), so compression does realistic work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CrossingBenchmark {
    static final int WIDTH = 4000;
    static final int HEIGHT = 1_000_000;

    @Param({"tif", "png"})
    public String format;

    private byte[][] rows;
    private ByteBuffer direct;
    private ImageWriter writer;
    private Path folder;
    private int y;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Random random = new Random(7);
        rows = new byte[64][WIDTH * 3];
        for (int r = 0; r < rows.length; r++) {
            for (int x = 0; x < WIDTH; x++) {
                for (int c = 0; c < 3; c++) {
                    int smooth = (x * (c + 1) / 16 + r * 3) & 0xFF;
                    rows[r][x * 3 + c] = (byte) Math.max(0, Math.min(255, smooth + random.nextInt(9) - 4));
                }
            }
        }
        direct = ByteBuffer.allocateDirect(WIDTH * 3).order(ByteOrder.nativeOrder());
        folder = Files.createTempDirectory("tilewright-jmh");
        open();
    }

    private void open() {
        if (writer != null) {
            writer.close();  // unfinished: the partial file is removed
        }
        ImageSpec.Builder b = ImageSpec.builder(WIDTH, HEIGHT, 3, PixelType.UINT8);
        if (format.equals("tif")) {
            b.compression("zip:6");
        }
        writer = ImageWriter.open(folder.resolve("rows." + format), b.build());
        y = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        writer.close();
        Files.deleteIfExists(folder);
    }

    /** A whole row written: checks, copy into native memory, filtering/compression, I/O. */
    @Benchmark
    public void writeRow() {
        if (y == HEIGHT) {
            open();
        }
        writer.writeScanlines(y, y + 1, rows[y & 63]);
        y++;
    }

    /** The crossing alone: the row's copy into native memory and one JNI call doing nothing. */
    @Benchmark
    public long crossingOnly() {
        direct.clear();
        direct.put(rows[y++ & 63]);
        return writer.unitsWritten();
    }
}
