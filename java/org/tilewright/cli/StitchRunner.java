package org.tilewright.cli;

import java.util.Locale;
import org.tilewright.InputProblem;
import org.tilewright.Layout;
import org.tilewright.StitchJob;
import org.tilewright.StitchOptions;
import org.tilewright.StitchPlan;
import org.tilewright.StitchReport;

/** Runs a planned stitch for a command: dry run or real run, progress, and the summary. */
final class StitchRunner {
    private StitchRunner() {}

    static int run(Layout layout, StitchOptions options, OutputOptions out, JobOptions job) {
        StitchOptions o = job.apply(out.apply(options));
        StitchJob stitch = StitchJob.plan(out.output, layout, o);
        if (out.dryRun) {
            System.out.print(stitch.plan().describe());
            for (Layout.Unreadable u : layout.unreadable()) {
                System.out.println("unreadable:        " + u.reason());
            }
            return 0;
        }
        out.checkOverwrite();
        StitchReport report;
        try (Progress progress = job.progress()) {
            report = stitch.run(progress);
        }
        printSummary(stitch.plan(), report);
        return 0;
    }

    static void printSummary(StitchPlan plan, StitchReport report) {
        long size = Sizes.onDisk(report.output());
        System.out.printf(Locale.ROOT, "output:      %s%n", report.output().toAbsolutePath());
        System.out.printf(Locale.ROOT, "size:        %d x %d, %d channel(s) %s, %s on disk (%s raw)%n",
                plan.outputSpec().width(), plan.outputSpec().height(), plan.outputSpec().channels(),
                plan.outputSpec().pixelType().name().toLowerCase(Locale.ROOT), Sizes.bytes(size),
                Sizes.bytes(plan.outputPixelBytes()));
        System.out.printf(Locale.ROOT, "inputs:      %d placed, %d problem(s), at most %d open at once%n",
                plan.layout().inputs().size(), report.problems().size(), report.peakOpenFiles());
        System.out.printf(Locale.ROOT, "time:        %.2f s (%.0f MB/s of raw output pixels)%n",
                report.seconds(), plan.outputPixelBytes() / 1e6 / Math.max(1e-3, report.seconds()));
        System.out.printf(Locale.ROOT, "peak memory: %s resident (whole JVM process; estimated %s for the stitch)%n",
                Sizes.bytes(ProcessMemory.peakResidentBytes()), Sizes.bytes(plan.estimatedPeakBytes()));
        for (InputProblem p : report.problems()) {
            System.out.println("problem:     " + p);
        }
    }
}
