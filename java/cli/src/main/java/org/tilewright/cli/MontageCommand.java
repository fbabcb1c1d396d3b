package org.tilewright.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.tilewright.Grid;
import org.tilewright.Layout;
import org.tilewright.StitchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A grid of images, as ImageMagick's {@code montage -tile CxR -geometry +X+Y} makes. */
@Command(name = "montage", mixinStandardHelpOptions = true,
        description = "Join images in a grid into one image, in bounded memory.",
        footer = {"", "Examples:",
            "  tilewright montage --grid 10x10 tiles/*.png -o huge.tif",
            "  tilewright montage --grid 20x --spacing 8 @tiles.txt -o sheet.png",
            "  find scans -name '*.tif' | sort | tilewright montage --order snake --inputs-from - -o slide.tif",
            "  # with levels for QuPath, GDAL…; as Deep Zoom with a viewer page:",
            "  tilewright montage --grid 10x10 tiles/*.png --pyramid -o slide.tif",
            "  tilewright montage --grid 10x10 tiles/*.png -o slide.dzi"})
final class MontageCommand implements Callable<Integer> {
    @Mixin InputList inputs;
    @Mixin OutputOptions out;
    @Mixin JobOptions job;

    @Option(names = "--grid", paramLabel = "CxR",
            description = "Columns x rows; leave one out (10x) to derive it (default: square).")
    String grid;

    @Option(names = "--cell", paramLabel = "WxH", converter = Sizes.DimensionsConverter.class,
            description = "Cell size (default: the largest input).")
    Sizes.Dimensions cell;

    @Option(names = "--spacing", paramLabel = "N|XxY", defaultValue = "0",
            description = "Pixels between cells (default: ${DEFAULT-VALUE}).")
    String spacing;

    @Option(names = "--background", paramLabel = "COLOR", converter = Colors.class,
            description = "Background: '#rrggbb[aa]' or 'r,g,b[,a]' from 0 to 1 (default: black, transparent).")
    Colors.Color background = Colors.Color.NONE;

    @Option(names = "--align", paramLabel = "center|start|end", defaultValue = "center",
            description = "Where smaller inputs sit in their cell (default: ${DEFAULT-VALUE}).")
    String align;

    @Option(names = "--order", paramLabel = "row|column|snake", defaultValue = "row",
            description = "How inputs fill the cells (default: ${DEFAULT-VALUE}).")
    String order;

    @Override
    public Integer call() {
        int[] cr = grid == null ? new int[] {0, 0} : counts(grid, "--grid");
        int[] gap = spacing.toLowerCase(Locale.ROOT).contains("x") ? pair(spacing, "--spacing")
                : new int[] {Integer.parseInt(spacing.trim()), Integer.parseInt(spacing.trim())};
        Grid.Align a = switch (align) {
            case "center" -> Grid.Align.CENTER;
            case "start" -> Grid.Align.START;
            case "end" -> Grid.Align.END;
            default -> throw new IllegalArgumentException("--align takes center, start or end, not '" + align + "'");
        };
        Grid.Order o = switch (order) {
            case "row" -> Grid.Order.ROW_MAJOR;
            case "column" -> Grid.Order.COLUMN_MAJOR;
            case "snake" -> Grid.Order.SNAKE;
            default -> throw new IllegalArgumentException("--order takes row, column or snake, not '" + order + "'");
        };
        Grid g = Grid.of(cr[0], cr[1]).withSpacing(gap[0], gap[1]).withAlign(a, a).withOrder(o);
        if (cell != null) {
            g = g.withCell(cell.width(), cell.height());
        }
        java.util.List<java.nio.file.Path> paths = inputs.paths();
        job.requireRecordsFit(paths.size());
        Layout layout = Layout.grid(paths, g);
        return StitchRunner.run(layout, background.asBackgroundOf(StitchOptions.defaults()), out, job);
    }

    /** As {@link #pair}, but a count given must be at least 1 and one must be given. */
    static int[] counts(String text, String option) {
        int[] cr = pair(text, option);
        String[] parts = text.toLowerCase(Locale.ROOT).split("x", -1);
        boolean zeroGiven = (!parts[0].isBlank() && cr[0] == 0) || (!parts[1].isBlank() && cr[1] == 0);
        if (zeroGiven || cr[0] + cr[1] == 0) {
            throw new IllegalArgumentException(option + " takes counts of at least 1 (either may be left out), not '"
                    + text + "'");
        }
        return cr;
    }

    /** "10x10", "10x" or "x4" into {10, 10}, {10, 0}, {0, 4}. */
    static int[] pair(String text, String option) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x", -1);
        try {
            if (parts.length == 2) {
                int a = parts[0].isBlank() ? 0 : Integer.parseInt(parts[0].trim());
                int b = parts[1].isBlank() ? 0 : Integer.parseInt(parts[1].trim());
                if (a >= 0 && b >= 0) {
                    return new int[] {a, b};
                }
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException(option + " takes AxB (either may be left out), not '" + text + "'");
    }
}
