package org.tilewright.cli;

import org.tilewright.MissingPolicy;
import org.tilewright.StitchOptions;
import org.tilewright.StitchPlan;
import picocli.CommandLine.Option;

/** Options for how a job spends memory, threads and files, and how it reports. */
final class JobOptions {
    @Option(names = "--memory", paramLabel = "SIZE", converter = ByteSizes.class,
            description = "Memory budget for the stitch (default: 256M).")
    Long memory;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Threads the job computes on at once: decoding, compositing and encoding;"
                    + " 0 = all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-open-files", paramLabel = "N", defaultValue = "64",
            description = "Most inputs open at once (default: ${DEFAULT-VALUE}).")
    int maxOpenFiles;

    @Option(names = "--missing", paramLabel = "fail|skip|fill", defaultValue = "fail",
            description = "Unreadable inputs: fail, skip, or fill with background (default: ${DEFAULT-VALUE}).")
    String missing;

    @Option(names = "--progress", paramLabel = "bar|log|json|none",
            description = "Progress on stderr: a bar on a terminal, log lines otherwise (default), "
                    + "JSON lines for pipelines, or none.")
    String progress;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on success: no progress, no summary.")
    boolean quiet;

    /** Applies budget, threads, files and the missing policy to stitch options. */
    StitchOptions apply(StitchOptions o) {
        if (memory != null) {
            o = o.withMemoryBudget(memory);
        }
        return o.withThreads(threads).withMaxOpenFiles(maxOpenFiles)
                .withMissingPolicy(MissingPolicy.parse(missing));
    }

    /** Refuses, before any header is read, more inputs than the budget can keep records of. */
    void requireRecordsFit(int inputs) {
        StitchPlan.requireRecordsFit(inputs, memory != null ? memory : StitchOptions.DEFAULT_MEMORY_BYTES);
    }

    /** Whether stdout gets one JSON result object instead of the summary (--progress json). */
    boolean wantsJsonResult() {
        return !quiet && "json".equals(progress);
    }

    /** The renderer the options ask for. */
    Progress progress() {
        return Progress.forMode(quiet ? "none" : progress);
    }
}
