package org.tilewright.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.tilewright.ImageGenerator;
import org.tilewright.ImageSpec;
import org.tilewright.PixelType;
import org.tilewright.RowFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Procedural images of any size, type and format, without inputs. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a procedural image (" + Patterns.NAMES + ") of any size.",
        footer = {"", "Examples:",
            "  tilewright generate gradient --size 16000x16000 -o g.png",
            "  tilewright generate mandelbrot --size 100000x100000 --compression zip:4 -o m.tif",
            "  tilewright generate noise --size 8192x8192 --type half --channels 4 -o n.exr",
            "  tilewright generate noise --size 8192x8192 --type half --mipmap -o texture.exr"})
final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PATTERN", description = "One of: " + Patterns.NAMES + ".")
    String pattern;

    @Option(names = "--size", required = true, paramLabel = "WxH", converter = Sizes.DimensionsConverter.class,
            description = "Image size.")
    Sizes.Dimensions size;

    @Mixin OutputOptions out;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads the job computes on at once (filling rows and encoding); 0 = all cores"
                    + " (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--progress", paramLabel = "bar|log|json|none", description = "Progress on stderr.")
    String progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
        ImageSpec.Builder b = ImageSpec.builder(size.width(), size.height(),
                out.channels > 0 ? out.channels : 3, out.type != null ? out.type : PixelType.UINT8);
        int tile = out.tile != null ? out.tile : org.tilewright.Tilewright.defaultTileSize(out.output,
                out.type != null ? out.type : PixelType.UINT8);
        if (tile > 0) {
            b.tileSize(tile, tile);
        }
        org.tilewright.StitchOptions applied = out.apply(org.tilewright.StitchOptions.defaults());
        applied.attributes().forEach(b::attribute);
        ImageSpec spec = b.build();
        Patterns.forName(pattern, spec);  // reject an unknown name before anything else
        ImageGenerator generator = new ImageGenerator(spec)
                .writeOptions(applied.writeOptions().withThreads(threads));
        if (out.dryRun) {
            System.out.printf(Locale.ROOT, "output:            %s%ncanvas:            %s%n"
                    + "bands:             %d rows%nmemory:            %s of band buffers (+ about 170 MB for the JVM and OIIO)%n",
                    out.output, spec, generator.effectiveBandRows(), Sizes.bytes(generator.bandMemoryBytes()));
            return 0;
        }
        out.checkOverwrite();
        long start = System.nanoTime();
        try (Progress p = Progress.forMode(quiet ? "none" : progress)) {
            RowFunction rows = Patterns.rowsFor(pattern, spec);
            if (rows != null) {
                generator.generate(out.output, rows, p);
            } else {
                generator.generate(out.output, Patterns.forName(pattern, spec), p);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long onDisk = Sizes.onDisk(out.output);
        System.out.printf(Locale.ROOT, "output:      %s%n", out.output.toAbsolutePath());
        System.out.printf(Locale.ROOT, "size:        %s, %s on disk (%s raw)%n", spec, Sizes.bytes(onDisk),
                Sizes.bytes(spec.imageBytes()));
        System.out.printf(Locale.ROOT, "time:        %.2f s (%.0f MB/s of raw pixels)%n", seconds,
                spec.imageBytes() / 1e6 / seconds);
        System.out.printf(Locale.ROOT, "peak memory: %s resident (whole JVM process)%n",
                Sizes.bytes(ProcessMemory.peakResidentBytes()));
        return 0;
    }
}
