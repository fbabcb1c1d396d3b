package org.tilewright.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.tilewright.ProgressListener;
import org.tilewright.StitchPlan;
import org.tilewright.StitchReport;

/**
 * Renders a job's progress on stderr: a bar on a terminal, a log line every tenth of the job
 * otherwise, JSON lines (rows, MB/s, ETA, peak memory) for pipelines, or nothing.
 */
abstract class Progress implements ProgressListener, AutoCloseable {
    protected final PrintStream err = System.err;
    protected final long startNanos = System.nanoTime();

    /** The renderer for {@code mode}; null picks a bar on a terminal and log lines elsewhere. */
    static Progress forMode(String mode) {
        String m = mode == null ? (System.console() != null ? "bar" : "log") : mode;
        switch (m) {
            case "bar": return new Bar();
            case "log": return new Log();
            case "json": return new Json();
            case "none": return new None();
            default:
                throw new IllegalArgumentException("--progress takes bar, log, json or none, not '" + mode + "'");
        }
    }

    /** Whether this renderer prints a summary too. */
    boolean speaks() {
        return true;
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A resumable job's one line (continuing, or starting over and why): said in every mode, like warnings. */
    @Override
    public synchronized void notice(String message) {
        err.println("tilewright: " + message);
    }

    @Override
    public void close() {}

    static final class None extends Progress {
        @Override
        boolean speaks() {
            return false;
        }
    }

    static final class Bar extends Progress {
        private ProgressBar bar;

        @Override
        public synchronized void progress(long rows, long total, long bytes) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("rows").setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        .setConsumer(new ConsoleProgressBarConsumer(err)).showSpeed().build();
            }
            bar.stepTo(rows);
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    static final class Log extends Progress {
        private long lastTenth = -1;

        @Override
        public void started(StitchPlan plan) {
            err.printf(Locale.ROOT, "tilewright: %d inputs into %d x %d, bands of %d rows, estimated peak %.0f MB%n",
                    plan.layout().inputs().size(), plan.outputSpec().width(), plan.outputSpec().height(),
                    plan.bandHeight(), plan.estimatedPeakBytes() / 1e6);
        }

        @Override
        public synchronized void progress(long rows, long total, long bytes) {
            long tenth = total == 0 ? 10 : rows * 10 / total;
            if (tenth != lastTenth) {
                lastTenth = tenth;
                err.printf(Locale.ROOT, "tilewright: %3d%% %d/%d rows, %.0f MB/s%n", tenth * 10, rows, total,
                        bytes / 1e6 / Math.max(1e-3, seconds()));
            }
        }
    }

    static final class Json extends Progress {
        private long lastMillis = -1;

        @Override
        public void started(StitchPlan plan) {
            err.printf(Locale.ROOT, "{\"event\":\"started\",\"inputs\":%d,\"width\":%d,\"height\":%d,"
                    + "\"band_rows\":%d,\"estimated_peak_mb\":%.1f}%n", plan.layout().inputs().size(),
                    plan.outputSpec().width(), plan.outputSpec().height(), plan.bandHeight(),
                    plan.estimatedPeakBytes() / 1e6);
        }

        @Override
        public synchronized void progress(long rows, long total, long bytes) {
            long millis = (System.nanoTime() - startNanos) / 1_000_000;
            if (rows < total && millis - lastMillis < 1000 && lastMillis >= 0) {
                return;
            }
            lastMillis = millis;
            double s = Math.max(1e-3, seconds());
            double eta = rows == 0 ? -1 : s * (total - rows) / rows;
            err.printf(Locale.ROOT, "{\"event\":\"progress\",\"rows_done\":%d,\"rows_total\":%d,"
                    + "\"mb_written\":%.1f,\"mb_per_s\":%.1f,\"eta_s\":%.1f,\"peak_rss_mb\":%.1f}%n",
                    rows, total, bytes / 1e6, bytes / 1e6 / s, eta, ProcessMemory.peakResidentBytes() / 1e6);
        }

        @Override
        public synchronized void notice(String message) {
            err.printf(Locale.ROOT, "{\"event\":\"notice\",\"message\":\"%s\"}%n",
                    message.replace("\\", "\\\\").replace("\"", "\\\""));
        }

        @Override
        public void completed(StitchReport report) {
            err.printf(Locale.ROOT, "{\"event\":\"completed\",\"output\":\"%s\",\"seconds\":%.2f,"
                    + "\"problems\":%d}%n", report.output().toString().replace("\\", "\\\\").replace("\"", "\\\""),
                    report.seconds(), report.problems().size());
        }

        @Override
        boolean speaks() {
            return false;
        }
    }
}
