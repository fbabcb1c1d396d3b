package org.tilewright;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key a resumable job's journal is made under: a digest of everything that decides the
 * bytes written — Tilewright's and OpenImageIO's versions, the spec, the pyramid, and the
 * caller's own key (for a stitch, its inputs as they are on disk). A journal under another
 * key is of another job, so it is discarded rather than continued.
 */
final class ResumeKeys {
    private ResumeKeys() {}

    /** The key of writing {@code spec} with {@code options} (which carry the caller's key). */
    static String of(ImageSpec spec, WriteOptions options) {
        StringBuilder job = new StringBuilder();
        job.append("tilewright ").append(Tilewright.VERSION)
                .append("\nopenimageio ").append(Tilewright.openImageIOVersion())
                .append("\nspec ").append(spec)
                .append("\nwindow ").append(spec.x()).append(',').append(spec.y())
                .append(" full ").append(spec.fullX()).append(',').append(spec.fullY()).append(' ')
                .append(spec.fullWidth()).append('x').append(spec.fullHeight())
                .append("\nchannels ").append(spec.channelNames()).append(" alpha ").append(spec.alphaChannel())
                .append("\npyramid ").append(options.pyramid())
                .append("\njob ").append(options.resumeKey());
        return sha256(job.toString());
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
