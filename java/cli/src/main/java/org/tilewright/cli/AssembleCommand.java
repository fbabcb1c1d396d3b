package org.tilewright.cli;

import java.util.concurrent.Callable;
import org.tilewright.BlendMode;
import org.tilewright.Layout;
import org.tilewright.StitchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Render buckets placed by their own data windows into the full frame. */
@Command(name = "assemble", mixinStandardHelpOptions = true,
        description = "Assemble render buckets (EXR data windows, TIFF positions) into the full frame.",
        footer = {"", "The output keeps the buckets' display window; frame areas no bucket covers",
            "are transparent black.", "", "Examples:",
            "  tilewright assemble buckets/*.exr -o frame.exr",
            "  tilewright assemble --inputs-from buckets.txt --compression piz -o frame.exr"})
final class AssembleCommand implements Callable<Integer> {
    @Mixin InputList inputs;
    @Mixin OutputOptions out;
    @Mixin JobOptions job;

    @Option(names = "--blend", paramLabel = "MODE", defaultValue = "later",
            description = "How overlapping buckets combine (default: ${DEFAULT-VALUE}).")
    String blend;

    @Override
    public Integer call() {
        java.util.List<java.nio.file.Path> paths = inputs.paths();
        job.requireRecordsFit(paths.size());
        return StitchRunner.run(Layout.dataWindows(paths),
                StitchOptions.defaults().withBlend(BlendMode.parse(blend)), out, job);
    }
}
