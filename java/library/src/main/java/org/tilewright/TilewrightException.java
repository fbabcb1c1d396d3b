package org.tilewright;

/**
 * The one unchecked exception of Tilewright: a failed read, write or job. Its message names the
 * file and the cause ({@code "out.tif: rows out of order: …"}); its {@link #kind()} says what
 * sort of failure it is, so that callers (and the CLI's exit codes) never read the message.
 */
public class TilewrightException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What sort of failure an exception reports. */
    public enum Kind {
        /** An input could not be read or is not what the job expected. */
        BAD_INPUT,
        /** The output could not be written, placed or replaced (folder, disk, format). */
        BAD_OUTPUT,
        /** A request that cannot be carried out as given (options, layout, sizes). */
        BAD_ARGUMENT,
        /** A size or memory limit would be exceeded. */
        LIMIT,
        /** The job was cancelled through its API. */
        CANCELLED,
        /** The job's thread was interrupted (a signal, in the CLI). */
        INTERRUPTED,
        /**
         * The native library cannot load: OpenImageIO 2.4 (or another library it needs) is
         * missing, or it could not be unpacked; the message says which.
         */
        NATIVE_LIBRARY,
        /** A failure reported by the native engine or a codec, described by the message. */
        FAILED
    }

    /** What sort of failure this is. */
    private final Kind kind;

    /**
     * A failure described by {@code message}, which already names the file. The native layer
     * throws through this constructor (JavaCPP passes one string), putting the kind in front
     * as {@code "\u001FBAD_INPUT\u001F"}; a message without that mark is {@link Kind#FAILED}.
     */
    public TilewrightException(String message) {
        this(kindIn(message), withoutKind(message), null);
    }

    /** A failure described by {@code message}, caused by {@code cause}. */
    public TilewrightException(String message, Throwable cause) {
        this(Kind.FAILED, message, cause);
    }

    /** A failure of {@code kind} described by {@code message}. */
    public TilewrightException(Kind kind, String message) {
        this(kind, message, null);
    }

    /** A failure of {@code kind} described by {@code message}, caused by {@code cause}. */
    public TilewrightException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = java.util.Objects.requireNonNull(kind, "kind");
    }

    /// The mark around the kind in messages from native code (error.h); a control character
    /// no file name or cause contains.
    private static final char KIND_MARK = '\u001F';

    private static Kind kindIn(String message) {
        int end = message == null || message.isEmpty() || message.charAt(0) != KIND_MARK ? -1
                : message.indexOf(KIND_MARK, 1);
        if (end < 0) {
            return Kind.FAILED;
        }
        try {
            return Kind.valueOf(message.substring(1, end));
        } catch (IllegalArgumentException unknown) {
            return Kind.FAILED;
        }
    }

    private static String withoutKind(String message) {
        int end = message == null || message.isEmpty() || message.charAt(0) != KIND_MARK ? -1
                : message.indexOf(KIND_MARK, 1);
        return end < 0 ? message : message.substring(end + 1);
    }

    /** What sort of failure this is. */
    public Kind kind() {
        return kind;
    }

    /** Whether the job stopped because it was cancelled or interrupted, not because it failed. */
    public boolean isStop() {
        return kind == Kind.CANCELLED || kind == Kind.INTERRUPTED;
    }
}
