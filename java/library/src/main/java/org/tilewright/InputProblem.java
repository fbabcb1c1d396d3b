package org.tilewright;

import java.nio.file.Path;

/**
 * An input a stitch could not use, and what it did instead.
 *
 * @param path the input
 * @param reason why it could not be used, as the reader reported it
 * @param action "skipped" or "filled with background"
 */
public record InputProblem(Path path, String reason, String action) {
    @Override
    public String toString() {
        return path + ": " + action + " (" + reason + ")";
    }
}
