package org.tilewright.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tilewright.BlendMode;
import org.tilewright.Layout;
import org.tilewright.Manifests;
import org.tilewright.StitchOptions;
import org.tilewright.TilewrightException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Explicit placements from a manifest: CSV, JSON, Fiji TileConfiguration.txt or Deadline config. */
@Command(name = "stitch", mixinStandardHelpOptions = true,
        description = "Place images at the positions a manifest gives and blend their overlaps.",
        footer = {"", "Manifests: CSV with a header path,x,y[,z]; JSON [{\"path\",\"x\",\"y\",\"z\"}];",
            "Fiji/ImageJ TileConfiguration.txt (2-D); Deadline Draft tile config (Y from the bottom).",
            "Relative paths resolve against the manifest's folder.", "", "Examples:",
            "  tilewright stitch layout.csv -o out.tif",
            "  tilewright stitch TileConfiguration.txt --blend feather -o slide.tif",
            "  tilewright stitch layout.json --blend max --dry-run -o out.exr"})
class StitchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MANIFEST", description = "The placements.")
    Path manifest;

    @Mixin OutputOptions out;
    @Mixin JobOptions job;

    @Option(names = "--blend", paramLabel = "MODE", defaultValue = "later",
            description = "later, first, over, max, average or feather (default: ${DEFAULT-VALUE}).")
    String blend;

    @Option(names = "--overlap", paramLabel = "PIXELS", defaultValue = "64",
            description = "Feather width for --blend feather (default: ${DEFAULT-VALUE}).")
    int overlap;

    @Option(names = "--background", paramLabel = "COLOR", converter = Colors.class,
            description = "Background: '#rrggbb[aa]' or 'r,g,b[,a]' from 0 to 1.")
    Colors.Color background = Colors.Color.NONE;

    @Option(names = "--canvas", paramLabel = "WxH", converter = Sizes.DimensionsConverter.class,
            description = "Canvas size (default: the placements' bounding box).")
    Sizes.Dimensions canvas;

    @Override
    public Integer call() {
        return StitchRunner.run(layout(), stitchOptions(), out.output, out.dryRun, job);
    }

    /** The manifest's placements, on the canvas asked for. */
    Layout layout() {
        Layout layout;
        try {
            org.tilewright.Manifest placements = Manifests.read(manifest);
            job.requireRecordsFit(placements.placements().size());
            layout = placements.layout();
        } catch (TilewrightException e) {
            // A layout's refusal may name no input (a canvas too large): say whose layout it is.
            if (e.getMessage().contains(manifest.getFileName().toString())) {
                throw e;
            }
            throw new TilewrightException(e.kind(), manifest + ": " + e.getMessage(), e);
        }
        return canvas == null ? layout : layout.withCanvas(0, 0, canvas.width(), canvas.height());
    }

    /** Blend, background, and every output and job option given. */
    StitchOptions stitchOptions() {
        return job.apply(out.apply(background.asBackgroundOf(
                StitchOptions.defaults().withBlend(BlendMode.parse(blend), overlap))));
    }
}
