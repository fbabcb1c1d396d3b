package org.tilewright;

/**
 * Hears how a stitch goes. Called on a Tilewright monitor thread (never a native one),
 * about five times a second while rows are written; keep the work short.
 */
public interface ProgressListener {
    /** The job starts with this plan. */
    default void started(StitchPlan plan) {}

    /**
     * One line worth telling the user, e.g. that a resumable job continues an earlier run
     * ("continuing: 17408 of 25000 rows were written by an earlier run") or starts over and why.
     */
    default void notice(String message) {}

    /** {@code rowsDone} of {@code rowsTotal} rows are written ({@code bytesWritten} raw bytes). */
    default void progress(long rowsDone, long rowsTotal, long bytesWritten) {}

    /** The output is in place. */
    default void completed(StitchReport report) {}
}
