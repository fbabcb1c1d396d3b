package org.tilewright;

/**
 * The one unchecked exception of Tilewright: a failed read, write or job. Its message names the
 * file and the cause ({@code "out.tif: rows out of order: …"}); the native layer throws it too.
 */
public class TilewrightException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}, which already names the file. */
    public TilewrightException(String message) {
        super(message);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public TilewrightException(String message, Throwable cause) {
        super(message, cause);
    }
}
