package org.tilewright;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The temporary file beside an output: created up front (so folder problems surface with the
 * operating system's reason before any work), renamed over the target on commit, removed on
 * abort. Its name, {@code <name>.tw-partial-<hex>.<ext>}, is recognisable if a killed process
 * leaves it behind, and keeps the extension for plugins that look at it.
 */
final class AtomicOutput {
    static final String PARTIAL_MARKER = ".tw-partial-";

    private final Path target;
    private final Path temporary;
    private boolean committed;

    private AtomicOutput(Path target, Path temporary) {
        this.target = target;
        this.temporary = temporary;
    }

    /** Creates the temporary file beside {@code target}; throws naming the problem. */
    static AtomicOutput create(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new TilewrightException(target + ": is a directory, not a file");
        }
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new TilewrightException(target + ": the folder " + folder + " does not exist");
        }
        String name = absolute.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int attempt = 0; ; attempt++) {
            String tag = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            Path temporary = folder.resolve(name + PARTIAL_MARKER + tag + extension);
            try {
                Files.createFile(temporary);
                return new AtomicOutput(absolute, temporary);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw new TilewrightException(target + ": cannot create a temporary file", e);
                }
            } catch (IOException e) {
                throw new TilewrightException(target + ": cannot write into " + folder + ": "
                        + describe(e), e);
            }
        }
    }

    /** The final path. */
    Path target() {
        return target;
    }

    /** The file being written until {@link #commit()}. */
    Path temporary() {
        return temporary;
    }

    /** Renames the temporary file (and a Deep Zoom output's companions) over the target. */
    void commit() {
        try {
            if (DeepZoom.isDescriptor(target)) {
                commitDeepZoomCompanions();
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            discard();
            throw new TilewrightException(target + ": cannot move the finished file into place: "
                    + describe(e), e);
        }
    }

    /** Removes the temporary file (and companions) unless committed; never throws. */
    void discard() {
        if (committed) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
            if (DeepZoom.isDescriptor(target)) {
                deleteTree(DeepZoom.tileFolder(temporary));
                Files.deleteIfExists(DeepZoom.viewerPage(temporary));
            }
        } catch (IOException | RuntimeException ignored) {
            // Nothing more can be done; the name marks it as a leftover.
        }
    }

    /** Writes the viewer, then swaps the tile folder and page into place (old ones removed). */
    private void commitDeepZoomCompanions() throws IOException {
        Path folder = DeepZoom.tileFolder(target);
        DeepZoomViewer.write(temporary, DeepZoom.viewerPage(temporary), folder.getFileName().toString());
        Path old = null;
        if (Files.exists(folder)) {
            old = folder.resolveSibling(folder.getFileName() + ".tw-old-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
            Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(DeepZoom.tileFolder(temporary), folder, StandardCopyOption.ATOMIC_MOVE);
        Files.move(DeepZoom.viewerPage(temporary), DeepZoom.viewerPage(target), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The operating system's reason, without Java's exception class names. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        String reason = e instanceof java.nio.file.FileSystemException
                ? ((java.nio.file.FileSystemException) e).getReason() : e.getMessage();
        return reason != null ? reason : e.getClass().getSimpleName();
    }
}
