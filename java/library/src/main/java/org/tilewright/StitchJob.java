package org.tilewright;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tilewright.jni.NativeOutputOptions;
import org.tilewright.jni.NativeOutputTarget;
import org.tilewright.jni.NativeSpec;
import org.tilewright.jni.NativeStitcher;

/**
 * One stitch: many inputs pasted into one output, written band by band by the native engine
 * in bounded memory. Plan it, optionally look at the plan, run it; {@link #cancel()} from
 * another thread (or interrupting the running thread) stops it within a band, and a failed
 * or cancelled job leaves nothing under the output's name.
 *
 * <pre>{@code
 * Layout layout = Layout.grid(tiles, Grid.of(10, 10).withSpacing(8, 8));
 * StitchReport report = StitchJob.plan(Path.of("huge.tif"), layout,
 *         StitchOptions.defaults().withCompression("zip:4")).run();
 * }</pre>
 */
public final class StitchJob {
    private static final long POLL_MILLIS = 200;

    private final StitchPlan plan;
    /** Guards {@link #running}: cancel() must never reach a stitcher that was freed. */
    private final Object lock = new Object();
    private volatile boolean cancelled;
    private NativeStitcher running;

    private StitchJob(StitchPlan plan) {
        this.plan = plan;
    }

    /** Plans the stitch (reads nothing but what the layout already read). */
    public static StitchJob plan(Path output, Layout layout, StitchOptions options) {
        return of(StitchPlan.create(output, layout, options));
    }

    /** The job of a plan already made (BandedStitch's whole canvas). */
    static StitchJob of(StitchPlan plan) {
        return new StitchJob(plan);
    }

    /** The plan: output spec, bands, memory estimate. */
    public StitchPlan plan() {
        return plan;
    }

    /**
     * Everything a run checks before its first pixel, writing nothing that stays: the
     * output's name (existing file, folder) and the encoder's acceptance of the spec, tiles
     * and compression — it is opened on a temporary file, which is then removed. A dry run
     * calls this, so it refuses what the real run would.
     */
    public void check() {
        // Not as a resumable job: the probe must neither take nor replay an earlier run's files.
        WriteOptions probing = plan.options().writeOptions().withResume(null);
        try (ImageWriter probe = ImageWriter.open(plan.output(), plan.outputSpec(), probing)) {
            // opened: accepted; closing without finish() removes the temporary file
        }
    }

    /** Runs the stitch without a listener. */
    public StitchReport run() {
        return run(new ProgressListener() {});
    }

    /**
     * Runs the stitch on this thread; {@code listener} hears from a monitor thread. Throws
     * {@link TilewrightException} naming the file at fault; nothing is then left behind.
     */
    public StitchReport run(ProgressListener listener) {
        if (cancelled) {
            throw stopped(TilewrightException.Kind.CANCELLED, null, false);
        }
        long start = System.nanoTime();
        WriteOptions write = plan.options().writeOptions();
        if (write.resumeKey() != null) {
            write = write.withResume(write.resumeKey() + plan.resumeDescription());
        }
        OutputTarget output = OutputTarget.create(plan.output(), plan.outputSpec(), write);
        Thread caller = Thread.currentThread();
        List<PixelSource> sources = plan.layout().inputs().stream().filter(PlacedInput::isSource)
                .map(PlacedInput::pixels).toList();
        PixelSourceCalls sourceCalls = sources.isEmpty() ? null : new PixelSourceCalls(sources);
        // Listed before the stitcher, so closed after it: the stitch calls it to its end.
        try (sourceCalls;
             NativeSpec spec = NativeSpecs.toNative(plan.outputSpec());
             NativeOutputTarget target = output.toNative();
             NativeOutputOptions nativeOptions = write.toNative(plan.outputSpec());
             NativeStitcher stitcher = new NativeStitcher(target, spec, nativeOptions)) {
            if (sourceCalls != null) {
                stitcher.setSourceReader(sourceCalls);
            }
            configure(stitcher);
            listener.started(plan);
            synchronized (lock) {
                running = stitcher;
                if (cancelled) {
                    stitcher.cancel();
                }
            }
            AtomicBoolean noticeTold = new AtomicBoolean(!output.resumable());
            Thread monitor = startMonitor(stitcher, caller, listener, noticeTold);
            try {
                stitcher.run();
            } finally {
                // Before the native stitcher is freed: the monitor reads its counters.
                stopMonitor(monitor);
                tellNotice(stitcher, listener, noticeTold);  // a job too short for the monitor to see it
                synchronized (lock) {
                    running = null;
                }
            }
            listener.progress(stitcher.rowsTotal(), stitcher.rowsTotal(), stitcher.bytesWritten());
            output.commit();
            StitchReport report = new StitchReport(plan.output(), stitcher.rowsDone(),
                    stitcher.bytesWritten(), (System.nanoTime() - start) / 1e9,
                    stitcher.peakOpenFiles(), stitcher.reopenings(), problems(stitcher, sourceCalls));
            listener.completed(report);
            return report;
        } catch (TilewrightException e) {
            // The engine reports a stop as a failure to finish; who stopped it is known here.
            RuntimeException sourceFailure = sourceFailure(e, sourceCalls);
            if (sourceFailure != null) {
                throw new TilewrightException(e.kind(), e.getMessage() + ": " + sourceFailure, sourceFailure);
            }
            if (caller.isInterrupted()) {
                throw stopped(TilewrightException.Kind.INTERRUPTED, e, output.keptForResume());
            }
            if (cancelled) {
                throw stopped(TilewrightException.Kind.CANCELLED, e, output.keptForResume());
            }
            throw e;
        } finally {
            output.discard();
        }
    }

