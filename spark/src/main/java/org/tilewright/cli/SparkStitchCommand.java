package org.tilewright.cli;

import java.nio.file.Path;
import java.util.List;
import org.tilewright.BandedStitch;
import org.tilewright.OutputKind;
import org.tilewright.StitchOptions;
import org.tilewright.spark.SparkStitchJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The stitch command as a Spark job: the same manifest and options as {@code tilewright
 * stitch} (it is that command, with its options inherited), plus how many bands to cut the
 * canvas into. It lives in the command line's package to share its option classes.
 */
@Command(name = "spark-stitch", mixinStandardHelpOptions = true,
        description = {"Stitch a manifest on a Spark cluster: each task renders a band of the canvas, "
                + "and the driver joins the bands into one tiled TIFF or OME-Zarr store, the output "
                + "`tilewright stitch` writes."},
        footer = {"", "Takes every option of 'tilewright stitch'; a TIFF's --tile defaults to 256 (it is tiled).",
            "Paths must be reachable from every executor (a shared file system).", "", "Examples:",
            "  scripts/spark-stitch.sh --executors 2 layout.csv --pyramid -o mosaic.tif",
            "  spark-submit --class org.tilewright.spark.SparkStitch tilewright-spark.jar layout.csv -o out.tif"})
public final class SparkStitchCommand extends StitchCommand {
    /// The tile side when none is given: a banded output is tiled.
    private static final int DEFAULT_TILE = 256;

    @Option(names = "--bands", paramLabel = "N",
            description = "Bands the canvas is cut into, one Spark task each (default: 4 per core of the cluster).")
    Integer bands;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return new SparkStitchJob(this, spec.commandLine().getParseResult().originalArgs()).run();
    }

    /**
     * The command as an executor rebuilds it from the driver's arguments, with the manifest
     * and the output as the driver resolved them (executors run in folders of their own).
     */
    public static SparkStitchCommand parse(List<String> args, Path manifest, Path output) {
        SparkStitchCommand command = new SparkStitchCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        command.manifest = manifest;
        command.out.output = output;
        return command;
    }

    /**
     * The stitch cut into about {@code bandCount} bands, as every process plans it, computed
     * on {@code threads} threads (0: every core).
     */
    public BandedStitch plan(int bandCount, int threads) {
        StitchOptions options = stitchOptions().withThreads(threads);
        if (out.tile == null && OutputKind.of(out.output.toAbsolutePath()) == OutputKind.TIFF) {
            options = options.withTileSize(DEFAULT_TILE);
        }
        return BandedStitch.plan(out.output, layout(), options, bandCount);
    }

    /** The bands asked for with --bands; null for the default. */
    public Integer bands() {
        return bands;
    }

    /** The manifest, absolute. */
    public Path manifest() {
        return manifest.toAbsolutePath();
    }

    /** The output, absolute. */
    public Path output() {
        return out.output.toAbsolutePath();
    }

    /** Bytes the output takes on disk (an OME-Zarr folder's files summed), as the command line counts them. */
    public long outputBytesOnDisk() {
        return Sizes.onDisk(output());
    }

    /** Threads asked for with --threads (0: as many as the task has cores). */
    public int threads() {
        return job.threads;
    }

    /** Whether nothing is printed on success. */
    public boolean quiet() {
        return job.quiet;
    }

    /** Whether only the plan is printed. */
    public boolean dryRun() {
        return out.dryRun;
    }
}
