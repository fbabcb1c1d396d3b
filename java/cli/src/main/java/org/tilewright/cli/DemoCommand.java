package org.tilewright.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tilewright.Grid;
import org.tilewright.ImageGenerator;
import org.tilewright.ImageSpec;
import org.tilewright.Layout;
import org.tilewright.PixelType;
import org.tilewright.StitchJob;
import org.tilewright.StitchOptions;
import org.tilewright.StitchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main job, needing no input: renders the seed article's gradient as a grid of
 * procedural tiles in a temporary folder, stitches them into one 25000 x 25000 image, reports
 * where it went, how long it took and the peak memory, and removes the tiles.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Make procedural tiles, stitch them into a 25000 x 25000 image, report time and memory.",
        footer = {"", "Examples:", "  tilewright demo", "  tilewright demo --size 50000x50000 --tiles 20x20 -o /data/big.tif"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: ${DEFAULT-VALUE}).")
    Path output = Path.of(System.getProperty("java.io.tmpdir"), "tilewright-demo", "mosaic-25000x25000.tif");

    @Option(names = "--size", paramLabel = "WxH", converter = Sizes.DimensionsConverter.class,
            description = "Image size (default: 25000x25000).")
    Sizes.Dimensions size = new Sizes.Dimensions(25000, 25000);

    @Option(names = "--tiles", paramLabel = "CxR", defaultValue = "10x10",
            description = "Tiles across and down (default: ${DEFAULT-VALUE}).")
    String tiles;

    @Option(names = "--compression", paramLabel = "NAME[:LEVEL]", defaultValue = "zip:4",
            description = "Output compression (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Threads; 0 = all cores.")
    int threads;

    @Option(names = "--keep-tiles", description = "Keep the generated tiles (their folder is printed).")
    boolean keepTiles;

    @Option(names = "--progress", paramLabel = "bar|log|json|none", description = "Progress on stderr.")
    String progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        int[] cr = MontageCommand.pair(tiles, "--tiles");
        if (cr[0] < 1 || cr[1] < 1) {
            throw new IllegalArgumentException("--tiles needs at least 1x1, got " + tiles);
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        Path folder = Files.createTempDirectory("tilewright-demo-tiles-");
        try {
            System.err.printf(Locale.ROOT, "tilewright demo: rendering %d x %d tiles of the seed gradient into %s …%n",
                    cr[0], cr[1], folder);
            long start = System.nanoTime();
            List<Path> paths = renderTiles(folder, cr[0], cr[1]);
            double tileSeconds = (System.nanoTime() - start) / 1e9;
            System.err.printf(Locale.ROOT, "tilewright demo: stitching %d tiles into %d x %d …%n", paths.size(),
                    size.width(), size.height());
            StitchJob job = StitchJob.plan(output, Layout.grid(paths, Grid.of(cr[0], cr[1])),
                    StitchOptions.defaults().withCompression(compression).withThreads(threads));
            StitchReport report;
            try (Progress p = Progress.forMode(quiet ? "none" : progress)) {
                report = job.run(p);
            }
            System.out.printf(Locale.ROOT, "tiles:       %d of %d x %d made in %.2f s (%s)%n", paths.size(),
                    size.width() / cr[0], size.height() / cr[1], tileSeconds,
                    keepTiles ? "kept in " + folder : "removed afterwards");
            StitchRunner.printSummary(job.plan(), report);
            return 0;
        } finally {
            if (!keepTiles) {
                deleteFolder(folder);
            }
        }
    }

    private List<Path> renderTiles(Path folder, int columns, int rows) {
        List<Path> paths = new ArrayList<>();
        int w = size.width();
        int h = size.height();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int x0 = (int) ((long) w * c / columns);
                int x1 = (int) ((long) w * (c + 1) / columns);
                int y0 = (int) ((long) h * r / rows);
                int y1 = (int) ((long) h * (r + 1) / rows);
                ImageSpec spec = ImageSpec.builder(x1 - x0, y1 - y0, 3, PixelType.UINT8)
                        .compression("zip:1").build();
                Path tile = folder.resolve(String.format(Locale.ROOT, "tile_r%03d_c%03d.tif", r, c));
                new ImageGenerator(spec).threads(threads).generate(tile, Patterns.seedGradientRows(w, h, x0, y0, x1 - x0));
                paths.add(tile);
            }
        }
        return paths;
    }

    private static void deleteFolder(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            System.err.println("tilewright demo: could not remove " + folder + ": " + e.getMessage());
        }
    }
}
