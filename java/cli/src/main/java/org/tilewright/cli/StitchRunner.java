package org.tilewright.cli;

import java.util.Locale;
import org.tilewright.InputProblem;
import org.tilewright.Layout;
import org.tilewright.StitchJob;
import org.tilewright.StitchOptions;
import org.tilewright.StitchPlan;
import org.tilewright.StitchReport;

/** Runs a planned stitch for a command: dry run or real run, progress, and the result. */
final class StitchRunner {
    private StitchRunner() {}

    static int run(Layout layout, StitchOptions options, OutputOptions out, JobOptions job) {
        return run(layout, job.apply(out.apply(options)), out.output, out.dryRun, job);
    }

    /** As above, with every option already applied to {@code o}. */
    static int run(Layout layout, StitchOptions o, java.nio.file.Path output, boolean dryRun, JobOptions job) {
        StitchJob stitch = StitchJob.plan(output, layout, o);
        if (dryRun) {
            // Exactly a real run's refusals: the output's name, folder and encoder are tried.
            stitch.check();
            System.out.print(stitch.plan().describe());
            for (Layout.Unreadable u : layout.unreadable()) {
                System.out.println("unreadable:        " + u.reason());
            }
            return 0;
        }
        stitch.check();  // refusals of the output (name, codec, tiles, type) before any work or progress
        stitch.plan().warnings().forEach(w -> System.err.println("tilewright: warning: " + w));
        StitchReport report;
        try (Progress progress = job.progress()) {
            report = stitch.run(progress);
        }
        if (job.wantsJsonResult()) {
            System.out.println(resultOf(stitch.plan(), report).toJson());
        } else if (!job.quiet) {
            printSummary(stitch.plan(), report);
        } else {
            // Quiet is silent on a clean success; a skipped or filled input is still a warning.
            report.problems().forEach(p -> System.err.println("tilewright: warning: " + p));
        }
        return 0;
    }

    private static Result resultOf(StitchPlan plan, StitchReport report) {
        return Result.of(report.output(), report.seconds(), plan.outputPixelBytes(),
                report.problems().stream().map(InputProblem::toString).toList());
    }

    /** The text summary on stdout: what was written (read back from the file), time and memory. */
    static void printSummary(StitchPlan plan, StitchReport report) {
        Result result = resultOf(plan, report);
        System.out.printf(Locale.ROOT, "output:      %s%n", result.output());
        System.out.printf(Locale.ROOT, "size:        %d x %d, %d channel(s) %s, %s on disk (%s raw)%n",
                result.width(), result.height(), result.channels(), result.type(), Sizes.bytes(result.bytesOnDisk()),
                Sizes.bytes(plan.outputPixelBytes()));
        System.out.printf(Locale.ROOT, "inputs:      %d placed, %d problem(s), at most %d open at once%n",
                plan.layout().inputs().size(), report.problems().size(), report.peakOpenFiles());
        System.out.printf(Locale.ROOT, "time:        %.2f s (%.0f MB/s of raw output pixels)%n",
                report.seconds(), plan.outputPixelBytes() / 1e6 / Math.max(1e-3, report.seconds()));
        System.out.printf(Locale.ROOT, "peak memory: %s resident (whole JVM process; estimated %s for the stitch)%n",
                Sizes.bytes(result.peakResidentBytes()), Sizes.bytes(plan.estimatedPeakBytes()));
        for (InputProblem p : report.problems()) {
            System.out.println("problem:     " + p);
        }
    }
}
