package org.tilewright;

/**
 * Hears how a stitch goes. Called on a Tilewright monitor thread (never a native one),
 * about five times a second while rows are written; keep the work short.
 */
public interface ProgressListener {
    /** The job starts with this plan. */
    default void started(StitchPlan plan) {}

    /** {@code rowsDone} of {@code rowsTotal} rows are written ({@code bytesWritten} raw bytes). */
    default void progress(long rowsDone, long rowsTotal, long bytesWritten) {}

    /** The output is in place. */
    default void completed(StitchReport report) {}
}
