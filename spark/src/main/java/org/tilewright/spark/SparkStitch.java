package org.tilewright.spark;

import org.tilewright.cli.SparkStitchCommand;
import org.tilewright.cli.TilewrightCommand;

/**
 * The job jar's main class, for spark-submit (or scripts/spark-stitch.sh): the stitch of a
 * manifest across a Spark cluster, with the command line's options, messages and exit codes.
 */
public final class SparkStitch {
    private SparkStitch() {}

    public static void main(String[] args) {
        System.exit(TilewrightCommand.run(new SparkStitchCommand(), args));
    }
}
