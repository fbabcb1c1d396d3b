package org.tilewright.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What a task tells the driver of its band: the inputs the missing-input policy skipped or
 * filled (by path, as the command line prints them), where and how fast it ran — or, when an
 * input stopped it, the failure's kind and message (the same file would fail a retry the
 * same way, so it is reported rather than retried).
 */
public record BandOutcome(int band, Map<String, String> problems, String executor, double seconds,
        String failureKind, String failure) implements Serializable {
    /** Whether the band was rendered. */
    public boolean succeeded() {
        return failure == null;
    }
}
