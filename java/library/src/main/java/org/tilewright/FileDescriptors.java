package org.tilewright;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * How many inputs a job may keep open at once under the process's file limit (RLIMIT_NOFILE,
 * {@code ulimit -n}): with a low limit, opening more failed with "too many open files" —
 * which used to count as a missing input and silently dropped good files under --missing skip.
 */
final class FileDescriptors {
    /** Descriptors kept for everything but inputs: the output, pyramid levels, jars, pipes. */
    static final int RESERVED = 24;

    private FileDescriptors() {}

    /**
     * At most {@code requested}, and no more than the descriptors free now less
     * {@link #RESERVED}; throws (LIMIT) if not even one input could be opened.
     */
    static int inputsThatFit(int requested) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
            return requested;
        }
        long limit = unix.getMaxFileDescriptorCount();
        long free = limit - unix.getOpenFileDescriptorCount() - RESERVED;
        if (free < 1) {
            throw new TilewrightException(TilewrightException.Kind.LIMIT, "only " + Math.max(0, free + RESERVED)
                    + " file descriptors are free under the limit of " + limit
                    + " (ulimit -n): too few to open an input besides the output; raise the limit");
        }
        return (int) Math.min(requested, free);
    }
}