    private TilewrightException stopped(TilewrightException.Kind kind, Throwable cause, boolean kept) {
        String how = kind == TilewrightException.Kind.INTERRUPTED ? "interrupted" : "cancelled";
        String after = kept ? "; what was written is kept: run the same job again to continue" : "; nothing was saved";
        return new TilewrightException(kind, plan.output() + ": " + how + after, cause);
    }

    /** Stops a running stitch at its next piece, or a later run before it starts. */
    public void cancel() {
        synchronized (lock) {
            cancelled = true;
            if (running != null) {
                running.cancel();
            }
        }
    }

    /** The exception a pixel source threw, when the engine's error {@code e} is that source's failure. */
    private static RuntimeException sourceFailure(TilewrightException e, PixelSourceCalls calls) {
        return calls == null || e.getMessage() == null || !e.getMessage().contains(SOURCE_FAILED) ? null
                : calls.anyFailure();
    }

    /** The engine's words when a pixel source's read failed (native piece_reader.cpp). */
    private static final String SOURCE_FAILED = "its pixel source failed";

    private void configure(NativeStitcher stitcher) {
        StitchOptions o = plan.options();
        OutputKind kind = OutputKind.of(plan.output());  // a native lookup: once, not per input
        int sourceIndex = 0;
        for (PlacedInput in : plan.layout().inputs()) {
            if (in.isSource()) {
                stitcher.addSourceInput(sourceIndex++, in.path().toString(), in.x(), in.y(), in.spec().width(),
                        in.spec().height(), in.spec().channels(), in.spec().pixelType().code(),
                        in.spec().hasStraightAlpha());
                float gamma = StitchPlan.linearDecoding(kind, in.spec());
                if (gamma != 0) {
                    stitcher.setLastInputDecoding(gamma);
                }
                continue;
            }
            stitcher.addCroppedInput(in.path().toString(), in.x(), in.y(), in.source().width(), in.source().height(),
                    in.spec().channels(), in.source().x(), in.source().y(), in.spec().width(), in.spec().height(),
                    in.spec().hasStraightAlpha());
            float gamma = StitchPlan.linearDecoding(kind, in.spec());
            if (gamma != 0) {
                stitcher.setLastInputDecoding(gamma);
            }
            if (in.shiftX() != 0 || in.shiftY() != 0) {
                stitcher.setLastInputShift((float) in.shiftX(), (float) in.shiftY());
            }
        }
        for (ImageSpec part : plan.laterParts()) {
            try (NativeSpec nativePart = NativeSpecs.toNative(part)) {
                stitcher.addPart(nativePart);
            }
        }
        stitcher.setBlend(o.blend.ordinal(), o.featherWidth);
        double[] background = plan.background();
        for (int c = 0; c < background.length; c++) {
            stitcher.setBackground(c, (float) background[c]);
        }
        stitcher.setBandHeight(plan.bandHeight());
        stitcher.setMaxOpenFiles(FileDescriptors.inputsThatFit(o.maxOpenFiles));  // under ulimit -n, now
        stitcher.setMissingPolicy(o.missing.ordinal());
        stitcher.setScratchBytes(plan.scratchBytes());
    }

    private List<InputProblem> problems(NativeStitcher stitcher, PixelSourceCalls sources) {
        List<InputProblem> problems = new ArrayList<>();
        String action = plan.options().missing.action();
        for (Layout.Unreadable u : plan.layout().unreadable()) {
            problems.add(new InputProblem(u.path(), u.reason(), action));
        }
        List<PlacedInput> sourceInputs = plan.layout().inputs().stream().filter(PlacedInput::isSource).toList();
        for (int i = 0; i < stitcher.problemCount(); i++) {
            String path = stitcher.problemPath(i);
            String reason = stitcher.problemReason(i);
            for (int k = 0; sources != null && k < sourceInputs.size(); k++) {
                if (sourceInputs.get(k).path().toString().equals(path) && sources.failureOf(k) != null) {
                    reason = reason + ": " + sources.failureOf(k);  // what the source itself said
                }
            }
            problems.add(new InputProblem(Path.of(path), reason, action));
        }
        return problems;
    }

    /** Polls progress for the listener and turns an interrupt of the caller into a cancel. */
    private Thread startMonitor(NativeStitcher stitcher, Thread caller, ProgressListener listener,
            AtomicBoolean noticeTold) {
        Thread t = new Thread(() -> {
            long lastRows = -1;
            while (!Thread.currentThread().isInterrupted()) {
                if (caller.isInterrupted()) {
                    stitcher.cancel();
                }
                tellNotice(stitcher, listener, noticeTold);
                long rows = stitcher.rowsDone();
                if (rows != lastRows) {
                    lastRows = rows;
                    try {
                        listener.progress(rows, stitcher.rowsTotal(), stitcher.bytesWritten());
                    } catch (RuntimeException e) {
                        // A listener's failure must not stop the job.
                    }
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "tilewright-stitch-monitor");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Tells the listener a resumable job's notice once, when the engine has one. */
    private static void tellNotice(NativeStitcher stitcher, ProgressListener listener,
            AtomicBoolean told) {
        if (told.get()) {
            return;
        }
        String notice = stitcher.resumeNotice();  // set once the output is open
        if (!notice.isEmpty() && told.compareAndSet(false, true)) {
            try {
                listener.notice(notice);
            } catch (RuntimeException e) {
                // A listener's failure must not stop the job.
            }
        }
    }

    private static void stopMonitor(Thread monitor) {
        if (monitor == null) {
            return;
        }
        monitor.interrupt();
        boolean interrupted = Thread.interrupted();  // join even if our own thread was interrupted
        try {
            monitor.join();
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "StitchJob[%s, %d inputs]", plan.output(),
                plan.layout().inputs().size());
    }
}
