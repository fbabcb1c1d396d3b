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
            "  tilewright generate mandelbrot --size 100000x100000 -o m.tif",
            "  tilewright generate noise --size 8192x8192 --type half --channels 4 -o n.exr",
            "  tilewright generate noise --size 8192x8192 --type half --mipmap -o tex.exr"})
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

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success: no progress, no summary.")
    boolean quiet;

    @Override
    public Integer call() {
        // Unless told: 8 bits, or half for OpenEXR, which stores no 8-bit pixels.
        PixelType type = out.type != null ? out.type
                : org.tilewright.OutputKind.of(out.output) == org.tilewright.OutputKind.OPENEXR ? PixelType.HALF
                : PixelType.UINT8;
        ImageSpec.Builder b = ImageSpec.builder(size.width(), size.height(), out.channels > 0 ? out.channels : 3, type);
        int tile = out.tile != null ? out.tile : org.tilewright.Tilewright.defaultTileSize(out.output, type);
        if (tile > 0) {
            b.tileSize(tile, tile);
        }
        org.tilewright.StitchOptions applied = out.apply(org.tilewright.StitchOptions.defaults());
        applied.attributes().forEach(b::attribute);
        if (applied.channelNames() != null) {
            b.channelNames(applied.channelNames());
        }
        ImageSpec spec = b.build();
        Patterns.forName(pattern, spec);  // reject an unknown name before anything else
        // A resumed run must draw the same pattern: its name is the caller's part of the job's key.
        ImageGenerator generator = new ImageGenerator(spec).writeOptions(applied.writeOptions().withThreads(threads)
                .withResume(out.resume ? "generate " + pattern : null));
        if (out.dryRun) {
            // Exactly a real run's refusals: the output is opened on a temporary file and removed.
            try (org.tilewright.ImageWriter probe = org.tilewright.ImageWriter.open(out.output, spec,
                    applied.writeOptions().withResume(null))) {
                System.out.printf(Locale.ROOT, "output:            %s%ncanvas:            %s%n"
                    + "bands:             %d rows%nmemory:            %s of band buffers (+ about 170 MB for the JVM and OIIO)%n",
                        out.output, spec, generator.effectiveBandRows(), Sizes.bytes(generator.bandMemoryBytes()));
            }
            return 0;
        }
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
        Result result = Result.of(out.output, seconds, spec.imageBytes(), java.util.List.of());
        if ("json".equals(progress) && !quiet) {
            System.out.println(result.toJson());
        } else if (!quiet) {
            System.out.printf(Locale.ROOT, "output:      %s%n", result.output());
            System.out.printf(Locale.ROOT, "size:        %d x %d, %d channel(s) %s, %s on disk (%s raw)%n",
                    result.width(), result.height(), result.channels(), result.type(),
                    Sizes.bytes(result.bytesOnDisk()), Sizes.bytes(spec.imageBytes()));
            System.out.printf(Locale.ROOT, "time:        %.2f s (%.0f MB/s of raw pixels)%n", seconds,
                    spec.imageBytes() / 1e6 / seconds);
            System.out.printf(Locale.ROOT, "peak memory: %s resident (whole JVM process)%n",
                    Sizes.bytes(result.peakResidentBytes()));
        }
        return 0;
    }
}
