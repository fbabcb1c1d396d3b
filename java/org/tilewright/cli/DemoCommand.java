package org.tilewright.cli;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tilewright.ImageGenerator;
import org.tilewright.ImageSpec;
import org.tilewright.PixelType;
import org.tilewright.RowFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job: streams the seed article's gradient as a 25000 x 25000 RGB image to
 * disk with no input, and reports where it went, how long it took and the peak memory.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Stream a 25000 x 25000 RGB procedural image to disk and report time and peak memory.",
        footer = {"", "Example:", "  tilewright demo", "  tilewright demo --size 50000x50000 -o /data/big.tif"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, description = "Output file (default: ${DEFAULT-VALUE}).")
    Path output = Path.of(System.getProperty("java.io.tmpdir"), "tilewright-demo",
            "gradient-25000x25000.tif");

    @Option(names = "--size", converter = Sizes.DimensionsConverter.class,
            description = "Image size WIDTHxHEIGHT (default: 25000x25000).")
    Sizes.Dimensions size = new Sizes.Dimensions(25000, 25000);

    @Option(names = "--compression", description = "Compression name[:level] (default: ${DEFAULT-VALUE}).")
    String compression = "zip:4";

    @Option(names = "--threads", description = "Worker threads, 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads = 0;

    @Override
    public Integer call() throws Exception {
        ImageSpec.Builder builder = ImageSpec.builder(size.width(), size.height(), 3, PixelType.UINT8)
                .compression(compression);
        int tile = tileSizeFor(output);
        if (tile > 0) {
            builder.tileSize(tile, tile);
        }
        ImageSpec spec = builder.build();
        Path folder = output.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        System.err.printf(Locale.ROOT, "Streaming a %d x %d RGB gradient (%s raw) to %s …%n",
                spec.width(), spec.height(), Sizes.bytes(spec.imageBytes()), output);
        long start = System.nanoTime();
        new ImageGenerator(spec).threads(threads).generate(output, seedGradient(spec));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "output:      %s%n", output.toAbsolutePath());
        System.out.printf(Locale.ROOT, "size:        %d x %d RGB, %s on disk (%s raw)%n",
                spec.width(), spec.height(), Sizes.bytes(Files.size(output)),
                Sizes.bytes(spec.imageBytes()));
        System.out.printf(Locale.ROOT, "time:        %.2f s (%.0f MB/s of raw pixels)%n", seconds,
                spec.imageBytes() / 1e6 / seconds);
        System.out.printf(Locale.ROOT, "peak memory: %s resident (whole JVM process)%n",
                Sizes.bytes(ProcessMemory.peakResidentBytes()));
        return 0;
    }

    /** 256 for TIFF (the GIS and microscopy habit), 64 for EXR (OpenEXR's), else 0 (rows). */
    private static int tileSizeFor(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tif") || name.endsWith(".tiff")) {
            return 256;
        }
        return name.endsWith(".exr") ? 64 : 0;
    }

    /** The seed's gradient: r = 255 x/w, g = 255 y/h, b = 255 (1 - x/w). */
    static RowFunction seedGradient(ImageSpec spec) {
        int w = spec.width();
        int h = spec.height();
        byte[] red = new byte[w];
        byte[] blue = new byte[w];
        for (int x = 0; x < w; x++) {
            red[x] = (byte) (int) (255.0 * x / w);
            blue[x] = (byte) (int) (255.0 * (1 - (double) x / w));
        }
        return (int y, ByteBuffer row) -> {
            byte green = (byte) (int) (255.0 * y / h);
            for (int x = 0; x < w; x++) {
                row.put(red[x]).put(green).put(blue[x]);
            }
        };
    }
}
