package org.tilewright;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.tilewright.jni.NativeOutputTarget;

/**
 * One output and every temporary file it makes, decided once at the entry: the final path,
 * its {@link OutputKind}, the temporary file beside it, and a Deep Zoom output's companions
 * (tile folder and viewer page). This is the one owner of those files: it creates the
 * temporary file (and tile folder) up front, so that folder problems surface with the
 * operating system's reason before any work; {@link #commit()} moves them into place;
 * {@link #discard()} removes them.
 *
 * <p>Every temporary artefact's name starts with {@code <name>.tw-partial-<hex>} — the
 * engine's scratch files (pyramid levels) too — so a discard removes everything a failed job
 * made, and a killed process leaves only recognisable names.
 */
final class OutputTarget {
    static final String PARTIAL_MARKER = ".tw-partial-";

    private final Path target;
    private final OutputKind kind;
    private final Path temporary;
    /** {@code <name>.tw-partial-<hex>}: the prefix of every temporary artefact. */
    private final String partialStem;
    private final DeepZoomViewer viewer;
    private boolean committed;

    private OutputTarget(Path target, OutputKind kind, Path temporary, String partialStem, DeepZoomViewer viewer) {
        this.target = target;
        this.kind = kind;
        this.temporary = temporary;
        this.partialStem = partialStem;
        this.viewer = viewer;
    }

    /**
     * Creates the temporary file (and a Deep Zoom output's temporary tile folder) beside
     * {@code target}, for an image of {@code spec} written with {@code options}; throws naming
     * the problem.
     */
    static OutputTarget create(Path target, ImageSpec spec, WriteOptions options) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT, target + ": is a directory, not a file");
        }
        Path folder = absolute.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                    target + ": the folder " + folder + " does not exist");
        }
        OutputKind kind = OutputKind.of(absolute);
        options.requireFits(target, kind);
        String name = absolute.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int attempt = 0; ; attempt++) {
            String stem = name + PARTIAL_MARKER + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
            Path temporary = folder.resolve(stem + extension);
            try {
                Files.createFile(temporary);
                DeepZoomViewer viewer = null;
                if (kind == OutputKind.DEEP_ZOOM) {
                    Files.createDirectory(folder.resolve(stem + "_files"));
                    viewer = new DeepZoomViewer(DeepZoom.tileFolder(absolute).getFileName().toString(),
                            options.deepZoomOrDefaults(), spec);
                }
                return new OutputTarget(absolute, kind, temporary, stem, viewer);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                            target + ": cannot create a temporary file", e);
                }
            } catch (IOException e) {
                new OutputTarget(absolute, kind, temporary, stem, null).discard();
                throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                        target + ": cannot write into " + folder + ": " + describe(e), e);
            }
        }
    }

    /** The final path. */
    Path target() {
        return target;
    }

    OutputKind kind() {
        return kind;
    }

    /** The file being written until {@link #commit()}. */
    Path temporary() {
        return temporary;
    }

    /** A Deep Zoom output's tile folder while it is written. */
    private Path temporaryTileFolder() {
        return temporary.resolveSibling(partialStem + "_files");
    }

    /** A Deep Zoom output's viewer page while it is written. */
    private Path temporaryViewerPage() {
        return temporary.resolveSibling(partialStem + ".html");
    }

    /** The native peer naming these paths; the caller closes it. */
    NativeOutputTarget toNative() {
        NativeOutputTarget n = new NativeOutputTarget(target.toString(), temporary.toString(), kind.code());
        if (kind == OutputKind.DEEP_ZOOM) {
            n.setTileFolder(temporaryTileFolder().toString());
        }
        return n;
    }

    /**
     * Moves the finished output into place, replacing what was there: for Deep Zoom, writes the
     * viewer page and swaps the tile folder and page first (old ones removed). Then removes any
     * scratch file left.
     */
    void commit() {
        try {
            if (kind == OutputKind.DEEP_ZOOM) {
                commitDeepZoomCompanions();
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            discard();
            throw new TilewrightException(TilewrightException.Kind.BAD_OUTPUT,
                    target + ": cannot move the finished file into place: " + describe(e), e);
        }
        removePartials();
    }

    /** Removes every temporary artefact unless committed; never throws. */
    void discard() {
        if (!committed) {
            removePartials();
        }
    }

    private void commitDeepZoomCompanions() throws IOException {
        Path folder = DeepZoom.tileFolder(target);
        viewer.write(temporaryViewerPage());
        Path old = null;
        if (Files.exists(folder)) {
            old = folder.resolveSibling(folder.getFileName() + ".tw-old-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
            Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(temporaryTileFolder(), folder, StandardCopyOption.ATOMIC_MOVE);
        Files.move(temporaryViewerPage(), DeepZoom.viewerPage(target), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Removes every file and folder beside the target whose name starts with the partial stem. */
    private void removePartials() {
        List<Path> partials = new ArrayList<>();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(temporary.getParent(),
                p -> p.getFileName().toString().startsWith(partialStem))) {
            siblings.forEach(partials::add);
        } catch (IOException | RuntimeException ignored) {
            // The folder is gone or unreadable: nothing more can be removed.
        }
        for (Path p : partials) {
            try {
                deleteTree(p);
            } catch (IOException | RuntimeException ignored) {
                // Nothing more can be done; the name marks it as a leftover.
            }
        }
    }

    /** Deletes a file, or a folder and everything in it, if it exists. */
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
